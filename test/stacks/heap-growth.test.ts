import { describe, expect, it } from "vitest";
import { boundHeapGrowthForSynthesis } from "../../src/stacks/heap-growth";

describe("heap growth during synthesis", () => {
  it("keeps the heap settings node was started with", () => {
    expect(boundHeapGrowthForSynthesis(["--max-old-space-size=1400"], "")).toBe(false);
    expect(boundHeapGrowthForSynthesis(["--max_old_space_size=900"], "")).toBe(false);
    expect(boundHeapGrowthForSynthesis(["--heap-growing-percent=0"], "")).toBe(false);
    expect(boundHeapGrowthForSynthesis([], "--max-old-space-size=3000")).toBe(false);
    expect(boundHeapGrowthForSynthesis(["--import", "tsx"], "--enable-source-maps --max-heap-size=2000")).toBe(false);
  });

  it("bounds the growth otherwise", () => {
    expect(boundHeapGrowthForSynthesis(["--import", "tsx"], "--enable-source-maps")).toBe(true);
    expect(boundHeapGrowthForSynthesis([], "")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { enablePhaseTimings, phaseTimings, timed, timedAsync } from "../../src/profile/phases";

describe("phase timings", () => {
  it("records nothing until enabled, then sums each phase in the order phases first ran", async () => {
    expect(timed("load", () => 1)).toBe(1);
    expect(phaseTimings()).toEqual([]);
    enablePhaseTimings();
    timed("load", () => undefined);
    await timedAsync("schema", async () => undefined);
    timed("load", () => undefined);
    expect(phaseTimings().map((p) => p.phase)).toEqual(["load", "schema"]);
    for (const p of phaseTimings()) {
      expect(p.wallMs).toBeGreaterThanOrEqual(0);
      expect(p.cpuMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("passes a failure through and still records the phase that failed", () => {
    enablePhaseTimings();
    expect(() =>
      timed("rule IDAC-X-001", () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(phaseTimings().some((p) => p.phase === "rule IDAC-X-001")).toBe(true);
  });
});

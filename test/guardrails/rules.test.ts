import { describe, expect, it } from "vitest";
import { runGuardrails } from "../../src/guardrails/engine";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { ROOT } from "./example-copy";

const TODAY = "2026-11-22";

/** Findings the bundled example has on purpose (warnings and info the organisation accepts today). */
const EXAMPLE_FINDINGS = ["IDAC-CA-006", "IDAC-CA-008", "IDAC-CA-024", "IDAC-CA-026"];

// Each rule is proven on small catalogs of its own in rule-proofs.test.ts; this is the end-to-end check of the example.
describe("the bundled example", () => {
  it("has no error-level finding, and only the accepted warnings and info", async () => {
    const { catalog, issues } = await loadCatalog(ROOT);
    expect(
      issues.filter((i) => i.severity === "error"),
      JSON.stringify(issues),
    ).toEqual([]);
    const all = runGuardrails(catalog!, { today: TODAY }).findings;
    expect(all.filter((f) => f.level === "error")).toEqual([]);
    expect([...new Set(all.map((f) => f.rule))].sort()).toEqual(EXAMPLE_FINDINGS);
  });
});

import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/guardrails/engine";
import { caPolicies, CA_FILE, findingsOf, lineOf, policy, smallCatalog } from "../helpers/small-catalog";
import type { RuleCase } from "./small-catalogs/case";
import { ACCESS_GOVERNANCE_CASES } from "./small-catalogs/access-governance";
import { CONDITIONAL_ACCESS_CASES } from "./small-catalogs/conditional-access";
import { HYGIENE_CASES } from "./small-catalogs/hygiene";
import { LIFECYCLE_AND_METHODS_CASES } from "./small-catalogs/lifecycle-and-methods";
import { PRIVILEGED_ACCESS_CASES } from "./small-catalogs/privileged-access";
import { SEGREGATION_OF_DUTIES_CASES } from "./small-catalogs/segregation-of-duties";
import { GOVERNANCE_CASES } from "./small-catalogs/governance";

const CASES: RuleCase[] = [
  ...CONDITIONAL_ACCESS_CASES,
  ...PRIVILEGED_ACCESS_CASES,
  ...ACCESS_GOVERNANCE_CASES,
  ...HYGIENE_CASES,
  ...SEGREGATION_OF_DUTIES_CASES,
  ...LIFECYCLE_AND_METHODS_CASES,
  ...GOVERNANCE_CASES,
];

const ruleOf = (id: string) => {
  const rule = ALL_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
};

describe("each rule, on a small catalog", () => {
  it.each(CASES.map((c) => [`${c.rule}${c.name ? ` (${c.name})` : ""}`, c] as const))(
    "%s fails on the minimal bad catalog at the entry concerned and passes on its fix",
    async (_, c) => {
      const rule = ruleOf(c.rule);
      const broken = await findingsOf(rule, c.fail, c.base ? { base: c.base.fail } : {});
      const line = lineOf(c.fail, c.at.file, c.at.line);
      expect(
        broken.map((f) => ({ entry: f.entry.id, file: f.file, line: f.line })),
        JSON.stringify(broken, null, 1),
      ).toEqual([{ entry: c.at.id, file: c.at.file, line }]);
      expect(await findingsOf(rule, c.pass, c.base ? { base: c.base.pass } : {}), `${c.rule} should pass on the fixed catalog`).toEqual([]);
    },
  );

  it("covers every rule of every pack", () => {
    expect(ALL_RULES.map((r) => r.id).filter((id) => !CASES.some((c) => c.rule === id))).toEqual([]);
  });
});

describe("baseline rules (IDAC-CA-001, IDAC-CA-005)", () => {
  it.each([
    ["a device filter", "deviceFilter: { mode: exclude, rule: 'device.isCompliant -eq True' }", "devices not matching its device filter"],
    ["insider risk", "insiderRiskLevels: [elevated]", "insider risk elevated"],
  ])("do not count a policy narrowed by %s", async (_, condition, narrowing) => {
    const files = smallCatalog(
      caPolicies(
        policy("ca001", `clientAppTypes: [exchangeActiveSync, other]\n${condition}\ngrant: { block: true }`),
        policy("ca008", `${condition}\ngrant: { controls: [mfa] }`),
      ),
    );
    // The legacy-authentication block is a near miss named with its narrowing; the MFA baseline is missing.
    const legacy = await findingsOf(ruleOf("IDAC-CA-001"), files);
    expect(legacy.map((f) => [f.entry.id, f.line])).toEqual([["ca001", lineOf(files, CA_FILE, "- id: ca001")]]);
    expect(legacy[0]!.message).toContain(`applies only to ${narrowing}`);
    expect((await findingsOf(ruleOf("IDAC-CA-005"), files)).map((f) => f.entry.id)).toEqual(["test"]);
  });
});

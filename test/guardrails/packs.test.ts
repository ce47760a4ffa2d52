import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES, runGuardrails } from "../../src/guardrails/engine";
import type { Rule } from "../../src/guardrails/types";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { RETIRED_RULES } from "../../src/guardrails/packs";
import { rulesMarkdown } from "../../src/reports/rules-doc";
import { writeCatalog } from "../helpers/catalog";
import { caPolicies, policy, ROLES_FILE, smallCatalog } from "../helpers/small-catalog";
import { ROOT } from "./example-copy";

describe("rule packs", () => {
  it("pin every rule ID and level (IDs are never reused; a change here is a change for every catalog)", () => {
    expect(Object.fromEntries(ALL_RULES.map((r) => [r.id, `${r.pack}/${r.level}`]))).toEqual({
      "IDAC-CA-001": "conditional-access/error",
      "IDAC-CA-002": "conditional-access/error",
      "IDAC-CA-003": "conditional-access/error",
      "IDAC-CA-004": "conditional-access/error",
      "IDAC-CA-005": "conditional-access/error",
      "IDAC-CA-006": "conditional-access/info",
      "IDAC-CA-007": "conditional-access/error",
      "IDAC-CA-008": "conditional-access/warning",
      "IDAC-CA-009": "conditional-access/error",
      "IDAC-CA-010": "conditional-access/error",
      "IDAC-CA-011": "conditional-access/error",
      "IDAC-CA-012": "conditional-access/error",
      "IDAC-CA-013": "conditional-access/error",
      "IDAC-CA-014": "conditional-access/error",
      "IDAC-CA-015": "conditional-access/error",
      "IDAC-CA-016": "conditional-access/error",
      "IDAC-CA-017": "conditional-access/error",
      "IDAC-CA-018": "conditional-access/error",
      "IDAC-CA-019": "conditional-access/error",
      "IDAC-CA-020": "conditional-access/error",
      "IDAC-CA-021": "conditional-access/error",
      "IDAC-CA-022": "conditional-access/warning",
      "IDAC-CA-023": "conditional-access/warning",
      "IDAC-CA-024": "conditional-access/info",
      "IDAC-CA-025": "conditional-access/warning",
      "IDAC-CA-026": "conditional-access/warning",
      "IDAC-CA-027": "conditional-access/warning",
      "IDAC-CA-029": "conditional-access/error",
      "IDAC-CA-030": "conditional-access/error",
      "IDAC-CA-031": "conditional-access/error",
      "IDAC-CA-032": "conditional-access/error",
      "IDAC-CA-033": "conditional-access/error",
      "IDAC-CA-034": "conditional-access/error",
      "IDAC-PRIV-001": "privileged-access/error",
      "IDAC-PRIV-002": "privileged-access/error",
      "IDAC-PRIV-003": "privileged-access/warning",
      "IDAC-PRIV-004": "privileged-access/error",
      "IDAC-PRIV-005": "privileged-access/error",
      "IDAC-PRIV-006": "privileged-access/error",
      "IDAC-PRIV-007": "privileged-access/error",
      "IDAC-PRIV-008": "privileged-access/error",
      "IDAC-PRIV-009": "privileged-access/error",
      "IDAC-PRIV-010": "privileged-access/warning",
      "IDAC-PRIV-011": "privileged-access/error",
      "IDAC-PRIV-012": "privileged-access/error",
      "IDAC-PRIV-013": "privileged-access/error",
      "IDAC-PRIV-014": "privileged-access/error",
      "IDAC-PRIV-015": "privileged-access/error",
      "IDAC-GOV-001": "access-governance/warning",
      "IDAC-GOV-002": "access-governance/error",
      "IDAC-GOV-003": "access-governance/error",
      "IDAC-GOV-004": "access-governance/error",
      "IDAC-GOV-005": "access-governance/error",
      "IDAC-GOV-006": "access-governance/warning",
      "IDAC-GOV-007": "access-governance/warning",
      "IDAC-GOV-009": "access-governance/warning",
      "IDAC-GOV-010": "access-governance/error",
      "IDAC-GOV-011": "access-governance/warning",
      "IDAC-GOV-012": "access-governance/error",
      "IDAC-GOV-013": "access-governance/error",
      "IDAC-GOV-014": "access-governance/warning",
      "IDAC-GOV-015": "access-governance/warning",
      "IDAC-HYG-001": "hygiene/warning",
      "IDAC-HYG-002": "hygiene/info",
      "IDAC-HYG-003": "hygiene/warning",
      "IDAC-HYG-004": "hygiene/error",
      "IDAC-HYG-005": "hygiene/error",
      "IDAC-HYG-006": "hygiene/warning",
      "IDAC-HYG-007": "hygiene/warning",
      "IDAC-HYG-008": "hygiene/warning",
      "IDAC-HYG-009": "hygiene/warning",
      "IDAC-SOD-001": "segregation-of-duties/error",
      "IDAC-SOD-002": "segregation-of-duties/error",
      "IDAC-SOD-003": "segregation-of-duties/error",
      "IDAC-SOD-004": "segregation-of-duties/warning",
      "IDAC-AUTH-001": "authentication-methods/error",
      "IDAC-AUTH-002": "authentication-methods/error",
      "IDAC-JML-001": "lifecycle-workflows/error",
      "IDAC-PRIV-016": "privileged-access/error",
      "IDAC-PRIV-017": "privileged-access/error",
      "IDAC-SOD-005": "segregation-of-duties/warning",
    });
  });

  it("pin the rules that protect the tenant itself (their level cannot be lowered below error)", () => {
    expect(ALL_RULES.filter((r) => r.protectsTenant).map((r) => r.id)).toEqual([
      "IDAC-CA-001",
      "IDAC-CA-005",
      "IDAC-CA-007",
      "IDAC-CA-011",
      "IDAC-CA-012",
      "IDAC-CA-015",
      "IDAC-CA-032",
      "IDAC-CA-033",
      "IDAC-CA-034",
      "IDAC-PRIV-001",
      "IDAC-PRIV-004",
      "IDAC-PRIV-006",
      "IDAC-PRIV-009",
      "IDAC-PRIV-011",
      "IDAC-GOV-004",
      "IDAC-SOD-001",
    ]);
    for (const r of ALL_RULES.filter((x) => x.protectsTenant)) expect(r.level, r.id).toBe("error");
  });

  it("have complete metadata: a 'should' title, rationale, remediation, a YAML example", () => {
    for (const r of ALL_RULES) {
      expect(r.title, r.id).toMatch(/ should /);
      expect(r.rationale.length, r.id).toBeGreaterThan(20);
      expect(r.remediation.length, r.id).toBeGreaterThan(20);
      expect(r.example.length, r.id).toBeGreaterThan(10);
    }
  });

  it("cite the public baselines", () => {
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(40);
    expect(ALL_RULES.filter((r) => r.references.some((x) => x.startsWith("MS.AAD."))).length).toBeGreaterThanOrEqual(12);
    expect(ALL_RULES.filter((r) => r.references.some((x) => x.startsWith("MT."))).length).toBeGreaterThanOrEqual(15);
  });

  it("are documented in docs/RULES.md as generated (run `npx idac rules --builtin --format md > docs/RULES.md`)", async () => {
    expect(await readFile(path.join(ROOT, "docs/RULES.md"), "utf8")).toBe(rulesMarkdown(ALL_RULES));
  });

  it("report a rule that throws as UNKNOWN at error level, never as a pass", async () => {
    const { catalog } = await loadCatalog(ROOT);
    const broken: Rule = {
      ...ALL_RULES[0]!,
      id: "IDAC-CA-999",
      level: "info",
      check: () => {
        throw new Error("boom");
      },
    };
    const { findings } = runGuardrails(catalog!, { today: "2026-11-22", rules: [broken] });
    expect(findings).toEqual(
      ["dev", "prod"].map((env) =>
        expect.objectContaining({
          rule: "IDAC-CA-999",
          status: "unknown",
          level: "error",
          environments: [env],
          file: `environments/${env}.yaml`,
          message: expect.stringMatching(/boom.*UNKNOWN/),
        }),
      ),
    );
  });
});

describe("retired rule IDs", () => {
  it("are never given to a rule again, and docs/RULES.md lists them", async () => {
    expect(RETIRED_RULES.map((r) => r.id)).toEqual(["IDAC-CA-028", "IDAC-GOV-008"]);
    for (const r of RETIRED_RULES)
      expect(
        ALL_RULES.map((x) => x.id),
        r.id,
      ).not.toContain(r.id);
    const doc = await readFile(path.join(ROOT, "docs/RULES.md"), "utf8");
    for (const r of RETIRED_RULES) expect(doc).toContain(`| ${r.id} | ${r.title} |`);
  });

  it.each([
    [
      "a conditional access policy including an undeclared group (IDAC-CA-028)",
      caPolicies(policy("ca206", "grant: { controls: [mfa] }", { users: "{ include: { groups: [fin-gone] } }" })),
    ],
    [
      "an access package granting an undeclared group (IDAC-GOV-008)",
      {
        [ROLES_FILE]:
          "accessPackageCatalogs:\n  - { id: cat, displayName: Cat, description: Cat " +
          "}\nbusinessRoles:\n  - id: r\n    displayName: R\n    description: R\n    owners: " +
          "[a@example.org, b@example.org]\n    entitlements: { groups: [fin-gone] }\n    " +
          "assignment: { type: request, catalog: cat, approval: { stages: [{ approvers: " +
          "[c@example.org] }] }, expiry: { afterDays: 30 } }\n",
      },
    ],
  ])("checked what validation refuses first: %s", async (_, files) => {
    const { issues } = await loadCatalog(await writeCatalog(smallCatalog(files), { withEnvironment: false }));
    expect(issues.map((i) => [i.code, i.message])).toEqual([["CATALOG_UNKNOWN_REFERENCE", expect.stringContaining("'fin-gone' is not declared")]]);
  });

  it("fail validation when a suppression or a level still names one, saying why the rule was retired", async () => {
    const guardrails =
      "guardrails:\n  levels:\n    - { rule: IDAC-GOV-008, level: warning }\n  " +
      "suppressions:\n    - { rule: IDAC-CA-028, reason: Deleted groups are cleaned up next " +
      "quarter, expires: 2026-12-31, entry: test }\n";
    const { catalog } = await loadCatalog(await writeCatalog(smallCatalog({ "policies/guardrails.yaml": guardrails }), { withEnvironment: false }));
    const { issues } = runGuardrails(catalog!, { today: "2026-11-22" });
    expect(issues.map((i) => [i.code, i.line, i.message])).toEqual([
      [
        "GUARDRAIL_UNKNOWN_RULE",
        3,
        expect.stringMatching(
          /names rule 'IDAC-GOV-008' \(Access packages should grant only groups that exist\), which was retired: .*CATALOG_UNKNOWN_REFERENCE/,
        ),
      ],
      ["GUARDRAIL_UNKNOWN_RULE", 5, expect.stringMatching(/names rule 'IDAC-CA-028' .*which was retired/)],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { runGuardrails } from "../../src/guardrails/engine";
import type { Finding } from "../../src/guardrails/types";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { exampleWith, type Patch } from "./example-copy";

const GLOBAL = "policies/conditional-access/global.yaml";
const CA001 = `  - id: ca001-block-legacy-authentication
    displayName: CA001-Global-AttackSurfaceReduction-AllApps-AnyPlatform-Block-LegacyAuthentication
    description: Legacy clients cannot do MFA; block Exchange ActiveSync and other legacy protocols
    state: enabled
    users: { include: { all: true } }
`;
const SCANNERS_GROUP: Patch = {
  file: "roles/ict.yaml",
  find: "groups:\n",
  replace:
    "groups:\n  - id: svc-legacy-scanners\n    displayName: ICT Legacy scanners\n    " +
    "description: Scanners that still send mail over legacy protocols\n    owners: " +
    "[li.wei@meridian.org, sofia.alvarez@meridian.org]\n    membership: { type: assigned }\n",
};

async function findings(patches: readonly Patch[]): Promise<Finding[]> {
  const { catalog, issues } = await loadCatalog(await exampleWith(patches));
  expect(
    issues.filter((i) => i.severity === "error"),
    JSON.stringify(issues),
  ).toEqual([]);
  return [...runGuardrails(catalog!, { today: "2026-11-22" }).findings];
}

describe("one finding per root cause", () => {
  it("reports a missing legacy-authentication policy once per rule and environment, not once per persona and sign-in", async () => {
    const all = await findings([
      {
        file: GLOBAL,
        find: CA001 + "    applications: { include: [All] }\n    clientAppTypes: [exchangeActiveSync, other]\n    grant: { block: true }\n",
        replace: "",
      },
    ]);
    const legacy = all.filter((f) => ["IDAC-CA-001", "IDAC-CA-002", "IDAC-CA-032"].includes(f.rule));
    expect(legacy.map((f) => `${f.rule} ${f.file} [${f.environments.join(",")}]`).sort()).toEqual([
      "IDAC-CA-001 environments/dev.yaml [dev]",
      "IDAC-CA-001 environments/prod.yaml [prod]",
      "IDAC-CA-002 environments/dev.yaml [dev]",
      "IDAC-CA-002 environments/prod.yaml [prod]",
      "IDAC-CA-032 environments/dev.yaml [dev]",
      "IDAC-CA-032 environments/prod.yaml [prod]",
    ]);
    const gap = legacy.find((f) => f.rule === "IDAC-CA-032" && f.environments[0] === "prod")!;
    expect(gap.message).toMatch(
      new RegExp(
        [
          "^No policy blocks legacy clients \\(exchangeActiveSync and other\\): they ",
          "are not blocked for Field staff member, Nairobi, Finance staff member ",
          "\\(Geneva\\), Global Administrator \\(role activated\\), Regional helpdesk ",
          "administrator \\(role activated\\), HR officer with personnel files access ",
          "and 2 more in \\d+ sign-in\\(s\\), e\\.g\\. Office365 from exchangeActiveSync ",
          "on windows",
        ].join(""),
      ),
    );
    expect(gap.controls).toEqual(["MS.AAD.1.1", "MT.1009"]);
  });

  it(
    "names the policy and the exclusion when a baseline policy excludes a group: " + "MS.AAD.1.1 counts only policies that exclude nobody but break-glass",
    async () => {
      const all = await findings([
        SCANNERS_GROUP,
        {
          file: GLOBAL,
          find: CA001,
          replace: CA001.replace(
            "    users: { include: { all: true } }\n",
            "    users: { include: { all: true }, exclude: { groups: [svc-legacy-scanners] } }\n",
          ),
        },
      ]);
      const f = all.filter((x) => x.rule === "IDAC-CA-001");
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({
        file: GLOBAL,
        line: 4,
        entry: { section: "conditionalAccessPolicies", id: "ca001-block-legacy-authentication" },
        environments: ["dev", "prod"],
        controls: ["MS.AAD.1.1", "MT.1009"],
      });
      expect(f[0]!.message).toBe(
        "ca001-block-legacy-authentication blocks legacy authentication but excludes group " +
          "svc-legacy-scanners: MS.AAD.1.1 counts only policies that exclude nobody but the " +
          "break-glass accounts.",
      );
      expect(all.filter((x) => x.rule === "IDAC-CA-002")[0]!.message).toBe(
        "ca001-block-legacy-authentication blocks Exchange ActiveSync clients but excludes " +
          "group svc-legacy-scanners: MT.1010 counts only policies that exclude nobody but the " +
          "break-glass accounts.",
      );
    },
  );

  it("names a report-only baseline policy instead of calling it missing", async () => {
    const all = await findings([{ file: GLOBAL, find: CA001, replace: CA001.replace("    state: enabled\n", "    state: reportOnly\n") }]);
    expect(all.filter((x) => x.rule === "IDAC-CA-001").map((x) => [x.message, x.environments])).toEqual([
      [
        "ca001-block-legacy-authentication blocks legacy authentication but is report-only in environment 'dev': MS.AAD.1.1 counts only enabled policies.",
        ["dev", "prod"],
      ],
    ]);
  });

  it("traces a coverage gap to the policy whose exclusion opens it, for the persona in the excluded group", async () => {
    const all = await findings([
      SCANNERS_GROUP,
      {
        file: GLOBAL,
        find: CA001,
        replace: CA001.replace(
          "    users: { include: { all: true } }\n",
          "    users: { include: { all: true }, exclude: { groups: [svc-legacy-scanners] } }\n",
        ),
      },
      {
        file: "policies/personas.yaml",
        find: "personas:\n",
        replace: "personas:\n  - id: scanner\n    displayName: Legacy scanner account\n    groups: [svc-legacy-scanners]\n",
      },
    ]);
    const gaps = all.filter((x) => x.rule === "IDAC-CA-032");
    expect(gaps.map((g) => [g.entry.id, g.environments])).toEqual([["ca001-block-legacy-authentication", ["dev", "prod"]]]);
    expect(gaps[0]!.message).toMatch(
      new RegExp(
        [
          "^ca001-block-legacy-authentication blocks legacy clients but excludes ",
          "group svc-legacy-scanners: legacy clients are not blocked for Legacy scanner ",
          "account in \\d+ sign-in\\(s\\)",
        ].join(""),
      ),
    );
  });
});

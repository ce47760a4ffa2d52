import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { OWNERS, writeCatalog } from "../helpers/catalog";

const grp = (id: string, membership = "{ type: assigned }", extra = "") =>
  `  - id: ${id}\n    displayName: ${id}\n    description: d\n    owners: ${OWNERS}\n    membership: ${membership}\n${extra}`;
const role = (id: string, entitlements: string, assignment = "") =>
  `  - id: ${id}\n    displayName: ${id}\n    description: d\n    owners: ${OWNERS}\n    entitlements: ${entitlements}\n${assignment}`;

describe("resolveCatalog", () => {
  it.each([
    {
      label: "two groups share an ID",
      files: { "roles/a.yaml": `groups:\n${grp("g1")}`, "roles/b.yaml": `groups:\n${grp("g1")}` },
      code: "CATALOG_DUPLICATE_ID",
      file: "roles/b.yaml",
      line: 2,
      message: /Duplicate group ID 'g1': already declared at roles\/a.yaml:2/,
    },
    {
      label: "a role grants a group that does not exist",
      files: { "roles/a.yaml": `groups:\n${grp("fin-ap")}businessRoles:\n${role("r1", "{ groups: [fin-app] }")}` },
      code: "CATALOG_UNKNOWN_REFERENCE",
      file: "roles/a.yaml",
      line: 12,
      message: /Group 'fin-app' is not declared/,
      hint: /Did you mean 'fin-ap'/,
    },
    {
      label: "business roles include each other",
      files: { "roles/a.yaml": `businessRoles:\n${role("r1", "{ roles: [r2] }")}${role("r2", "{ roles: [r1] }")}` },
      code: "CATALOG_ROLE_CYCLE",
      file: "roles/a.yaml",
      line: 11,
      message: /r1 → r2 → r1/,
    },
    {
      label: "a directory role name is misspelt",
      files: {
        "roles/p.yaml":
          "privilegedRoles:\n  - id: ga\n    directoryRole: Global Admin\n    group: { " +
          "displayName: PIM GA, description: d, owners: [a@b.org] }\n    activation: { " +
          "maxDurationHours: 1 }\n",
      },
      code: "CATALOG_UNKNOWN_DIRECTORY_ROLE",
      file: "roles/p.yaml",
      line: 3,
      message: /'Global Admin' is not a built-in/,
      hint: /Global Administrator/,
    },
    {
      label: "a role grants a dynamic group",
      files: { "roles/a.yaml": `groups:\n${grp("dyn", "{ type: dynamic, when: { department: Finance } }")}businessRoles:\n${role("r1", "{ groups: [dyn] }")}` },
      code: "CATALOG_INVALID_REFERENCE",
      file: "roles/a.yaml",
      line: 12,
      message: /dynamic/,
    },
    {
      label: "an app role does not exist on its application",
      files: {
        "roles/a.yaml":
          `applications:\n  - id: erp\n    displayName: ERP\n    clientId: ` +
          `22222222-2222-2222-2222-222222222222\n    appRoles: [{ id: ap-clerk, appRoleId: ` +
          `33333333-3333-3333-3333-333333333333 }]\nbusinessRoles:\n` +
          `${role("r1", "{ appRoles: [erp/ap-clerck] }")}`,
      },
      code: "CATALOG_UNKNOWN_REFERENCE",
      file: "roles/a.yaml",
      line: 11,
      message: /no app role 'ap-clerck'/,
      hint: /erp\/ap-clerk/,
    },
    {
      label: "an environment override names an unknown policy",
      files: {
        "environments/prod.yaml":
          "environments:\n  - id: prod\n    tenantId: " +
          "11111111-1111-1111-1111-111111111112\n    breakGlass: { accounts: " +
          "[aaaaaaaa-0000-0000-0000-000000000001] }\n    backend: { type: local }\n    overrides:\n " +
          "     conditionalAccessPolicies:\n        ca999: { state: reportOnly }\n",
      },
      code: "CATALOG_UNKNOWN_REFERENCE",
      file: "environments/prod.yaml",
      line: 8,
      message: /Conditional access policy 'ca999'/,
    },
    {
      label: "an SoD rule names an unknown role",
      files: {
        "policies/sod.yaml":
          "sodRules:\n  - id: sod1\n    title: AP vs payments\n    rationale: a clerk " +
          "must not approve payments\n    severity: high\n    conflictingSets:\n      - { name: a, " +
          "entitlements: [role:nope] }\n      - { name: b, entitlements: [role:nope2] }\n",
      },
      code: "CATALOG_UNKNOWN_REFERENCE",
      file: "policies/sod.yaml",
      line: 7,
      message: /Business role 'nope'/,
    },
  ])("fails when $label", async ({ files, code, file, line, message, hint }) => {
    const root = await writeCatalog(files as unknown as Record<string, string>);
    const { catalog, issues } = await loadCatalog(root);
    expect(catalog).toBeUndefined();
    const issue = issues.find((i) => i.code === code);
    expect(issue, JSON.stringify(issues, null, 2)).toBeDefined();
    expect(issue).toMatchObject({ file, line });
    expect(issue!.message).toMatch(message);
    if (hint) expect(issue!.hint).toMatch(hint);
  });

  it("fails when no environment is declared", async () => {
    const root = await writeCatalog({ "roles/a.yaml": `groups:\n${grp("g1")}` }, { withEnvironment: false });
    const { issues } = await loadCatalog(root);
    expect(issues.map((i) => i.code)).toEqual(["CATALOG_NO_ENVIRONMENT"]);
  });

  it("computes effective entitlements through included roles", async () => {
    const root = await writeCatalog({
      "roles/a.yaml":
        `groups:\n${grp("g1")}${grp("g2")}${grp("g3")}businessRoles:\n` +
        `${role("base", "{ groups: [g1] }")}${role("mid", "{ groups: [g2], roles: [base] }")}` +
        `${role("top", "{ groups: [g3, g1], roles: [mid] }", "    assignment: { type: birthright, when: { department: Finance } }\n")}`,
    });
    const { catalog, issues } = await loadCatalog(root);
    expect(issues).toEqual([]);
    const top = catalog!.businessRoles.find((r) => r.id === "top")!;
    expect(top.effectiveGroups).toEqual(["g1", "g2", "g3"]);
    expect(top.includedRoles).toEqual(["base", "mid"]);
    expect(top.hasRoleGroup).toBe(true);
    expect(catalog!.businessRoles.find((r) => r.id === "base")!.hasRoleGroup).toBe(false);
    expect(catalog!.groups.find((g) => g.id === "g1")!.grantedByRoles).toEqual(["top"]);
  });

  it("resolves directory role names to template IDs, case-insensitively", async () => {
    const root = await writeCatalog({
      "roles/p.yaml":
        "privilegedRoles:\n  - id: ga\n    directoryRole: global administrator\n    " +
        "group: { displayName: PIM GA, description: d, owners: [a@b.org] }\n    activation: { " +
        "maxDurationHours: 1 }\n",
    });
    const { catalog } = await loadCatalog(root);
    expect(catalog!.privilegedRoles[0]).toMatchObject({ directoryRoleTemplateId: "62e90394-69f5-4237-9190-012177145e10", privileged: true });
  });
});

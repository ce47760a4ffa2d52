import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { evaluate } from "../../src/analysis/conditional-access/evaluate";
import { resolvePersonas } from "../../src/analysis/conditional-access/personas";
import { runImport } from "../../src/cli/commands/import";
import { runGuardrails } from "../../src/guardrails/engine";
import { environmentView } from "../../src/model/environment";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { captureOutput, OWNERS, readTree, writeCatalog } from "../helpers/catalog";
import { prodOnlyCatalog } from "../helpers/graph-fixture";
import { resources, synthCatalog } from "../helpers/synth";

const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
const HELPDESK_ADMINISTRATOR = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
// Published by Microsoft in March 2026 ("What's new in Microsoft Entra RBAC"); a real tenant's admin policies target it.
const ENTRA_BACKUP_ADMINISTRATOR = "b6a27b2b-f905-4b2e-81b5-0d90e0ef1fdb";

/** A privileged role, a CA policy (including one role, excluding another) and a persona, each naming roles as given. */
function catalogNaming(included: string, excluded: string): Record<string, string> {
  return {
    "roles/privileged.yaml": `privilegedRoles:
  - id: ga
    directoryRole: ${included}
    group: { displayName: PIM GA, description: Global administrators, owners: ${OWNERS} }
    activation: { maxDurationHours: 1, requireMfa: false }
`,
    "policies/ca.yaml": `conditionalAccessPolicies:
  - id: ca100
    displayName: CA100-Admins-BaseProtection-AllApps-AnyPlatform-MFA
    state: enabled
    users: { include: { roles: [${included}] }, exclude: { roles: [${excluded}] } }
    applications: { include: [All] }
    grant: { controls: [mfa] }
`,
    "policies/personas.yaml": `personas:
  - id: admin
    displayName: Administrator (activated)
    directoryRoles: [${included}]
`,
  };
}

async function load(files: Record<string, string>) {
  return loadCatalog(await writeCatalog(files));
}

describe("directory roles named by name or by template ID", () => {
  it.each([
    { label: "names", included: "Global Administrator", excluded: "Helpdesk Administrator" },
    { label: "names in another case", included: "global administrator", excluded: "HELPDESK administrator" },
    { label: "template IDs", included: GLOBAL_ADMINISTRATOR, excluded: HELPDESK_ADMINISTRATOR },
    { label: "template IDs in capitals", included: GLOBAL_ADMINISTRATOR.toUpperCase(), excluded: HELPDESK_ADMINISTRATOR.toUpperCase() },
  ])("resolve the same role in a privileged role, a CA policy and a persona ($label)", async ({ included, excluded }) => {
    const { catalog, issues } = await load(catalogNaming(included, excluded));
    expect(issues).toEqual([]);
    expect(catalog!.privilegedRoles[0]!.directoryRoleTemplateId).toBe(GLOBAL_ADMINISTRATOR);
    const view = environmentView(catalog!, "test");
    const admin = resolvePersonas(view).find((p) => p.id === "admin")!;
    expect([...admin.principal.roles]).toEqual([GLOBAL_ADMINISTRATOR]);
    const decision = evaluate(view, admin.principal, { app: "Office365", client: "browser", platform: "windows", signInRisk: "none", userRisk: "none" });
    expect(decision.policies.find((p) => p.policy === "ca100")!.applies).toBe(true);
    const stacks = await synthCatalog(await writeCatalog(catalogNaming(included, excluded)));
    const policy = Object.values(resources(stacks, "azuread_conditional_access_policy"))[0] as {
      conditions: { users: { included_roles: string[]; excluded_roles: string[] } };
    };
    expect(policy.conditions.users).toMatchObject({ included_roles: [GLOBAL_ADMINISTRATOR], excluded_roles: [HELPDESK_ADMINISTRATOR] });
  });

  it("show the role's name wherever the catalog wrote a template ID: model, guardrail findings and reports", async () => {
    const { catalog } = await load(catalogNaming(GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR));
    expect(catalog!.privilegedRoles[0]!.spec.directoryRole).toBe("Global Administrator");
    expect(catalog!.conditionalAccessPolicies[0]!.spec.users).toMatchObject({
      include: { roles: ["Global Administrator"] },
      exclude: { roles: ["Helpdesk Administrator"] },
    });
    expect(catalog!.personas[0]!.spec.directoryRoles).toEqual(["Global Administrator"]);
    const findings = runGuardrails(catalog!, { today: "2026-06-01" }).findings.filter((f) => f.rule === "IDAC-PRIV-006");
    expect(findings.map((f) => f.message)).toEqual(["Global Administrator (ga) can be activated without MFA."]);
  });

  it("keep a name as its author wrote it, so nothing derived from it changes", async () => {
    const { catalog } = await load(catalogNaming("global administrator", "Helpdesk Administrator"));
    expect(catalog!.privilegedRoles[0]!.spec.directoryRole).toBe("global administrator");
  });

  it("count a role written both by name and by template ID once", async () => {
    const files = catalogNaming("Global Administrator", "Helpdesk Administrator");
    files["policies/ca.yaml"] = files["policies/ca.yaml"]!.replace("roles: [Global Administrator]", `roles: [Global Administrator, ${GLOBAL_ADMINISTRATOR}]`);
    const { catalog, issues } = await load(files);
    expect(issues).toEqual([]);
    expect(catalog!.conditionalAccessPolicies[0]!.spec.users.include.roles).toEqual(["Global Administrator"]);
  });

  it("accept Entra Backup Administrator in a CA policy, by name or template ID", async () => {
    for (const reference of ["Entra Backup Administrator", ENTRA_BACKUP_ADMINISTRATOR]) {
      const files = catalogNaming("Global Administrator", "Helpdesk Administrator");
      files["policies/ca.yaml"] = files["policies/ca.yaml"]!.replace("roles: [Global Administrator]", `roles: [Global Administrator, ${reference}]`);
      const { issues } = await load(files);
      expect(issues, reference).toEqual([]);
      const policy = Object.values(resources(await synthCatalog(await writeCatalog(files)), "azuread_conditional_access_policy"))[0] as {
        conditions: { users: { included_roles: string[] } };
      };
      expect(policy.conditions.users.included_roles, reference).toEqual([GLOBAL_ADMINISTRATOR, ENTRA_BACKUP_ADMINISTRATOR]);
    }
  });
});

describe("directory roles that are not in the table", () => {
  it("fails when a template ID is unknown to this version of the table, saying how to refresh it, at its file:line", async () => {
    const { catalog, issues } = await load(catalogNaming("Global Administrator", "00000000-0000-0000-0000-0000000000aa"));
    expect(catalog).toBeUndefined();
    expect(issues).toEqual([
      {
        code: "CATALOG_UNKNOWN_DIRECTORY_ROLE",
        severity: "error",
        file: "policies/ca.yaml",
        line: 5,
        col: 77,
        path: "conditionalAccessPolicies[0].users.exclude.roles[0]",
        message:
          "'00000000-0000-0000-0000-0000000000aa' is not the template ID of any built-in " +
          "Microsoft Entra role in this version of idac's role table (Microsoft Entra built-in " +
          "roles of 2026-01-20, and 4 roles published since).",
        hint:
          "If Microsoft added this role since, refresh the table with npx tsx " +
          "scripts/directory-roles.ts <permissions-reference.md> (see scripts/README.md). Otherwise " +
          "check the ID: it must be a built-in role's template ID (roleDefinitions templateId), not " +
          "a custom role's ID; idac manages built-in roles only.",
      },
    ]);
  });

  it.each([
    { name: "Global Admin", hint: "Did you mean 'Global Administrator'?" },
    {
      name: "Backup Administrator",
      hint:
        "Did you mean one of 'Entra Backup Administrator', 'Exchange Backup " +
        "Administrator', 'Microsoft 365 Backup Administrator' or 'SharePoint Backup Administrator'?",
    },
    { name: "Tenant Owner", hint: "Use the role's display name from Microsoft Entra built-in roles, e.g. 'User Administrator', or its template ID." },
  ])("fails when a name is unknown ('$name'), with a did-you-mean, at its file:line", async ({ name, hint }) => {
    const { issues } = await load(catalogNaming(name, "Helpdesk Administrator"));
    expect(issues.map((i) => `${i.file}:${i.line}:${i.col} ${i.path} ${i.code} ${i.message} ${i.hint}`)).toEqual([
      `policies/ca.yaml:5:33 conditionalAccessPolicies[0].users.include.roles[0] ` +
        `CATALOG_UNKNOWN_DIRECTORY_ROLE '${name}' is not a built-in Microsoft Entra directory ` +
        `role. ${hint}`,
      `policies/personas.yaml:4:22 personas[0].directoryRoles[0] ` +
        `CATALOG_UNKNOWN_DIRECTORY_ROLE '${name}' is not a built-in Microsoft Entra directory ` +
        `role. ${hint}`,
      `roles/privileged.yaml:3:20 privilegedRoles[0].directoryRole ` +
        `CATALOG_UNKNOWN_DIRECTORY_ROLE '${name}' is not a built-in Microsoft Entra directory ` +
        `role. ${hint}`,
    ]);
  });

  it("warns when a role goes by a former name, and uses its current name", async () => {
    const { catalog, issues } = await load(catalogNaming("Company Administrator", "Helpdesk Administrator"));
    expect(issues.map((i) => `${i.severity} ${i.file}:${i.line} ${i.code} ${i.message} ${i.hint}`)).toEqual([
      "warning policies/ca.yaml:5 CATALOG_RENAMED_DIRECTORY_ROLE 'Company Administrator' " +
        "is a former name of the built-in role Global Administrator " +
        "(62e90394-69f5-4237-9190-012177145e10). Write 'Global Administrator' (or its template " +
        "ID); idac uses the role's current name.",
      "warning policies/personas.yaml:4 CATALOG_RENAMED_DIRECTORY_ROLE 'Company " +
        "Administrator' is a former name of the built-in role Global Administrator " +
        "(62e90394-69f5-4237-9190-012177145e10). Write 'Global Administrator' (or its template " +
        "ID); idac uses the role's current name.",
      "warning roles/privileged.yaml:3 CATALOG_RENAMED_DIRECTORY_ROLE 'Company " +
        "Administrator' is a former name of the built-in role Global Administrator " +
        "(62e90394-69f5-4237-9190-012177145e10). Write 'Global Administrator' (or its template " +
        "ID); idac uses the role's current name.",
    ]);
    expect(catalog!.privilegedRoles[0]).toMatchObject({ directoryRoleTemplateId: GLOBAL_ADMINISTRATOR, spec: { directoryRole: "Global Administrator" } });
  });
});

describe("importing a tenant's role references", () => {
  const EXAMPLE_EXPORT = path.resolve(__dirname, "../fixtures/graph/example-prod");

  it("writes the names of roles the table knows, Entra Backup Administrator included, and refuses an unknown template ID with the reason", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-roles-export-"));
    await cp(EXAMPLE_EXPORT, dir, { recursive: true });
    const file = path.join(dir, "conditionalAccessPolicies/page-1.json");
    const page = JSON.parse(await readFile(file, "utf8")) as { value: { displayName: string; conditions: { users: { includeRoles: string[] } } }[] };
    page.value.find((p) => p.displayName.startsWith("CA100"))!.conditions.users.includeRoles.push(ENTRA_BACKUP_ADMINISTRATOR);
    page.value.find((p) => p.displayName.startsWith("CA102"))!.conditions.users.includeRoles.push("00000000-0000-0000-0000-0000000000aa");
    await writeFile(file, JSON.stringify(page));
    const out = await prodOnlyCatalog();
    const cap = captureOutput();
    await runImport({ from: dir, out, format: "json" }, cap.out);
    const report = JSON.parse(cap.stdout()) as { notImported: { displayName: string; reason: string }[] };
    const why = Object.fromEntries(report.notImported.map((n) => [n.displayName, n.reason]));
    const reason = why["CA102-Admins-DataProtection-AdminPortals-AnyPlatform-MFA-SignInFrequency"];
    // The property, the value that would be lost, who is the limit, and how to refresh the table.
    expect(reason).toContain('conditions.users.includeRoles = "00000000-0000-0000-0000-0000000000aa" would be lost (limit: idac');
    expect(reason).toContain("unknown to this version of idac's role table (Microsoft Entra built-in roles of 2026-01-20, and 4 roles published since)");
    expect(reason).toContain("refresh the table with npx tsx scripts/directory-roles.ts <permissions-reference.md> (see scripts/README.md)");
    const written = await readTree(out);
    const policies = (
      parse(written["policies/imported-conditional-access.yaml"]!) as {
        conditionalAccessPolicies: { displayName: string; users: { include: { roles?: string[] } } }[];
      }
    ).conditionalAccessPolicies;
    expect(policies.find((p) => p.displayName.startsWith("CA100"))!.users.include.roles).toContain("Entra Backup Administrator");
    expect(Object.values(written).join("\n")).not.toContain(ENTRA_BACKUP_ADMINISTRATOR);
  });
});

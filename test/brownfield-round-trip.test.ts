import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importExport } from "../src/brownfield/import";
import { checkRoundTrip } from "../src/brownfield/round-trip";
import { runImport } from "../src/cli/commands/import";
import { loadCatalog } from "../src/resolve/load-catalog";
import { BREAK_GLASS, exportOf } from "./helpers/arbitrary-ca-policy";
import { captureOutput, ENV_YAML } from "./helpers/catalog";
import { resources, synthCatalog } from "./helpers/synth";

/** A policy as Graph returns it, with the break-glass exclusions every policy of the tenant has. */
function policy(
  id: string,
  displayName: string,
  parts: { conditions?: Record<string, unknown>; grantControls?: unknown; sessionControls?: unknown; users?: Record<string, unknown> },
): Record<string, unknown> {
  return {
    id,
    templateId: null,
    displayName,
    createdDateTime: "2024-01-08T10:00:00Z",
    modifiedDateTime: null,
    state: "enabled",
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ["all"],
      platforms: null,
      locations: null,
      devices: null,
      applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] },
      users: {
        includeUsers: ["All"],
        excludeUsers: BREAK_GLASS.accounts,
        includeGroups: [],
        excludeGroups: [BREAK_GLASS.group],
        includeRoles: [],
        excludeRoles: [],
        ...parts.users,
      },
      ...parts.conditions,
    },
    grantControls:
      parts.grantControls === undefined
        ? { operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null }
        : parts.grantControls,
    sessionControls: parts.sessionControls ?? null,
  };
}

const OWNERLESS = {
  "@odata.type": "#microsoft.graph.group",
  id: "0d000000-0000-4000-8000-000000000001",
  displayName: "Kiosk devices' users",
  description: "Shared kiosk accounts",
  securityEnabled: true,
  mailEnabled: false,
  mailNickname: "kiosk-users",
  groupTypes: [],
  visibility: "Private",
  owners: [],
};
const DEVICE_FILTER = policy("0c000000-0000-4000-8000-000000000001", "CA310 Block unmanaged devices", {
  conditions: { devices: { deviceFilter: { mode: "exclude", rule: 'device.isCompliant -eq True -or device.trustType -eq "ServerAD"' } } },
  users: { excludeGroups: [BREAK_GLASS.group, OWNERLESS.id] },
  grantControls: { operator: "AND", builtInControls: ["block"], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
});
const TOKEN_PROTECTION = policy("0c000000-0000-4000-8000-000000000002", "CA311 Token protection", {
  grantControls: null,
  sessionControls: { secureSignInSession: { isEnabled: true }, signInFrequency: null },
});

async function writeExport(pages: Record<string, unknown[]>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "idac-round-trip-export-"));
  for (const [name, value] of Object.entries(pages)) await writeFile(path.join(dir, `${name}.json`), JSON.stringify({ value }));
  return dir;
}

async function emptyCatalog(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "idac-round-trip-catalog-"));
  await mkdir(path.join(dir, "environments"));
  await writeFile(path.join(dir, "environments/test.yaml"), ENV_YAML);
  return dir;
}

describe("the import's round trip (each object through its concept module)", () => {
  it("checks every policy against the export even when the imported catalog does not validate, and says which check ran", async () => {
    const from = await writeExport({ groups: [OWNERLESS], conditionalAccessPolicies: [DEVICE_FILTER, TOKEN_PROTECTION] });
    const dir = await emptyCatalog();
    const cap = captureOutput();
    expect(await runImport({ from, out: dir, format: "json" }, cap.out)).toBe(1);
    const report = JSON.parse(cap.stdout()) as {
      imported: Record<string, number>;
      notImported: { displayName: string; properties?: { path: string; limit: string }[] }[];
      checks: { roundTrip: { objects: number; notReproduced: number }; throughCatalog: { ran: boolean; reason?: string } };
      issues: { code: string; file: string; line: number; message: string }[];
    };
    // The group has no owner: the catalog does not validate, and the report says so with the written file's line.
    expect(report.checks).toEqual({
      roundTrip: { objects: 2, notReproduced: 1 },
      throughCatalog: { ran: false, reason: "the catalog with the imported files does not validate (1 error(s))" },
    });
    expect(report.issues).toEqual([expect.objectContaining({ file: "roles/imported-groups.yaml", line: 9, message: expect.stringMatching(/owners/) })]);
    // The policy with token protection is refused anyway; the one with a device filter is written with it, AND kept.
    expect(report.notImported.find((n) => n.displayName === "CA311 Token protection")!.properties).toEqual([
      expect.objectContaining({ path: "sessionControls.secureSignInSession", limit: "provider" }),
    ]);
    expect(report.imported.conditionalAccessPolicies).toBe(1);
    const written = await readFile(path.join(dir, "policies/imported-conditional-access.yaml"), "utf8");
    expect(written).toContain('    deviceFilter:\n      mode: exclude\n      rule: device.isCompliant -eq True -or device.trustType -eq "ServerAD"\n');
    expect(written).toContain("    grant:\n      block: true\n      operator: AND\n");

    // Fixing the owners as the report asks: validation passes and the first plan carries the filter.
    const groupsFile = path.join(dir, "roles/imported-groups.yaml");
    await writeFile(groupsFile, (await readFile(groupsFile, "utf8")).replace("owners: []", "owners: [kiosk.admin@contoso.org]"));
    const fixed = await loadCatalog(dir);
    expect(fixed.issues.filter((i) => i.severity === "error")).toEqual([]);
    const [synthesized] = Object.values(resources(await synthCatalog(dir), "azuread_conditional_access_policy"));
    expect(synthesized).toMatchObject({
      conditions: { devices: { filter: { mode: "exclude", rule: 'device.isCompliant -eq True -or device.trustType -eq "ServerAD"' } } },
      grant_controls: { operator: "AND", built_in_controls: ["block"] },
    });
  });

  it("refuses a group the catalog would change, and every policy that names it, each with the property", () => {
    const paused = {
      ...OWNERLESS,
      id: "0d000000-0000-4000-8000-000000000002",
      displayName: "Finance staff",
      mailNickname: "finance-staff",
      owners: [{ "@odata.type": "#microsoft.graph.user", id: "00000001-0000-4000-8000-000000000000", userPrincipalName: "person0@contoso.org" }],
      groupTypes: ["DynamicMembership"],
      membershipRule: '(user.accountEnabled -eq true) -and (user.department -eq "Finance")',
      membershipRuleProcessingState: "Paused",
    };
    const scoped = policy("0c000000-0000-4000-8000-000000000003", "CA312 Finance MFA", { users: { includeUsers: [], includeGroups: [paused.id] } });
    const data = exportOf([scoped], { groups: [paused] });
    const environment = { breakGlass: BREAK_GLASS, namePrefix: "" };
    const first = checkRoundTrip(importExport(data, { environment }), data, { namePrefix: "", breakGlass: [...BREAK_GLASS.accounts, BREAK_GLASS.group] });
    // Dynamic membership paused in Entra: the catalog would turn it on.
    expect(first.refused).toEqual([
      expect.objectContaining({
        displayName: "Finance staff",
        properties: [{ path: "membershipRuleProcessingState", value: "Paused", becomes: "On", limit: "idac", why: "the catalog entry cannot say it yet" }],
      }),
    ]);
    const again = importExport(data, { environment, refused: new Map(first.refused.map((n) => [n.objectId.toLowerCase(), n])) });
    expect(again.catalog.groups).toEqual([]);
    expect(again.catalog.conditionalAccessPolicies).toHaveLength(1);
    const secondCheck = checkRoundTrip(again, data, { namePrefix: "", breakGlass: [...BREAK_GLASS.accounts, BREAK_GLASS.group] });
    expect(secondCheck.refused).toEqual([
      expect.objectContaining({
        displayName: "CA312 Finance MFA",
        properties: [
          expect.objectContaining({
            path: "conditions.users.includeGroups",
            value: paused.id,
            limit: "idac",
            why: expect.stringMatching(/^references 'Finance staff', which is not imported \(membershipRuleProcessingState = "Paused" would become "On"/),
          }),
        ],
      }),
    ]);
  });

  it("reports the changes the import announces as updates, not as reasons: a placeholder description, break-glass exclusions added", () => {
    const nodescription = {
      ...OWNERLESS,
      id: "0d000000-0000-4000-8000-000000000003",
      description: null,
      owners: [{ "@odata.type": "#microsoft.graph.user", id: "00000001-0000-4000-8000-000000000000", userPrincipalName: "person0@contoso.org" }],
    };
    const partial = policy("0c000000-0000-4000-8000-000000000004", "CA313 Excludes one break-glass account", {
      users: { excludeUsers: [BREAK_GLASS.accounts[0]], excludeGroups: [] },
    });
    const data = exportOf([partial], { groups: [nodescription] });
    const check = checkRoundTrip(importExport(data, { environment: { breakGlass: BREAK_GLASS, namePrefix: "" } }), data, {
      namePrefix: "",
      breakGlass: [...BREAK_GLASS.accounts, BREAK_GLASS.group],
    });
    expect(check.refused).toEqual([]);
    expect(check.updates.map((u) => [u.name, u.kind === "different" ? u.differences.map((d) => d.path) : []])).toEqual([
      ["Kiosk devices' users", ["description"]],
      ["CA313 Excludes one break-glass account", ["conditions.users.excludeGroups", "conditions.users.excludeUsers"]],
    ]);
  });

  it("keeps tenant text that looks like a Terraform expression exact: written as is, escaped only in the Terraform JSON", async () => {
    const text = 'Kiosk ${file("/proc/self/environ")} %{ if true }x%{ endif } $${already}';
    const group = {
      ...OWNERLESS,
      description: text,
      owners: [{ "@odata.type": "#microsoft.graph.user", id: "00000001-0000-4000-8000-000000000000", userPrincipalName: "person0@contoso.org" }],
    };
    const named = policy("0c000000-0000-4000-8000-000000000005", 'CA314 MFA ${upper("x")}', {});
    const from = await writeExport({ groups: [group], conditionalAccessPolicies: [named] });
    const dir = await emptyCatalog();
    const cap = captureOutput();
    expect(await runImport({ from, out: dir, format: "json" }, cap.out)).toBe(0);
    const report = JSON.parse(cap.stdout()) as { checks: { roundTrip: { objects: number; notReproduced: number }; throughCatalog: { ran: boolean } } };
    expect(report.checks).toMatchObject({ roundTrip: { objects: 2, notReproduced: 0 }, throughCatalog: { ran: true } });

    const { catalog } = await loadCatalog(dir);
    expect(catalog!.groups.map((g) => g.spec.description)).toEqual([text]);
    expect(catalog!.conditionalAccessPolicies.map((p) => p.spec.displayName)).toEqual(['CA314 MFA ${upper("x")}']);
    const stacks = await synthCatalog(dir);
    const groups = Object.values({ ...resources(stacks, "azuread_group"), ...resources(stacks, "azuread_group_without_members") });
    expect(groups.map((g) => g.description)).toEqual(['Kiosk $${file("/proc/self/environ")} %%{ if true }x%%{ endif } $$${already}']);
    expect(Object.values(resources(stacks, "azuread_conditional_access_policy")).map((p) => p.display_name)).toEqual(['CA314 MFA $${upper("x")}']);
  });
});

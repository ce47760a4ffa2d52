import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDocument, stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { compareTenants } from "../src/brownfield/drift";
import { readGraphExport, type GraphExport } from "../src/brownfield/graph";
import { expectedTenant } from "../src/brownfield/tenant";
import { runDrift } from "../src/cli/commands/drift";
import { runImport } from "../src/cli/commands/import";
import { runValidate } from "../src/cli/commands/validate";
import type { Catalog } from "../src/model/model";
import { loadCatalog } from "../src/resolve/load-catalog";
import { captureOutput, ENV_YAML, readTree } from "./helpers/catalog";
import { graphExportOf, prodOnlyCatalog, writeFiles } from "./helpers/graph-fixture";
import { resources, synthCatalog, type TfJson } from "./helpers/synth";

const ROOT = path.resolve(__dirname, "..");
const EXAMPLE_EXPORT = path.join(ROOT, "test/fixtures/graph/example-prod");
const CA_AS_IS = path.join(ROOT, "test/fixtures/graph/ca-as-is");

let example: Catalog;
let exported: GraphExport;

beforeAll(async () => {
  example = (await loadCatalog(ROOT)).catalog!;
  exported = await readGraphExport(EXAMPLE_EXPORT);
});

/** Edits one page of an export in place, as somebody changing the tenant in the portal would. */
function pageEditor(dir: string) {
  return async (file: string, change: (page: { value: Record<string, any>[] }) => void) => {
    const page = JSON.parse(await readFile(path.join(dir, file), "utf8"));
    change(page);
    await writeFile(path.join(dir, file), JSON.stringify(page));
  };
}

function importBlocks(stacks: Record<string, TfJson>): { to: string; id: string }[] {
  return Object.values(stacks).flatMap((s) => (s as { import?: { to: string; id: string }[] }).import ?? []);
}

describe("the Graph-shaped export of the bundled example", () => {
  it("is the committed fixture (regenerate with IDAC_UPDATE_FIXTURES=1)", async () => {
    const files = graphExportOf(example, "prod");
    if (process.env.IDAC_UPDATE_FIXTURES === "1") {
      await rm(EXAMPLE_EXPORT, { recursive: true, force: true });
      await writeFiles(EXAMPLE_EXPORT, files);
    }
    const dir = await mkdtemp(path.join(tmpdir(), "idac-fixture-"));
    await writeFiles(dir, files);
    expect(await readTree(dir)).toEqual(await readTree(EXAMPLE_EXPORT));
  });

  it("has paging, nulls and @odata.type discriminators as Graph returns them", async () => {
    const first = JSON.parse(await readFile(path.join(EXAMPLE_EXPORT, "groups/page-1.json"), "utf8")) as {
      "@odata.nextLink"?: string;
      value: Record<string, unknown>[];
    };
    expect(first["@odata.nextLink"]).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\/groups\?\$skiptoken=/);
    expect(first.value[0]!["@odata.type"]).toBe("#microsoft.graph.group");
    expect(exported.groups.length).toBe(
      example.groups.length + example.businessRoles.filter((r) => r.hasRoleGroup).length + example.privilegedRoles.length + 1,
    );
    expect(exported.namedLocations.map((l) => l["@odata.type"]).sort()).toEqual([
      "#microsoft.graph.countryNamedLocation",
      "#microsoft.graph.ipNamedLocation",
      "#microsoft.graph.ipNamedLocation",
    ]);
  });
});

describe("idac drift", () => {
  it("finds no drift between the example and the export of the tenant it describes", async () => {
    const cap = captureOutput();
    expect(await runDrift({ catalog: ROOT, from: EXAMPLE_EXPORT, environment: "prod", format: "json" }, cap.out)).toBe(0);
    expect((JSON.parse(cap.stdout()) as { items: unknown[] }).items).toEqual([]);
  });

  it("reports portal changes in catalog terms: changed properties, objects only in the tenant or only in the catalog", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-drift-"));
    await cp(EXAMPLE_EXPORT, dir, { recursive: true });
    const edit = pageEditor(dir);
    const legacy = exported.conditionalAccessPolicies.find((p) => p.displayName.startsWith("CA001-"))!;
    await edit("conditionalAccessPolicies/page-1.json", (p) => {
      const policy = p.value.find((x) => x.id === legacy.id)!;
      policy.state = "disabled";
      policy.conditions.devices = { deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "ServerAD"' } };
    });
    await edit(
      "namedLocations/page-1.json",
      (p) => void (p.value = p.value.filter((l) => l.displayName !== "Countries the organisation does not operate in and blocks")),
    );
    await edit(
      "groups/page-2.json",
      (p) => void p.value.push({ ...p.value[0], id: "99999999-9999-4999-8999-999999999999", displayName: "Made in the portal" }),
    );

    // In PIM: activation made longer and an eligibility made permanent; in entitlement management: approval dropped.
    const globalAdmin = exported.groups.find((g) => g.displayName === "PIM-Global-Administrators")!.id;
    await edit(`groupRoleManagementPolicies/${globalAdmin}-1.json`, (p) => {
      const rules = p.value[0]!.policy.rules as Record<string, any>[];
      rules.find((r) => r.id === "Expiration_EndUser_Assignment")!.maximumDuration = "PT8H";
    });
    await edit(
      `groupEligibilitySchedules/${globalAdmin}-1.json`,
      (p) => void (p.value[0]!.scheduleInfo.expiration = { type: "noExpiration", endDateTime: null, duration: null }),
    );
    await edit("assignmentPolicies/page-1.json", (p) => {
      const policy = p.value.find((x) => x.displayName === "Payment approver - request")!;
      policy.requestApprovalSettings.isApprovalRequiredForAdd = false;
      policy.requestApprovalSettings.stages = [];
    });

    const cap = captureOutput();
    expect(await runDrift({ catalog: ROOT, from: dir, environment: "prod", format: "json" }, cap.out)).toBe(1);
    const items = (
      JSON.parse(cap.stdout()) as {
        items: {
          kind: string;
          name: string;
          entry?: { section: string; id: string; file: string };
          differences?: { path: string; expected: unknown; actual: unknown }[];
        }[];
      }
    ).items;
    const changed = items.find((i) => i.kind === "different" && i.name === legacy.displayName)!;
    expect(changed.entry).toMatchObject({
      section: "conditionalAccessPolicies",
      id: "ca001-block-legacy-authentication",
      file: "policies/conditional-access/global.yaml",
    });
    expect(changed.differences!.map((d) => [d.path, d.expected, d.actual])).toEqual([
      ["conditions.devices", undefined, { deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "ServerAD"' } }],
      ["state", "enabled", "disabled"],
    ]);
    // Policies pointing at the deleted location now hold an ID nothing resolves.
    const pointing = items.filter((i) => i.kind === "different" && i.differences!.some((d) => d.path === "conditions.locations.includeLocations"));
    expect(pointing.map((i) => i.entry!.id)).toEqual(["ca006-block-blocked-countries"]);
    expect(items.filter((i) => i.kind === "onlyInCatalog").map((i) => [i.entry!.section, i.entry!.id])).toEqual([["namedLocations", "blocked-countries"]]);
    expect(items.filter((i) => i.kind === "onlyInTenant").map((i) => i.name)).toEqual(["Made in the portal"]);
    const pim = items.find((i) => i.entry?.id === "global-admin")!;
    expect(pim.differences!.map((d) => d.path)).toEqual(["pim.eligibilitySchedules", "pim.rules.Expiration_EndUser_Assignment.maximumDuration"]);
    expect(pim.differences![0]!.actual).toContain("user:peter.otieno@meridian.org until never");
    const approval = items.find((i) => i.name === "Payment approver - request")!;
    expect(approval.entry).toMatchObject({ section: "businessRoles", id: "fin-payment-approver" });
    expect(approval.differences!.map((d) => d.path)).toEqual(["requestApprovalSettings.isApprovalRequiredForAdd", "requestApprovalSettings.stages"]);
  });
});

describe("idac import", () => {
  it("reproduces the example: every imported object comes out of the catalog as it is in the export, and validate passes", async () => {
    const dir = await prodOnlyCatalog();
    const cap = captureOutput();
    expect(await runImport({ from: EXAMPLE_EXPORT, out: dir, manageMembers: true, format: "json" }, cap.out)).toBe(0);
    const report = JSON.parse(cap.stdout()) as {
      imported: Record<string, number>;
      verified: number;
      differences: unknown[];
      issues: { severity: string }[];
      notImported: { collection: string; displayName: string; reason: string }[];
    };
    expect(report.imported).toEqual({
      applications: example.applications.length,
      administrativeUnits: example.administrativeUnits.length,
      groups: example.groups.length,
      accessPackageCatalogs: example.accessPackageCatalogs.length,
      businessRoles: example.businessRoles.filter((r) => r.hasRoleGroup).length,
      privilegedRoles: example.privilegedRoles.length,
      namedLocations: example.namedLocations.length,
      authenticationStrengths: example.authenticationStrengths.length,
      conditionalAccessPolicies: example.conditionalAccessPolicies.length,
      accessReviews: example.accessReviews.length,
      lifecycleWorkflows: example.lifecycleWorkflows.length,
      authenticationMethodsPolicies: example.authenticationMethodsPolicies.length,
      // Helpdesk Administrator's policy is as Entra made it (eligible for good): not the catalog's.
      directoryRoleSettings: example.directoryRoleSettings.length,
    });
    expect(report.verified).toBeGreaterThan(120);
    expect(report.differences).toEqual([]);
    expect(report.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(await runValidate({ catalog: dir, format: "human" }, captureOutput().out)).toBe(0);

    // The semantic diff against the bundled example, in tenant terms (the catalog's own words, such as building-block
    // roles, included roles, sensitivity labels and SoD rules, leave no trace in a tenant): empty.
    const imported = (await loadCatalog(dir)).catalog!;
    expect(compareTenants(expectedTenant(example, "prod"), expectedTenant(imported, "prod"), { breakGlass: [] })).toEqual([]);
    // What is left out is listed with its reason: the tenant's own objects and the break-glass accounts' standing access.
    expect(report.notImported.map((n) => [n.collection, n.displayName]).sort()).toEqual([
      ["accessPackageCatalogs", "General"],
      ["groups", "Emergency access accounts"],
      ["roleAssignments", "Global Administrator → breakglass1@meridianrelief.onmicrosoft.com"],
      ["roleAssignments", "Global Administrator → breakglass2@meridianrelief.onmicrosoft.com"],
    ]);
    expect(imported.privilegedRoles.map((r) => r.id)).toEqual(example.privilegedRoles.map((r) => r.id));
    expect(imported.businessRoles.map((r) => r.id)).toEqual(example.businessRoles.filter((r) => r.hasRoleGroup).map((r) => r.id));

    // Groups keep their catalog IDs (the example's mail nicknames are its IDs); every resource gets an import block.
    expect(imported.groups.map((g) => g.id)).toEqual(example.groups.map((g) => g.id));
    const stacks = await synthCatalog(dir);
    const blocks = importBlocks(stacks);
    const addresses = Object.values(stacks).flatMap((s) =>
      Object.entries(s.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)),
    );
    expect(addresses.length).toBeGreaterThan(200);
    // Two kinds need no import block (azuread 3.7.0 docs): activating a directory role is idempotent and cannot be
    // imported, and a group's role management policy is created by Entra and adopted on first use.
    // Nor do the PATCHes of objects every tenant has (the authentication methods policy, directory role rules), and the
    // fingerprint that replaces a workflow is no Graph object.
    const patches = (a: string) => a.startsWith("msgraph_update_resource.") || a.startsWith("terraform_data.lifecycle_workflow_version__");
    const needsNoImport = (a: string) => a.startsWith("azuread_directory_role.") || a.startsWith("azuread_group_role_management_policy.") || patches(a);
    expect(blocks.map((b) => b.to).sort()).toEqual(addresses.filter((a) => !needsNoImport(a)).sort());
    expect(addresses.filter(needsNoImport).filter((a) => !patches(a))).toHaveLength(2 * example.privilegedRoles.length);
    // The imported workflows are adopted by their object IDs; the methods policy and 4 rules per directory role are patched.
    expect(blocks.filter((b) => b.to.startsWith("msgraph_resource.lifecycle_workflow__")).map((b) => b.id)).toEqual(
      expect.arrayContaining(exported.lifecycleWorkflows.map((w) => `/identityGovernance/lifecycleWorkflows/workflows/${w.id.toLowerCase()}`)),
    );
    expect(addresses.filter((a) => a.startsWith("msgraph_update_resource.directory_role_rule__"))).toHaveLength(4 * example.directoryRoleSettings.length);
    // Import IDs in the provider's formats, e.g. a PIM schedule's as Graph returns it: <group ID>_member_<ID>.
    const schedules = blocks.filter((b) => b.to.startsWith("azuread_privileged_access_group_eligibility_schedule."));
    expect(schedules.length).toBe(example.privilegedRoles.reduce((n, r) => n + r.spec.eligible.length, 0));
    for (const b of schedules) expect(b.id).toMatch(/^[0-9a-f-]{36}_member_[0-9a-f-]{36}$/);
    for (const b of blocks.filter((x) => x.to.startsWith("azuread_access_package_resource_package_association.")))
      expect(b.id).toMatch(/^[0-9a-f-]{36}\/[0-9a-f-]{36}_[0-9a-f-]{36}\/[0-9a-f-]{36}\/Member$/);
    for (const b of blocks.filter((x) => x.to.startsWith("azuread_group_member."))) expect(b.id).toMatch(/^[0-9a-f-]{36}\/member\/[0-9a-f-]{36}$/);
  });

  it("imports a conditional access policy exported as-is to a catalog policy that synthesizes to the same settings", async () => {
    const dir = path.dirname(
      path.dirname(
        await (async () => {
          const d = await mkdtemp(path.join(tmpdir(), "idac-ca-"));
          await mkdir(path.join(d, "environments"));
          await writeFile(path.join(d, "environments/test.yaml"), ENV_YAML);
          return path.join(d, "environments/test.yaml");
        })(),
      ),
    );
    const cap = captureOutput();
    expect(await runImport({ from: CA_AS_IS, out: dir, format: "json" }, cap.out)).toBe(1);
    const report = JSON.parse(cap.stdout()) as {
      notImported: { displayName: string; reason: string; properties?: { path: string; value: unknown; limit: string; why: string }[] }[];
      differences: { name: string; differences: { path: string }[] }[];
    };
    const stacks = await synthCatalog(dir);
    const policies = Object.values(resources(stacks, "azuread_conditional_access_policy"));
    const policy = policies.find((p) => (p.display_name as string).startsWith("CA300"))!;
    const locations = resources(stacks, "azuread_named_location");
    const headOffice = Object.keys(locations).find((k) => (locations[k]!.display_name as string) === "Head office")!;
    const strength = Object.keys(resources(stacks, "azuread_authentication_strength_policy"))[0]!;
    const traveller = Object.keys(Object.values(stacks).find((s) => s.data?.azuread_user)!.data!.azuread_user!).find((k) => k.includes("travel_desk"))!;
    expect(policy).toMatchObject({
      display_name: "CA300-Guests-IdentityProtection-AllApps-AnyPlatform-TravelStrength",
      state: "enabledForReportingButNotEnforced",
      conditions: {
        client_app_types: ["browser", "mobileAppsAndDesktopClients"],
        user_risk_levels: ["high", "medium"],
        applications: { included_applications: ["All"], excluded_applications: ["797f4846-ba00-4fd7-ba43-dac1f8f63013"] },
        platforms: { included_platforms: ["all"], excluded_platforms: ["iOS"] },
        locations: { included_locations: ["All"], excluded_locations: ["AllTrusted", `\${azuread_named_location.${headOffice}.object_id}`] },
        users: {
          excluded_roles: ["62e90394-69f5-4237-9190-012177145e10"],
          excluded_users: [`\${data.azuread_user.${traveller}.object_id}`, "aaaaaaaa-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000002"],
          included_guests_or_external_users: [
            {
              guest_or_external_user_types: ["b2bCollaborationGuest", "b2bCollaborationMember", "internalGuest"],
              external_tenants: [{ membership_kind: "all" }],
            },
          ],
        },
      },
      grant_controls: { operator: "OR", authentication_strength_policy_id: `\${azuread_authentication_strength_policy.${strength}.id}` },
      session_controls: { sign_in_frequency: 8, sign_in_frequency_period: "hours", sign_in_frequency_interval: "timeBased", persistent_browser_mode: "never" },
    });
    expect(importBlocks(stacks)).toContainEqual({
      to: expect.stringMatching(/^azuread_conditional_access_policy\./),
      id: "/identity/conditionalAccess/policies/7359d0e0-d8a9-4afa-8a93-e23e099d7be8",
    });
    // The policy keeps its name and gains the persona its name declares (CA<number>-<Persona>-…) as catalog metadata.
    const described = Object.fromEntries((await loadCatalog(dir)).catalog!.conditionalAccessPolicies.map((p) => [p.spec.displayName, p.spec.description]));
    expect(described["CA300-Guests-IdentityProtection-AllApps-AnyPlatform-TravelStrength"]).toBe("Persona: Guests (from the policy name)");
    // A description Entra has is kept (Terraform does not manage it, so it is no reason not to import the policy).
    expect(described["Block legacy authentication"]).toBe("Legacy protocols cannot do MFA");
    // Terms of use with MFA (operator AND), a device filter with a block and the legacy GuestsOrExternalUsers keyword
    // are what azuread 3.7.0 can set: imported as they are.
    expect(policies).toHaveLength(6);
    expect(policies.find((p) => (p.display_name as string).startsWith("CA301"))).toMatchObject({
      grant_controls: { operator: "AND", built_in_controls: ["mfa"], terms_of_use: ["ce580154-086a-40fd-91df-8a60abac81a0"] },
    });
    expect(policies.find((p) => (p.display_name as string).startsWith("CA302"))).toMatchObject({
      conditions: { devices: { filter: { mode: "exclude", rule: 'device.isCompliant -eq True -or device.trustType -eq "ServerAD"' } } },
      grant_controls: { operator: "OR", built_in_controls: ["block"] },
    });
    // A policy that excludes the break-glass group but not the accounts is imported; the first plan adds the accounts.
    const adminPolicy = policies.find((p) => (p.display_name as string).startsWith("CA304"))!;
    expect((adminPolicy.conditions as { users: { excluded_users: string[] } }).users.excluded_users).toEqual([
      "aaaaaaaa-0000-0000-0000-000000000001",
      "aaaaaaaa-0000-0000-0000-000000000002",
    ]);
    expect(report.differences.map((d) => [d.name, d.differences.map((x) => x.path)])).toContainEqual([
      "CA304-Admins-BaseProtection-AllApps-AnyPlatform-MFA",
      ["conditions.users.excludeUsers"],
    ]);
    // Conditions idac cannot express are never broadened away: those policies are listed, with the property and the limit.
    const why = Object.fromEntries(report.notImported.map((n) => [n.displayName, n]));
    expect(why["CA303 Legacy guest keyword"]).toBeUndefined();
    expect(policies.find((p) => p.display_name === "CA303 Legacy guest keyword")).toMatchObject({
      conditions: { users: { included_users: ["GuestsOrExternalUsers"] } },
    });
    expect(why["CA305 Sensitive actions need phishing-resistant MFA"]!.properties).toEqual([
      expect.objectContaining({
        path: "conditions.applications.includeAuthenticationContextClassReferences",
        value: ["c1"],
        limit: "provider",
        why: expect.stringMatching(
          /^authentication contexts: azuread 3\.7\.0 has no attribute for conditions\.applications\.includeAuthenticationContextClassReferences/,
        ),
      }),
    ]);
    expect(why["Emergency access accounts"]!.reason).toMatch(/break-glass/);
  });

  it("keeps IDs across re-imports, leaves curated entries where they are and writes the same bytes for the same tenant", async () => {
    const dir = await prodOnlyCatalog();
    await runImport({ from: EXAMPLE_EXPORT, out: dir, format: "json" }, captureOutput().out);
    const first = await readTree(dir);

    // A curator renames an ID in the imported file and moves a policy into a file of their own.
    const groupsFile = path.join(dir, "roles/imported-groups.yaml");
    await writeFile(groupsFile, (await readFile(groupsFile, "utf8")).replace("- id: fin-treasury\n", "- id: finance-treasury\n"));
    const caFile = path.join(dir, "policies/imported-conditional-access.yaml");
    const doc = parseDocument(await readFile(caFile, "utf8"));
    const moved = (doc.getIn(["conditionalAccessPolicies", 0]) as { toJSON(): unknown }).toJSON();
    doc.deleteIn(["conditionalAccessPolicies", 0]);
    await writeFile(caFile, doc.toString());
    await writeFile(path.join(dir, "policies/curated.yaml"), stringify({ conditionalAccessPolicies: [moved] }));

    // The same tenant exported in another order.
    const shuffled = await mkdtemp(path.join(tmpdir(), "idac-shuffled-"));
    await cp(EXAMPLE_EXPORT, shuffled, { recursive: true });
    for (const file of ["conditionalAccessPolicies/page-1.json", "groups/page-1.json", "namedLocations/page-1.json"]) {
      const page = JSON.parse(await readFile(path.join(shuffled, file), "utf8"));
      page.value.reverse();
      await writeFile(path.join(shuffled, file), JSON.stringify(page));
    }
    const cap = captureOutput();
    await runImport({ from: shuffled, out: dir, format: "json" }, cap.out);
    expect((JSON.parse(cap.stdout()) as { alreadyInCatalog: number }).alreadyInCatalog).toBe(1);
    const again = await readTree(dir);
    expect(again["roles/imported-groups.yaml"]).toContain("- id: finance-treasury\n");
    expect(again["policies/imported-conditional-access.yaml"]!.match(/^ +importFrom: /gm)).toHaveLength(example.conditionalAccessPolicies.length - 1);
    expect(await runValidate({ catalog: dir, format: "human" }, captureOutput().out)).toBe(0);

    // Undo the curation: the files are byte-identical to the first import, and a part an earlier import wrote for a
    // bigger tenant is removed.
    await rm(path.join(dir, "policies/curated.yaml"));
    await writeFile(path.join(dir, "roles/imported-groups-2.yaml"), "groups: []\n");
    await writeFile(groupsFile, again["roles/imported-groups.yaml"]!.replace("- id: finance-treasury\n", "- id: fin-treasury\n"));
    await runImport({ from: shuffled, out: dir, format: "json" }, captureOutput().out);
    expect(await readTree(dir)).toEqual(first);
  });

  it("adds to a catalog only what it does not describe yet, pointing at the catalog's own IDs", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-into-example-"));
    for (const f of ["environments", "roles", "policies"]) await cp(path.join(ROOT, f), path.join(dir, f), { recursive: true });
    // The tenant idac manages, plus one policy made in the portal (here: taken out of the catalog).
    const internals = path.join(dir, "policies/conditional-access/internals.yaml");
    const doc = parseDocument(await readFile(internals, "utf8"));
    const policies = doc.get("conditionalAccessPolicies") as { items: { get(k: string): unknown }[] };
    policies.items = policies.items.filter((p) => p.get("id") !== "ca207-internals-erp-managed-device");
    await writeFile(internals, doc.toString());

    const cap = captureOutput();
    expect(await runImport({ from: EXAMPLE_EXPORT, out: dir, environment: "prod", format: "json" }, cap.out)).toBeLessThanOrEqual(1);
    const report = JSON.parse(cap.stdout()) as { files: string[]; imported: Record<string, number>; alreadyInCatalog: number };
    expect(Object.entries(report.imported).filter(([, n]) => n > 0)).toEqual([["conditionalAccessPolicies", 1]]);
    expect(report.alreadyInCatalog).toBeGreaterThan(100);
    expect(report.files).toEqual(["policies/imported-conditional-access.yaml"]);
    const catalog = (await loadCatalog(dir)).catalog!;
    const adopted = catalog.conditionalAccessPolicies.find((p) => p.spec.importFrom)!;
    expect(adopted.spec.users.include.groups).toEqual(["all-personnel"]);
    expect(adopted.spec.applications).toEqual({ include: ["erp"], exclude: [] });
    expect(await runValidate({ catalog: dir, format: "human" }, captureOutput().out)).toBe(0);
  });

  it("matches adopted objects by object ID in drift: a rename in the portal is a difference, a namesake is a new object", async () => {
    const dir = await prodOnlyCatalog();
    await runImport({ from: EXAMPLE_EXPORT, out: dir, manageMembers: true, format: "json" }, captureOutput().out);
    const changed = await mkdtemp(path.join(tmpdir(), "idac-renamed-"));
    await cp(EXAMPLE_EXPORT, changed, { recursive: true });
    const edit = pageEditor(changed);
    const treasury = exported.groups.find((g) => g.displayName === "FIN Treasury")!;
    const file = (await readFile(path.join(changed, "groups/page-1.json"), "utf8")).includes(treasury.id)
      ? "groups/page-1.json"
      : (await readFile(path.join(changed, "groups/page-2.json"), "utf8")).includes(treasury.id)
        ? "groups/page-2.json"
        : "groups/page-3.json";
    await edit(file, (p) => {
      const g = p.value.find((x) => x.id === treasury.id)!;
      g.displayName = "FIN Treasury (renamed in the portal)";
      p.value.push({ ...g, id: "77777777-7777-4777-8777-777777777777", displayName: "FIN General Ledger" });
    });
    const cap = captureOutput();
    expect(await runDrift({ catalog: dir, from: changed, environment: "prod", format: "json" }, cap.out)).toBe(1);
    const items = (
      JSON.parse(cap.stdout()) as {
        items: { kind: string; name: string; objectId: string; entry?: { id: string }; differences?: { path: string; actual: unknown }[] }[];
      }
    ).items;
    expect(items.map((i) => [i.kind, i.name, i.entry?.id ?? i.objectId, i.differences?.map((d) => `${d.path}=${String(d.actual)}`)])).toEqual([
      ["different", "FIN Treasury", "fin-treasury", ["displayName=FIN Treasury (renamed in the portal)"]],
      ["onlyInTenant", "FIN General Ledger", "77777777-7777-4777-8777-777777777777", undefined],
    ]);
  });

  it("lists business roles and privileged roles it cannot express, with the reason, and imports the rest", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-messy-roles-"));
    await cp(EXAMPLE_EXPORT, dir, { recursive: true });
    const edit = pageEditor(dir);
    const group = (name: string) => exported.groups.find((g) => g.displayName === name)!.id;
    // Somebody made an eligibility permanent, and added a second resource to an access package in the portal.
    await edit(
      `groupEligibilitySchedules/${group("PIM-User-Administrators")}-1.json`,
      (p) => void (p.value[0]!.scheduleInfo.expiration = { type: "noExpiration", endDateTime: null, duration: null }),
    );
    await edit("accessPackages/page-1.json", (p) => {
      const pkg = p.value.find((x) => x.displayName === "Buyer")!;
      pkg.resourceRoleScopes.push({
        ...pkg.resourceRoleScopes[0],
        id: "extra",
        scope: { ...pkg.resourceRoleScopes[0].scope, originId: group("SC Procurement") },
      });
    });
    // …and made somebody eligible for Security Administrator directly, outside any PIM group.
    const kofi = exported.users.find((u) => u.userPrincipalName === "kofi.boateng@meridian.org")!.id;
    await edit(
      "roleEligibilitySchedules/page-1.json",
      (p) =>
        void p.value.push({
          id: "direct-1",
          roleDefinitionId: "194ae4cb-b126-40b2-bd5b-6091b380977d",
          principalId: kofi,
          directoryScopeId: "/",
          memberType: "Direct",
          scheduleInfo: { expiration: { type: "noExpiration" } },
        }),
    );
    const out = await prodOnlyCatalog();
    const cap = captureOutput();
    await runImport({ from: dir, out, format: "json" }, cap.out);
    const report = JSON.parse(cap.stdout()) as { imported: Record<string, number>; notImported: { collection: string; displayName: string; reason: string }[] };
    const why = Object.fromEntries(report.notImported.map((n) => [n.displayName, n.reason]));
    expect(why["PIM-User-Administrators"]).toMatch(/eligibility schedule of elena\.petrova@meridian\.org never ends: set an end in PIM/);
    expect(why["Role - Buyer"]).toMatch(/holds 2 resources/);
    expect(why["Buyer"]).toMatch(/not the package of a business role/);
    expect(why["Security Administrator → kofi.boateng@meridian.org"]).toMatch(/eligible for a directory role directly/);
    expect(report.imported.privilegedRoles).toBe(example.privilegedRoles.length - 1);
    expect(report.imported.businessRoles).toBe(example.businessRoles.filter((r) => r.hasRoleGroup).length - 1);
  });

  it("writes nothing and exits 2 without an environment to import into, or with a bad export", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "idac-empty-"));
    const cap = captureOutput();
    expect(await runImport({ from: EXAMPLE_EXPORT, out: empty, format: "md" }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/No environment .*declare the tenant first/);
    expect(await readTree(empty)).toEqual({});

    const bad = await mkdtemp(path.join(tmpdir(), "idac-bad-export-"));
    await writeFile(
      path.join(bad, "conditionalAccessPolicies.json"),
      JSON.stringify({ value: [{ id: "p", displayName: "x", state: "enabled", conditions: { users: { includeUsers: "All" } } }] }),
    );
    const dir = await prodOnlyCatalog();
    const before = await readTree(dir);
    const cap2 = captureOutput();
    expect(await runImport({ from: bad, out: dir, format: "md" }, cap2.out)).toBe(2);
    expect(cap2.stderr()).toMatch(/conditionalAccessPolicies\.json: \$\.value\[0\]\.conditions\.users\.includeUsers: /);
    expect(await readTree(dir)).toEqual(before);
  });
});

import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { canonical, omit } from "../src/brownfield/compare";
import { caComparable } from "../src/brownfield/concepts/conditional-access";
import { compareTenants } from "../src/brownfield/drift";
import { readGraphExport, type GraphExport } from "../src/brownfield/graph";
import { expectedTenant } from "../src/brownfield/tenant";
import { runImport } from "../src/cli/commands/import";
import { loadCatalog } from "../src/resolve/load-catalog";
import { captureOutput, ENV_YAML } from "./helpers/catalog";
import { providerExpand, terraformResolver } from "./helpers/provider-expand";
import { resources, synthCatalog, type TfJson } from "./helpers/synth";

const FIXTURE = path.resolve(__dirname, "fixtures/graph/ca-real-world");
const BREAK_GLASS = ["aaaaaaaa-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000002", "aaaaaaaa-0000-0000-0000-0000000000ff"];

interface Report {
  imported: Record<string, number>;
  notImported: {
    collection: string;
    displayName: string;
    reason: string;
    properties?: { path: string; value: unknown; limit: "provider" | "idac"; why: string }[];
  }[];
  differences: unknown[];
  checks: { roundTrip: { objects: number; notReproduced: number }; throughCatalog: { ran: boolean } };
}

let data: GraphExport;
let catalog: string;
let report: Report;
let stacks: Record<string, TfJson>;

beforeAll(async () => {
  data = await readGraphExport(FIXTURE);
  catalog = await mkdtemp(path.join(tmpdir(), "idac-real-world-"));
  await mkdir(path.join(catalog, "environments"));
  await writeFile(path.join(catalog, "environments/test.yaml"), ENV_YAML);
  const cap = captureOutput();
  expect(await runImport({ from: FIXTURE, out: catalog, format: "json" }, cap.out)).toBe(0);
  report = JSON.parse(cap.stdout()) as Report;
  stacks = await synthCatalog(catalog);
}, 60_000);

describe("importing real-world conditional access policies (Graph documentation examples and Microsoft templates)", () => {
  it("imports the policies azuread 3.7.0 can express and refuses exactly the others, with both checks run", () => {
    expect(report.imported.conditionalAccessPolicies).toBe(13);
    expect(
      report.notImported
        .filter((n) => n.collection === "conditionalAccessPolicies")
        .map((n) => n.displayName)
        .sort(),
    ).toEqual([
      "Block agent identities from all resources",
      "Demo app for documentation",
      "Require token protection for sign-in sessions",
      "Step-up for sensitive SharePoint sites",
    ]);
    expect(report.checks).toEqual({ roundTrip: { objects: 16, notReproduced: 4 }, throughCatalog: { ran: true, objects: 16 } });
  });

  it("names every property that keeps a policy out, its value, and whether the provider or idac is the limit", () => {
    const why = (name: string) => report.notImported.find((n) => n.displayName === name)!.properties!.map((p) => [p.path, p.value, p.limit]);
    expect(why("Require token protection for sign-in sessions")).toEqual([["sessionControls.secureSignInSession", { isEnabled: true }, "provider"]]);
    expect(why("Step-up for sensitive SharePoint sites")).toEqual([
      ["conditions.applications.includeAuthenticationContextClassReferences", ["c1"], "provider"],
    ]);
    expect(why("Block agent identities from all resources")).toEqual([
      ["conditions.applications.includeApplications", "AllAgentIdResources", "provider"],
      ["conditions.clientApplications.includeAgentIdServicePrincipals", ["All"], "provider"],
    ]);
    const demo = why("Demo app for documentation");
    // The legacy keyword is kept as it is (azuread 3.7.0 sends included and excluded users as written).
    expect(demo.map(([p]) => p)).not.toContain("conditions.users.excludeUsers");
    expect(demo).toContainEqual(["conditions.locations.excludeLocations", "d2136c9c-b049-47ae-b9cf-316e04ef7198", "idac"]);
    expect(demo.filter(([p]) => p === "conditions.applications.excludeApplications")).toHaveLength(6);
    for (const n of report.notImported.filter((x) => x.collection === "conditionalAccessPolicies")) {
      for (const p of n.properties!) {
        expect(n.reason).toContain(p.path);
        expect(p.why.length).toBeGreaterThan(10);
        if (p.limit === "provider") expect(p.why).toMatch(/azuread 3\.7\.0/);
      }
    }
  });

  it("changes nothing silently: the imported catalog describes every imported policy exactly as the export holds it", async () => {
    expect(report.differences).toEqual([]);
    const imported = (await loadCatalog(catalog)).catalog!;
    const drift = compareTenants(expectedTenant(imported, "test"), data, {
      breakGlass: BREAK_GLASS,
      collections: ["conditionalAccessPolicies", "namedLocations"],
    });
    // The refused policies are only in the tenant; everything imported comes back as it is.
    expect(drift.filter((d) => d.kind !== "onlyInTenant")).toEqual([]);
    expect(drift.map((d) => d.name).sort()).toEqual(
      report.notImported
        .filter((n) => n.collection === "conditionalAccessPolicies")
        .map((n) => n.displayName)
        .sort(),
    );
  });

  it("synthesizes each imported policy to what azuread 3.7.0 sends Entra for it, with the grant operator kept", () => {
    const users = new Map(data.users.map((u) => [String(u.userPrincipalName).toLowerCase(), u.id]));
    const sps = new Map(data.servicePrincipals.map((s) => [s.appId.toLowerCase(), s.id]));
    const resolve = terraformResolver(stacks, {
      userId: (upn) => users.get(upn.toLowerCase())!,
      servicePrincipalId: (clientId) => sps.get(clientId.toLowerCase())!,
    });
    const comparable = (p: Record<string, unknown>) =>
      canonical(omit(caComparable(p), ["id", "description", "templateId", "createdDateTime", "modifiedDateTime"]), new Map(), "");
    const synthesized = Object.values(resources(stacks, "azuread_conditional_access_policy"));
    expect(synthesized).toHaveLength(13);
    for (const resource of synthesized) {
      const policy = data.conditionalAccessPolicies.find((p) => p.displayName === resource.display_name)!;
      expect(comparable(providerExpand(resource, resolve)), policy.displayName).toEqual(comparable(policy));
    }
    const block = synthesized.find((r) => r.display_name === "Block access for unknown or unsupported device platform")!;
    expect(block.grant_controls).toEqual({ operator: "AND", built_in_controls: ["block"] });
    const sessionOnly = synthesized.find((r) => r.display_name === "Use application enforced restrictions for O365 apps")!;
    expect(sessionOnly.grant_controls).toBeUndefined();
    expect(sessionOnly.session_controls).toEqual({ application_enforced_restrictions_enabled: true });
  });
});

import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { coverageMatrix } from "../src/analysis/conditional-access/coverage";
import { cleanupReport } from "../src/brownfield/cleanup";
import { canonical, omit } from "../src/brownfield/compare";
import { caComparable } from "../src/brownfield/concepts/conditional-access";
import { compareTenants } from "../src/brownfield/drift";
import { readGraphExport, type GraphExport } from "../src/brownfield/graph";
import { expectedTenant } from "../src/brownfield/tenant";
import { runImport } from "../src/cli/commands/import";
import { runGuardrails } from "../src/guardrails/engine";
import { environmentView } from "../src/model/environment";
import { loadCatalog } from "../src/resolve/load-catalog";
import { captureOutput, ENV_YAML } from "./helpers/catalog";
import { providerExpand, terraformResolver } from "./helpers/provider-expand";
import { resources, synthCatalog, type TfJson } from "./helpers/synth";

/** Microsoft's templates and documented policies exported three ways at once: see fixtures/graph/ca-mixed-export/README.md. */
const FIXTURE = path.resolve(__dirname, "fixtures/graph/ca-mixed-export");
const BREAK_GLASS = ["aaaaaaaa-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000002", "aaaaaaaa-0000-0000-0000-0000000000ff"];
const OWNER = "MeganB@woodgrove.com";

interface Report {
  imported: Record<string, number>;
  notImported: {
    collection: string;
    displayName: string;
    reason: string;
    properties?: { path: string; value: unknown; limit: "provider" | "idac"; why: string }[];
  }[];
  differences: unknown[];
  checks: { roundTrip: { objects: number; notReproduced: number }; throughCatalog: { ran: boolean; objects?: number } };
}

/** The policies azuread 3.7.0 cannot express, with the property that keeps each out. */
const REFUSED: Record<string, string[]> = {
  "Block agents with high risk": ["conditions.agentIdRiskLevels", "conditions.clientApplications.includeAgentIdServicePrincipals"],
  "Block apps tagged as high business impact": ["conditions.applications.applicationFilter"],
  "Remediate high user risk with passwordless sign-in": ["grantControls.builtInControls"],
  "Require token protection for sign-in sessions on Windows": ["sessionControls.secureSignInSession"],
  "Step-up for privileged role activation": ["conditions.applications.includeAuthenticationContextClassReferences"],
  "Strictly enforce location policies": ["sessionControls.continuousAccessEvaluation"],
};

let data: GraphExport;
let catalog: string;
let report: Report;
let stacks: Record<string, TfJson>;

beforeAll(async () => {
  data = await readGraphExport(FIXTURE);
  catalog = await mkdtemp(path.join(tmpdir(), "idac-mixed-export-"));
  await mkdir(path.join(catalog, "environments"));
  await writeFile(path.join(catalog, "environments/test.yaml"), ENV_YAML);
  const cap = captureOutput();
  await runImport({ from: FIXTURE, out: catalog, format: "json", defaultOwners: [OWNER] }, cap.out);
  report = JSON.parse(cap.stdout()) as Report;
  stacks = await synthCatalog(catalog);
}, 120_000);

describe("importing an export mixing beta PowerShell files, v1.0 pages and portal downloads", () => {
  it("reads every policy whatever its encoding, endpoint and layout", () => {
    expect(data.conditionalAccessPolicies).toHaveLength(36);
    expect(data.namedLocations.map((l) => l.displayName).sort()).toEqual(["Countries of operation", "Headquarters"]);
  });

  it("imports every policy azuread 3.7.0 can express and refuses only those it cannot, each for the provider", () => {
    expect(report.imported.conditionalAccessPolicies).toBe(30);
    const refused = report.notImported.filter((n) => n.collection === "conditionalAccessPolicies");
    expect(Object.fromEntries(refused.map((n) => [n.displayName, n.properties!.map((p) => p.path)]))).toEqual(REFUSED);
    for (const n of refused) {
      for (const p of n.properties!) {
        expect(p.limit, `${n.displayName}: ${p.path}`).toBe("provider");
        expect(p.why).toMatch(/azuread 3\.7\.0/);
        expect(n.reason).toContain(p.path);
      }
    }
    expect(report.checks.roundTrip).toEqual({ objects: 40, notReproduced: 6 });
    expect(report.checks.throughCatalog).toMatchObject({ ran: true });
  });

  it("changes no imported policy: only the groups' placeholder descriptions and default owners are updates", async () => {
    const differences = report.differences as { collection: string; differences: { path: string }[] }[];
    expect(differences.filter((d) => d.collection !== "groups")).toEqual([]);
    expect(new Set(differences.flatMap((d) => d.differences.map((x) => x.path)))).toEqual(new Set(["description", "owners"]));
    const imported = (await loadCatalog(catalog)).catalog!;
    const drift = compareTenants(expectedTenant(imported, "test"), data, {
      breakGlass: BREAK_GLASS,
      collections: ["conditionalAccessPolicies", "namedLocations", "authenticationStrengthPolicies"],
    });
    expect(drift.filter((d) => d.kind !== "onlyInTenant")).toEqual([]);
    expect(drift.map((d) => d.name).sort()).toEqual(Object.keys(REFUSED).sort());
  });

  it("synthesizes each imported policy to exactly what the export holds, as azuread 3.7.0 sends it", () => {
    const users = new Map(data.users.map((u) => [String(u.userPrincipalName).toLowerCase(), u.id]));
    const sps = new Map(data.servicePrincipals.map((s) => [s.appId.toLowerCase(), s.id]));
    const resolve = terraformResolver(stacks, {
      userId: (upn) => users.get(upn.toLowerCase())!,
      servicePrincipalId: (clientId) => sps.get(clientId.toLowerCase())!,
    });
    const comparable = (p: Record<string, unknown>) =>
      canonical(omit(caComparable(p), ["id", "description", "templateId", "createdDateTime", "modifiedDateTime"]), new Map(), "");
    const synthesized = Object.values(resources(stacks, "azuread_conditional_access_policy"));
    expect(synthesized).toHaveLength(30);
    for (const resource of synthesized) {
      const policy = data.conditionalAccessPolicies.find((p) => p.displayName === resource.display_name)!;
      expect(comparable(providerExpand(resource, resolve)), policy.displayName).toEqual(comparable(policy));
    }
    const legacy = synthesized.find((r) => r.display_name === "Require multifactor authentication for members (guests excluded by the legacy keyword)")!;
    expect((legacy.conditions as { users: { excluded_users: string[] } }).users.excluded_users).toContain("GuestsOrExternalUsers");
  });
});

describe("analyses of the imported tenant", () => {
  const WORKLOAD_POLICIES = ["Block high-risk workload identities with a project attribute", "Block ledger batch outside headquarters"];

  it("does not ask policies on workload identities to exclude the break-glass accounts (they include no user)", async () => {
    const items = cleanupReport(data, { accounts: BREAK_GLASS.slice(0, 2), groups: BREAK_GLASS.slice(2) });
    // Only the agent policy, which includes no user either, would be named besides them: nothing is.
    expect(items.filter((i) => i.problem === "policy-without-break-glass-exclusion")).toEqual([]);
    const imported = (await loadCatalog(catalog)).catalog!;
    const findings = runGuardrails(imported, { today: "2026-12-01" }).findings;
    const workload = imported.conditionalAccessPolicies.filter((p) => WORKLOAD_POLICIES.includes(p.spec.displayName)).map((p) => p.id);
    expect(workload).toHaveLength(2);
    expect(findings.filter((f) => workload.includes(f.entry.id)).map((f) => f.rule)).not.toContain("IDAC-CA-011");
    expect(findings.filter((f) => workload.includes(f.entry.id)).map((f) => f.rule)).not.toContain("IDAC-CA-030");
  });

  it("counts MFA for all users that excludes only the Directory Synchronization Accounts role as MFA for every administrator", async () => {
    const findings = runGuardrails((await loadCatalog(catalog)).catalog!, { today: "2026-12-01" }).findings;
    expect(findings.map((f) => f.rule)).not.toContain("IDAC-CA-015");
    // The template's admin policy lacks Hybrid Identity Administrator, and the device policy names six roles: those stay findings.
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(["IDAC-CA-007", "IDAC-CA-019"]));
  });

  it(
    "lists no policy as applying to no persona: device filters and insider risk may " +
      "apply, workload identities are no persona, Intune enrollment is in the matrix",
    async () => {
      const c = coverageMatrix(environmentView((await loadCatalog(catalog)).catalog!, "test"));
      expect(c.unapplied).toEqual([]);
      expect(c.apps).toContain("IntuneEnrollment");
    },
  );

  it("leaves a policy on guests of listed partner tenants undecided for a guest persona, whose home tenant is unknown", async () => {
    const imported = (await loadCatalog(catalog)).catalog!;
    const partner = imported.conditionalAccessPolicies.find((p) => p.spec.displayName === "Partner tenants need multifactor authentication")!.id;
    const c = coverageMatrix(environmentView(imported, "test"));
    const cells = c.cells.filter((x) => x.persona === "guest-b2bcollaborationguest" && x.app === "Office365" && x.client === "browser");
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      expect(cell.controls.some((x) => x.startsWith(`${partner}:`))).toBe(false);
      if (!cell.controls.some((x) => x.endsWith(": block")))
        expect(cell.undecided).toContainEqual(expect.stringMatching(new RegExp(`^${partner}: .*home tenant`)));
    }
  });
});

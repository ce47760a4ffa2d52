import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runDrift } from "../../src/cli/commands/drift";
import { runImport } from "../../src/cli/commands/import";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { captureOutput } from "../helpers/catalog";
import { prodOnlyCatalog } from "../helpers/graph-fixture";
import { synthCatalog, type TfJson } from "../helpers/synth";

/**
 * Lifecycle workflows, the authentication methods policy and directory role settings against a tenant: the example's
 * Graph v1.0 export (test/fixtures/graph/example-prod) is imported and synthesized to the request bodies the bundled
 * example writes, and drift names what was changed in the portal.
 */
const ROOT = path.resolve(__dirname, "../..");
const EXAMPLE_EXPORT = path.join(ROOT, "test/fixtures/graph/example-prod");

type Resources = Record<string, Record<string, { body?: Record<string, unknown> }>>;

/** The governance request bodies of a catalog's prod stacks: workflows by display name, methods by target, role rules by role. */
async function governanceBodies(dir: string) {
  const stacks: Record<string, TfJson> = await synthCatalog(dir);
  const resource = (stacks["prod-governance"] as { resource?: Resources }).resource ?? {};
  const catalog = (await loadCatalog(dir)).catalog!;
  const of = (type: string, prefix: string) => Object.entries(resource[type] ?? {}).filter(([name]) => name.startsWith(prefix));
  return {
    workflows: Object.fromEntries(of("msgraph_resource", "lifecycle_workflow__").map(([, r]) => [String(r.body!.displayName), r.body])),
    methods: Object.fromEntries(of("msgraph_update_resource", "auth_method__").map(([name, r]) => [name, r.body])),
    roleRules: Object.fromEntries(
      catalog.directoryRoleSettings.map((d) => [
        d.spec.directoryRole,
        Object.fromEntries(
          of("msgraph_update_resource", `directory_role_rule__${d.id.replace(/-/g, "_")}__`).map(([name, r]) => [name.split("__")[2], r.body]),
        ),
      ]),
    ),
  };
}

/** The bundled example with the prod environment only (as the import's target has). */
async function exampleProd(): Promise<string> {
  const dir = await prodOnlyCatalog();
  for (const f of ["roles", "policies"]) await cp(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  return dir;
}

describe("export → import → synth", () => {
  it("gives the same workflow, authentication method and directory role rule bodies as the bundled example", async () => {
    const dir = await prodOnlyCatalog();
    expect(await runImport({ from: EXAMPLE_EXPORT, out: dir, manageMembers: true, format: "json" }, captureOutput().out)).toBe(0);
    const imported = await governanceBodies(dir);
    const example = await governanceBodies(await exampleProd());
    expect(Object.keys(imported.workflows)).toHaveLength(4);
    expect(Object.keys(imported.methods).sort()).toEqual([
      "auth_method__fido2",
      "auth_method__microsoftauthenticator",
      "auth_method__policy",
      "auth_method__sms",
      "auth_method__temporaryaccesspass",
      "auth_method__voice",
    ]);
    expect(Object.keys(imported.roleRules).sort()).toEqual(["Global Administrator", "Global Reader", "Reports Reader"]);
    expect(imported).toEqual(example);
  });
});

/** Edits one file of an export in place, as somebody changing the tenant in the portal would. */
async function edit(dir: string, file: string, change: (json: any) => void): Promise<void> {
  const json = JSON.parse(await readFile(path.join(dir, file), "utf8"));
  change(json);
  await writeFile(path.join(dir, file), JSON.stringify(json));
}

describe("idac drift", () => {
  it("reports a method re-enabled, a leaver task removed and an activation rule loosened in the portal, each by its property", async () => {
    const changed = await mkdtemp(path.join(tmpdir(), "idac-governance-drift-"));
    await cp(EXAMPLE_EXPORT, changed, { recursive: true });
    await edit(changed, "authenticationMethodsPolicies/page-1.json", (p) => {
      p.authenticationMethodConfigurations.find((c: { id: string }) => c.id === "Sms").state = "enabled";
      // A method the catalog does not set is not drift.
      p.authenticationMethodConfigurations.find((c: { id: string }) => c.id === "Email").state = "disabled";
    });
    await edit(changed, "lifecycleWorkflows/page-1.json", (page) => {
      const leaver = page.value.find((w: { displayName: string }) => w.displayName === "Leaver - on the last day");
      leaver.tasks = leaver.tasks.filter((t: { displayName: string }) => t.displayName !== "Remove all access package assignments for user");
    });
    await edit(changed, "directoryRolePolicies/page-1.json", (page) => {
      for (const a of page.value) {
        const rule = a.policy.rules.find((r: { id: string }) => r.id === "Expiration_EndUser_Assignment");
        // Global Administrator: 1 hour becomes 8. Helpdesk Administrator is not the catalog's: its change is not drift.
        if (a.roleDefinitionId === "62e90394-69f5-4237-9190-012177145e10") rule.maximumDuration = "PT8H";
        if (a.roleDefinitionId === "729827e3-9c14-49f7-bb1b-9608f156bbb8") rule.maximumDuration = "PT24H";
      }
    });
    const cap = captureOutput();
    expect(await runDrift({ catalog: ROOT, from: changed, environment: "prod", format: "json" }, cap.out)).toBe(1);
    const items = (
      JSON.parse(cap.stdout()) as {
        items: {
          kind: string;
          collection: string;
          name: string;
          entry?: { id: string };
          differences?: { path: string; expected?: unknown; actual?: unknown }[];
        }[];
      }
    ).items;
    expect(items.map((i) => [i.kind, i.collection, i.entry?.id, i.differences?.map((d) => d.path)])).toEqual([
      ["different", "lifecycleWorkflows", "leaver-personnel", ["tasks"]],
      ["different", "authenticationMethodsPolicies", "tenant", ["authenticationMethodConfigurations.sms.state"]],
      ["different", "directoryRolePolicies", "global-admin-direct", ["rules.Expiration_EndUser_Assignment.maximumDuration"]],
    ]);
    const [tasks, sms, activation] = items.map((i) => i.differences![0]!);
    expect(JSON.stringify(tasks!.expected)).toContain("Remove all access package assignments for user");
    expect(JSON.stringify(tasks!.actual)).not.toContain("Remove all access package assignments for user");
    expect([sms!.expected, sms!.actual]).toEqual(["disabled", "enabled"]);
    expect([activation!.expected, activation!.actual]).toEqual(["PT1H", "PT8H"]);
  });
});

describe("idac import", () => {
  it("lists what the catalog cannot express as not imported, naming the property, and writes nothing for it", async () => {
    const changed = await mkdtemp(path.join(tmpdir(), "idac-governance-refused-"));
    await cp(EXAMPLE_EXPORT, changed, { recursive: true });
    await edit(changed, "lifecycleWorkflows/page-1.json", (page) => {
      const joiner = page.value.find((w: { displayName: string }) => w.displayName === "Joiner - staff");
      // A custom task extension (a Logic App): not a built-in task.
      // Read without $expand=tasks: no tasks, which is not a workflow without tasks.
      delete page.value.find((w: { displayName: string }) => w.displayName === "Leaver - 30 days after").tasks;
      joiner.tasks[2] = {
        ...joiner.tasks[2],
        displayName: "Run a Custom Task Extension",
        taskDefinitionId: "4262b724-8dba-4fad-afc3-43fcbb497a0e",
        arguments: [{ name: "customTaskExtensionID", value: "8e2f5b4a-7b9d-4a6e-9c1f-2d3e4f5a6b7c" }],
      };
    });
    await edit(changed, "authenticationMethodsPolicies/page-1.json", (p) => {
      const sms = p.authenticationMethodConfigurations.find((c: { id: string }) => c.id === "Sms");
      sms.includeTargets = [{ targetType: "user", id: "a1111111-1111-4111-8111-111111111111", isRegistrationRequired: false }];
    });
    await edit(changed, "directoryRolePolicies/page-1.json", (page) => {
      const reader = page.value.find((a: { roleDefinitionId: string }) => a.roleDefinitionId === "4a5d8f65-41da-4de4-8968-e035b65339cf");
      const approval = reader.policy.rules.find((r: { id: string }) => r.id === "Approval_EndUser_Assignment");
      const stage = {
        approvalStageTimeOutInDays: 1,
        isApproverJustificationRequired: true,
        escalationTimeInMinutes: 0,
        isEscalationEnabled: false,
        primaryApprovers: [],
        escalationApprovers: [],
      };
      approval.setting = { ...approval.setting, isApprovalRequired: true, approvalMode: "Serial", approvalStages: [stage, stage] };
    });
    const dir = await prodOnlyCatalog();
    const cap = captureOutput();
    expect(await runImport({ from: changed, out: dir, manageMembers: true, format: "json" }, cap.out)).toBe(0);
    const report = JSON.parse(cap.stdout()) as { imported: Record<string, number>; notImported: { collection: string; displayName: string; reason: string }[] };
    const refused = report.notImported.filter((n) => ["lifecycleWorkflows", "authenticationMethodsPolicies", "directoryRolePolicies"].includes(n.collection));
    expect(refused.map((n) => [n.collection, n.displayName])).toEqual([
      ["authenticationMethodsPolicies", "Authentication methods policy"],
      ["directoryRolePolicies", "Reports Reader"],
      ["lifecycleWorkflows", "Joiner - staff"],
      ["lifecycleWorkflows", "Leaver - 30 days after"],
    ]);
    expect(refused[0]!.reason).toMatch(/Sms.*includeTargets\[0\] targets a user/i);
    expect(refused[1]!.reason).toContain("Approval_EndUser_Assignment.setting.approvalStages has 2 stages");
    expect(refused[2]!.reason).toMatch(/tasks\[2\]\.taskDefinitionId 4262b724-8dba-4fad-afc3-43fcbb497a0e .*not a built-in task/);
    expect(refused[3]!.reason).toContain("tasks: the export has none for this workflow");
    expect(report.imported).toMatchObject({ lifecycleWorkflows: 2, authenticationMethodsPolicies: 0, directoryRoleSettings: 2 });
    const catalog = (await loadCatalog(dir)).catalog!;
    expect(catalog.lifecycleWorkflows.map((w) => w.spec.displayName)).not.toContain("Joiner - staff");
    expect(catalog.directoryRoleSettings.map((d) => d.spec.directoryRole)).toEqual(["Global Administrator", "Global Reader"]);
  });
});

describe("idac drift without entries", () => {
  it("does not call the tenant's one authentication methods policy or a directory role's policy drift when the catalog manages neither", async () => {
    const dir = await exampleProd();
    await rm(path.join(dir, "policies/governance/authentication-methods.yaml"));
    await rm(path.join(dir, "roles/directory-role-settings.yaml"));
    const cap = captureOutput();
    await runDrift({ catalog: dir, from: EXAMPLE_EXPORT, environment: "prod", format: "json" }, cap.out);
    // (Without prod's per-policy overrides, conditional access policies differ in state: not this test's concern.)
    const items = (JSON.parse(cap.stdout()) as { items: { collection: string }[] }).items;
    expect(items.filter((i) => i.collection !== "conditionalAccessPolicies")).toEqual([]);
  });
});

import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPlanGate, runPlanSummary } from "../../src/cli/commands/plan";
import { gatePlans, DEFAULT_GATE } from "../../src/plan/gate";
import { PlanJson } from "../../src/plan/plan-json";
import { summarizePlans } from "../../src/plan/summary";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { synthesizeInto } from "../../src/stacks/app";
import { captureOutput } from "../helpers/catalog";
import { plan, resourceChange } from "../helpers/plan";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/plans");
const fixture = (name: string) => path.join(FIXTURES, `${name}.json`);

describe("plan-summary and plan-gate on recorded plans", () => {
  it("show a deleted CA policy and a new privileged eligibility at the top, in catalog terms, and gate them", async () => {
    const files = [fixture("prod-conditional-access"), fixture("prod-privileged-access")];
    const md = captureOutput();
    expect(await runPlanSummary({ files, format: "md", catalog: ROOT }, md.out)).toBe(0);
    const text = md.stdout();
    const privileged = text.indexOf("### Privileged access (1)");
    const ca = text.indexOf("### Conditional access (1)");
    expect(privileged).toBeGreaterThan(0);
    expect(ca).toBeGreaterThan(privileged);
    expect(text).toMatch(/\*\*Risk: critical\*\*/);
    expect(text).toMatch(/create\*\* eligibility for privileged role `global-admin \/ omar-haddad-1a2b3c4d`/);
    expect(text).toMatch(/delete\*\* conditional access policy `ca001-block-legacy-authentication` \(CA001-Global-AttackSurfaceReduction/);

    const gate = captureOutput();
    expect(await runPlanGate({ files, format: "md", catalog: ROOT }, gate.out)).toBe(1);
    expect(gate.stderr()).toMatch(/BLOCKED destroy \[prod-conditional-access\] Deletes conditional access policy 'ca001-block-legacy-authentication'/);
    expect(gate.stderr()).toMatch(/review Privileged access: create eligibility for privileged role 'global-admin/);
    expect(gate.stderr()).toMatch(/--allow destroy/);
    expect(await runPlanGate({ files, format: "md", catalog: ROOT, allow: ["destroy"] }, captureOutput().out)).toBe(0);
  });

  it("pass the gate for a plan that only updates a group description", async () => {
    const gate = captureOutput();
    expect(await runPlanGate({ files: [fixture("prod-groups-description")], format: "md", catalog: ROOT }, gate.out)).toBe(0);
    const md = captureOutput();
    await runPlanSummary({ files: [fixture("prod-groups-description")], format: "md", catalog: ROOT }, md.out);
    expect(md.stdout()).toMatch(/update\*\* group `fin-ap-team` \(FIN Accounts Payable\)/);
  });

  it("report a replacement with the ForceNew attribute that causes it", async () => {
    const json = captureOutput();
    await runPlanSummary({ files: [fixture("prod-groups-replace")], format: "json", catalog: ROOT }, json.out);
    const s = JSON.parse(json.stdout()) as ReturnType<typeof summarizePlans> & { gate: { condition: string }[] };
    expect(s.changes).toEqual([
      expect.objectContaining({
        action: "replace",
        kind: "group",
        catalogId: "fin-ap-team",
        replacedBecauseOf: ["assignable_to_role"],
        reason: "replace_because_cannot_update",
      }),
    ]);
    // The group becomes role-assignable with its member and owner: standing privileged membership and ownership.
    expect(s.gate.map((t) => t.condition)).toEqual(["replace", "standing-access", "privileged-owners"]);
  });

  it("show changes made outside Terraform separately", async () => {
    const md = captureOutput();
    await runPlanSummary({ files: [fixture("prod-groups-drift")], format: "md", catalog: ROOT }, md.out);
    expect(md.stdout()).toMatch(/No changes\.[\s\S]*### Changed outside Terraform \(1\)\n\n- group `fin-ap-team`/);
  });

  it("fail clearly on a file that is not a plan", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-plan-"));
    await writeFile(path.join(dir, "x.json"), '{"hello": 1}');
    const cap = captureOutput();
    expect(await runPlanGate({ files: [path.join(dir, "x.json")], format: "md" }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/not a Terraform JSON plan/);
  });
});

describe("the gate", () => {
  const group = { display_name: "FIN AP", assignable_to_role: false, members: Array.from({ length: 60 }, (_, i) => `m${i}`) };
  const cases: [string, ReturnType<typeof plan>, string[], string][] = [
    [
      "deleting a named location",
      plan([resourceChange("azuread_named_location", "location__hq", ["delete"], { display_name: "HQ" }, null)]),
      ["destroy", "destroy"],
      "destroy",
    ],
    [
      "replacing a PIM policy",
      plan([
        resourceChange(
          "azuread_group_role_management_policy",
          "pim_policy__ga",
          ["create", "delete"],
          { role_id: "member" },
          { role_id: "owner" },
          { action_reason: "replace_because_cannot_update", replace_paths: [["role_id"]] },
        ),
      ]),
      ["replace"],
      "replace",
    ],
    [
      "enabling a policy that never ran report-only",
      plan([
        resourceChange(
          "azuread_conditional_access_policy",
          "ca__ca010",
          ["update"],
          { state: "disabled", conditions: [{ users: [{ excluded_users: ["aaaaaaaa-0000-0000-0000-000000000001"] }] }] },
          { state: "enabled", conditions: [{ users: [{ excluded_users: ["aaaaaaaa-0000-0000-0000-000000000001"] }] }] },
        ),
      ]),
      ["enable-ca"],
      "enable-ca",
    ],
    [
      "creating a policy enabled",
      plan([
        resourceChange("azuread_conditional_access_policy", "ca__ca011", ["create"], null, {
          state: "enabled",
          conditions: [{ users: [{ excluded_users: ["aaaaaaaa-0000-0000-0000-000000000001"] }] }],
        }),
      ]),
      ["enable-ca"],
      "enable-ca",
    ],
    [
      "removing a break-glass exclusion",
      plan([
        resourceChange(
          "azuread_conditional_access_policy",
          "ca__ca001",
          ["update"],
          { state: "enabled", conditions: [{ users: [{ excluded_users: ["aaaaaaaa-0000-0000-0000-000000000001"] }] }] },
          { state: "enabled", conditions: [{ users: [{ excluded_users: [] }] }] },
        ),
      ]),
      ["break-glass"],
      "break-glass",
    ],
    [
      "removing 60 members",
      plan([resourceChange("azuread_group", "group__fin_ap", ["update"], group, { ...group, members: [] })]),
      ["large-change"],
      "large-change",
    ],
    [
      "30 creations",
      plan(
        Array.from({ length: 30 }, (_, i) =>
          resourceChange("azuread_group_member", `group_member__fin_ap__role__r${i}`, ["create"], null, { group_object_id: "g", member_object_id: `m${i}` }),
        ),
        {
          configuration: {
            root_module: {
              resources: Array.from({ length: 30 }, (_, i) => ({
                address: `azuread_group_member.group_member__fin_ap__role__r${i}`,
                mode: "managed",
                type: "azuread_group_member",
                name: `group_member__fin_ap__role__r${i}`,
                expressions: {
                  group_object_id: { references: ["azuread_group_without_members.group__fin_ap.object_id", "azuread_group_without_members.group__fin_ap"] },
                  member_object_id: { references: [`azuread_group_without_members.role__r${i}.object_id`, `azuread_group_without_members.role__r${i}`] },
                },
              })),
            },
          },
        },
      ),
      ["large-change"],
      "large-change",
    ],
    [
      "a rename that destroys (delete and create with one display name)",
      plan([
        resourceChange("azuread_access_package_catalog", "catalog__fin", ["delete"], { display_name: "Finance" }, null),
        resourceChange("azuread_access_package_catalog", "catalog__finance", ["create"], null, { display_name: "Finance" }),
      ]),
      ["destroy", "replace", "destroy"],
      "destroy,replace",
    ],
    [
      "deleting a role-assignable group",
      plan([resourceChange("azuread_group", "group__admins", ["delete"], { ...group, assignable_to_role: true }, null)]),
      ["destroy", "destroy"],
      "destroy",
    ],
  ];

  it.each(cases)("trips on %s, and the matching --allow lets it pass", (_label, p, conditions, flag) => {
    const plans = [{ stack: "prod-x", plan: PlanJson.parse(p) }];
    const trips = gatePlans(plans, { ...DEFAULT_GATE, breakGlass: { accounts: ["aaaaaaaa-0000-0000-0000-000000000001"], groups: [] } });
    expect(trips.map((t) => t.condition)).toEqual(conditions);
    expect(trips.every((t) => !t.allowed)).toBe(true);
    const allowed = gatePlans(plans, {
      ...DEFAULT_GATE,
      breakGlass: { accounts: ["aaaaaaaa-0000-0000-0000-000000000001"], groups: [] },
      allow: flag.split(",") as "destroy"[],
    });
    expect(allowed.every((t) => t.allowed)).toBe(true);
  });

  it("does not trip on a plain group update or a policy kept in report-only", () => {
    const p = plan([
      resourceChange("azuread_group", "group__fin_ap", ["update"], { description: "a" }, { description: "b" }),
      resourceChange("azuread_conditional_access_policy", "ca__ca012", ["create"], null, { state: "enabledForReportingButNotEnforced" }),
    ]);
    expect(gatePlans([{ stack: "s", plan: PlanJson.parse(p) }], DEFAULT_GATE)).toEqual([]);
  });
});

describe("plans of every resource type idac emits", () => {
  let byType: Map<string, Record<string, unknown>>;
  beforeAll(async () => {
    const { catalog } = await loadCatalog(ROOT);
    const out = await mkdtemp(path.join(tmpdir(), "idac-plan-types-"));
    synthesizeInto(catalog!, out);
    byType = new Map();
    for (const stack of (await readdir(path.join(out, "stacks"))).filter((s) => s.startsWith("prod-"))) {
      const json = JSON.parse(await readFile(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8")) as {
        resource: Record<string, Record<string, Record<string, unknown>>>;
      };
      for (const [type, ids] of Object.entries(json.resource ?? {})) {
        const [name, body] = Object.entries(ids)[0]!;
        if (!byType.has(type))
          byType.set(type, { name, body: Object.fromEntries(Object.entries(body).filter(([k]) => !["//", "lifecycle", "depends_on"].includes(k))) });
      }
    }
  });

  it("are summarised in catalog terms for create, update, delete, replace, no-op and drift", () => {
    expect(byType.size).toBeGreaterThanOrEqual(17);
    for (const [type, { name, body }] of byType as Map<string, { name: string; body: Record<string, unknown> }>) {
      const changed = { ...body, display_name: "Changed", description: "Changed" };
      const p = PlanJson.parse(
        plan(
          [
            resourceChange(type, `${name}`, ["create"], null, body),
            resourceChange(type, `${name}`, ["update"], body, changed),
            resourceChange(type, `${name}`, ["delete"], body, null),
            resourceChange(type, `${name}`, ["delete", "create"], body, body, {
              action_reason: "replace_because_cannot_update",
              replace_paths: [[Object.keys(body)[0]!]],
            }),
            resourceChange(type, `${name}`, ["no-op"], body, body),
          ],
          { resource_drift: [resourceChange(type, name, ["update"], body, changed)] },
        ),
      );
      const s = summarizePlans([{ stack: "prod-test", plan: p }]);
      expect(s.changes.map((c) => c.action).sort(), type).toEqual(["create", "delete", "replace", "update"]);
      expect(s.drift, type).toHaveLength(1);
      for (const c of s.changes) expect(c.kind, `${type}: ${c.kind}`).not.toBe(type); // mapped back to catalog terms
      expect(s.changes.find((c) => c.action === "replace")!.replacedBecauseOf).toEqual([Object.keys(body)[0]]);
    }
  });

  it("have a fingerprint that ignores order and no-ops but not the changes", () => {
    const a = PlanJson.parse(
      plan([resourceChange("azuread_group", "group__a", ["create"], null, { x: 1, y: 2 }), resourceChange("azuread_group", "group__b", ["no-op"], {}, {})]),
    );
    const b = PlanJson.parse(plan([resourceChange("azuread_group", "group__a", ["create"], null, { y: 2, x: 1 })]));
    const c = PlanJson.parse(plan([resourceChange("azuread_group", "group__a", ["create"], null, { x: 1, y: 3 })]));
    expect(summarizePlans([{ stack: "s", plan: a }]).fingerprint).toBe(summarizePlans([{ stack: "s", plan: b }]).fingerprint);
    expect(summarizePlans([{ stack: "s", plan: a }]).fingerprint).not.toBe(summarizePlans([{ stack: "s", plan: c }]).fingerprint);
  });
});

const terraform = (() => {
  try {
    execFileSync("terraform", ["version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!terraform)("a genuine plan from the terraform binary", () => {
  it("is read by the parser: create, update and replace of built-in terraform_data resources", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-tf-"));
    const tf = (...args: string[]) =>
      execFileSync("terraform", [`-chdir=${dir}`, ...args], {
        stdio: "pipe",
        env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
      }).toString();
    const config = (input: string, trigger: string) =>
      JSON.stringify({ resource: { terraform_data: { kept: { input }, replaced: { triggers_replace: [trigger] }, created: { input: "x" } } } });
    await writeFile(
      path.join(dir, "main.tf.json"),
      JSON.stringify({ resource: { terraform_data: { kept: { input: "a" }, replaced: { triggers_replace: ["1"] } } } }),
    );
    tf("init", "-input=false", "-no-color");
    tf("apply", "-input=false", "-auto-approve", "-no-color");
    await writeFile(path.join(dir, "main.tf.json"), config("b", "2"));
    tf("plan", "-input=false", "-no-color", "-out=plan.tfplan");
    const json = JSON.parse(tf("show", "-json", "plan.tfplan"));
    const s = summarizePlans([{ stack: "local", plan: PlanJson.parse(json) }]);
    const actions = Object.fromEntries(s.changes.map((c) => [c.address, c]));
    expect(actions["terraform_data.kept"]).toMatchObject({
      action: "update",
      attributes: expect.arrayContaining([
        { attribute: "input", before: "a", after: "b" },
        { attribute: "output", before: "a", after: "(known after apply)" },
      ]),
    });
    expect(actions["terraform_data.replaced"]).toMatchObject({
      action: "replace",
      replacedBecauseOf: ["triggers_replace"],
      reason: "replace_because_cannot_update",
    });
    expect(actions["terraform_data.created"]).toMatchObject({ action: "create" });
    // terraform_data is no resource idac emits: each change of one is foreign as well.
    expect(gatePlans([{ stack: "local", plan: PlanJson.parse(json) }], DEFAULT_GATE).map((t) => `${t.condition} ${t.address}`)).toEqual([
      "foreign terraform_data.created",
      "foreign terraform_data.kept",
      "replace terraform_data.replaced",
      "foreign terraform_data.replaced",
    ]);
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { authenticationMethodsPolicyFromGraph, authenticationMethodsUpdates } from "../../../src/model/graph/authentication-methods";
import { directoryRoleRuleBodies, directoryRoleSettingFromGraph } from "../../../src/model/graph/directory-role-settings";
import { compileScopeRule, parseScopeRule } from "../../../src/model/graph/lifecycle-scope";
import { lifecycleWorkflowBody, lifecycleWorkflowFromGraph } from "../../../src/model/graph/lifecycle-workflow";
import type { Catalog } from "../../../src/model/model";
import { AuthenticationMethodsPolicy, DirectoryRoleSetting, LifecycleWorkflow } from "../../../src/schema/catalog";
import { governanceCatalog } from "./catalog";

const FIXTURES = path.resolve(__dirname, "../../fixtures/graph/lifecycle-methods-roles");
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as Record<string, unknown>;
const objectIdOf = (id: string) => `object-id-of-${id}`;
const catalogIdOf = (objectId: string) => (objectId.startsWith("object-id-of-") ? objectId.slice("object-id-of-".length) : undefined);

let catalog: Catalog;
beforeAll(async () => {
  catalog = await governanceCatalog();
});

describe("lifecycle workflow bodies", () => {
  it("match the hand-written Graph fixtures, joiner, mover and leaver", () => {
    const expected = fixture("workflows.json");
    for (const w of catalog.lifecycleWorkflows) expect(lifecycleWorkflowBody(w, w.spec.displayName, { group: objectIdOf }), w.id).toEqual(expected[w.id]);
    expect(catalog.lifecycleWorkflows.map((w) => w.id).sort()).toEqual(
      Object.keys(expected)
        .filter((k) => k !== "//")
        .sort(),
    );
  });

  it("read back into the catalog entries they came from", () => {
    const expected = fixture("workflows.json");
    for (const w of catalog.lifecycleWorkflows) {
      const json = { ...(expected[w.id] as object), id: "818CD47F-138C-4A83-B3F5-AFA92BFCF391" };
      const back = lifecycleWorkflowFromGraph(json, w.id, { groupRef: catalogIdOf });
      expect(back.refusals).toEqual([]);
      const parsed = LifecycleWorkflow.parse(back.entry);
      // HR value lists are sets: compared through the rule they compile to.
      expect({ ...parsed, importFrom: undefined, when: undefined }).toEqual({ ...w.spec, importFrom: undefined, when: undefined });
      expect(compileScopeRule(parsed.when)).toEqual({ rule: w.scopeRule });
      expect(parsed.importFrom).toBe("818cd47f-138c-4a83-b3f5-afa92bfcf391");
    }
  });

  it("fails when a workflow cannot be expressed: each refusal names the Graph property", () => {
    const json = {
      id: "818cd47f-138c-4a83-b3f5-afa92bfcf391",
      category: "leaver",
      displayName: "x",
      executionConditions: {
        "@odata.type": "#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions",
        scope: { "@odata.type": "#microsoft.graph.identityGovernance.ruleBasedSubjectSet", rule: "(department eq 'Sales') or (city eq 'Redmond')" },
        trigger: { "@odata.type": "#microsoft.graph.identityGovernance.timeBasedAttributeTrigger", timeBasedAttribute: "employeeHireDate", offsetInDays: 3 },
      },
      tasks: [
        { taskDefinitionId: "4262b724-8dba-4fad-afc3-43fcbb497a0e", displayName: "Run a custom task extension", arguments: [] },
        { taskDefinitionId: "1953a66c-751c-45e5-8bfe-01462c70da3c", arguments: [{ name: "groupID", value: "4d8c5a3b-0000-0000-0000-000000000001" }] },
      ],
    };
    const back = lifecycleWorkflowFromGraph(json, "imported", { groupRef: catalogIdOf });
    expect(back.entry).toBeUndefined();
    expect(back.refusals).toEqual([
      expect.stringContaining("executionConditions.scope.rule"),
      expect.stringContaining("executionConditions.trigger: employeeHireDate with offsetInDays 3 in a leaver workflow"),
      expect.stringContaining("tasks[0].taskDefinitionId 4262b724-8dba-4fad-afc3-43fcbb497a0e"),
      expect.stringContaining("tasks[1].arguments groupID names groups that are not in the catalog: 4d8c5a3b-0000-0000-0000-000000000001"),
    ]);
  });
});

describe("scope rules", () => {
  it("double a single quote inside a value, so a value can never end its string and add a clause", () => {
    const compiled = compileScopeRule({ department: "Sales') or (accountEnabled eq true" });
    expect(compiled).toEqual({ rule: "(department eq 'Sales'') or (accountEnabled eq true')" });
    expect(parseScopeRule((compiled as { rule: string }).rule)).toEqual({ conditions: { department: "Sales') or (accountEnabled eq true" } });
  });

  it("follow the fixed attribute order and sort list values, whatever the YAML order", () => {
    expect(compileScopeRule({ department: ["Sales", "Marketing", "Sales"], employeeType: "Employee" })).toEqual({
      rule: "(employeeType eq 'Employee') and (department in ('Marketing','Sales'))",
    });
  });

  it("fails when startsWith is used on an attribute Lifecycle Workflows compares only with eq, ne and in", () => {
    expect(compileScopeRule({ employeeType: { startsWith: "Emp" } })).toEqual({
      attribute: "employeeType",
      error: "Lifecycle Workflows cannot compare employeeType with startsWith (only eq, ne and in)",
    });
  });

  it("read every operator back, and refuse 'or' and unknown properties", () => {
    const conditions = {
      employeeType: { notIn: ["Contractor", "Guest"] },
      department: { notStartsWith: "Temp" },
      country: { notEquals: "US" },
      costCenter: ["100", "200"],
      city: { startsWith: "Red" },
    };
    const rule = (compileScopeRule(conditions) as { rule: string }).rule;
    expect(parseScopeRule(rule)).toEqual({ conditions });
    expect(parseScopeRule("(department eq 'A') or (city eq 'B')")).toHaveProperty("error");
    expect(parseScopeRule("(mail eq 'a@b.c')")).toEqual({ error: "the scope rule tests mail, which is not an HR attribute idac knows" });
  });
});

describe("authentication methods policy", () => {
  it("updates match the hand-written Graph fixture, method by method, and the registration campaign", () => {
    expect(authenticationMethodsUpdates(catalog.authenticationMethodsPolicies[0]!, { group: objectIdOf })).toEqual(
      fixture("authentication-methods.json").updates,
    );
  });

  it("reads back from the policy Graph returns (method configurations inline) into the same entry", () => {
    const updates = fixture("authentication-methods.json").updates as { target: string; body: Record<string, unknown> }[];
    const json = {
      id: "authenticationMethodsPolicy",
      ...updates.find((u) => u.target === "policy")!.body,
      authenticationMethodConfigurations: updates.filter((u) => u.target !== "policy").map((u) => ({ id: u.target, ...u.body })),
    };
    const back = authenticationMethodsPolicyFromGraph(json, "tenant", { groupRef: catalogIdOf });
    expect(back.refusals).toEqual([]);
    expect({ ...AuthenticationMethodsPolicy.parse(back.entry), importFrom: undefined }).toEqual({
      ...catalog.authenticationMethodsPolicies[0]!.spec,
      importFrom: undefined,
    });
  });

  it("fails when a method targets users or unknown groups, or Authenticator modes differ by group", () => {
    const json = {
      authenticationMethodConfigurations: [
        { id: "Sms", state: "enabled", includeTargets: [{ targetType: "user", id: "5e1f0000-0000-0000-0000-000000000001", isUsableForSignIn: true }] },
        {
          id: "MicrosoftAuthenticator",
          state: "enabled",
          includeTargets: [
            { targetType: "group", id: "object-id-of-tap-excluded", authenticationMode: "push" },
            { targetType: "group", id: "object-id-of-pim-approvers", authenticationMode: "any" },
          ],
        },
      ],
    };
    expect(authenticationMethodsPolicyFromGraph(json, "tenant", { groupRef: catalogIdOf }).refusals).toEqual([
      "MicrosoftAuthenticator.includeTargets differ in authenticationMode (idac sets one value for every target)",
      "Sms.includeTargets[0] targets a user (idac targets groups)",
      "Sms.includeTargets[0] names group 5e1f0000-0000-0000-0000-000000000001, which is not in the catalog",
    ]);
  });

  it("writes passkey model AAGUIDs in lower case and sorted, whatever the catalog's case", async () => {
    const c = await governanceCatalog(
      "authenticationMethodsPolicies:\n  - id: tenant\n    passkeys: { state: enabled, keyRestrictions: { enforcement: block, aaGuids: [FFFFFFFF-0000-0000-0000-000000000002, AAAAAAAA-0000-0000-0000-000000000001] } }\n",
    );
    const [fido] = authenticationMethodsUpdates(c.authenticationMethodsPolicies[0]!, { group: objectIdOf });
    expect(fido!.body.keyRestrictions).toEqual({
      isEnforced: true,
      enforcementType: "block",
      aaGuids: ["aaaaaaaa-0000-0000-0000-000000000001", "ffffffff-0000-0000-0000-000000000002"],
    });
  });
});

describe("directory role settings", () => {
  const approver = (r: string) =>
    r.startsWith("group:") ? { kind: "group" as const, id: objectIdOf(r.slice(6)) } : { kind: "user" as const, id: objectIdOf(r) };

  it("rule bodies match the hand-written Graph fixture", () => {
    const expected = fixture("directory-role-rules.json");
    for (const d of catalog.directoryRoleSettings) expect(directoryRoleRuleBodies(d, { approver }), d.id).toEqual(expected[d.id]);
  });

  it("read back from the rules into the same entry", () => {
    const expected = fixture("directory-role-rules.json");
    for (const d of catalog.directoryRoleSettings) {
      const back = directoryRoleSettingFromGraph(expected[d.id] as Record<string, Record<string, unknown>>, d.id, d.spec.directoryRole, {
        person: (id) => catalogIdOf(id)!,
        groupRef: catalogIdOf,
      });
      expect(back.refusals).toEqual([]);
      expect(DirectoryRoleSetting.parse(back.entry)).toEqual(d.spec);
    }
  });

  it("fails when activation lasts longer than a day or eligibility never ends", () => {
    const rules = structuredClone(fixture("directory-role-rules.json")["reports-reader"]) as Record<string, Record<string, unknown>>;
    rules.Expiration_EndUser_Assignment!.maximumDuration = "P2D";
    rules.Expiration_Admin_Eligibility!.isExpirationRequired = false;
    expect(directoryRoleSettingFromGraph(rules, "x", "Reports Reader", { person: String, groupRef: catalogIdOf }).refusals).toEqual([
      "Expiration_EndUser_Assignment.maximumDuration P2D is not 0.5 to 24 hours in half-hour steps",
      "Expiration_Admin_Eligibility: eligibility may last forever (idac: 15, 30, 90, 180 or 365 days)",
    ]);
  });
});

import { authenticationMethodsUpdates, type MethodReferences } from "../../model/graph/authentication-methods";
import { DIRECTORY_ROLE_RULES, directoryRoleRuleBodies, type RoleRuleReferences } from "../../model/graph/directory-role-settings";
import { lifecycleWorkflowBody, type WorkflowReferences } from "../../model/graph/lifecycle-workflow";
import type { AuthenticationMethodsPolicy, DirectoryRoleSetting, LifecycleWorkflow } from "../../model/model";
import { diff, type Loose, type PropertyDifference } from "../compare";

// Drift of the governance objects idac writes through Microsoft Graph: what the catalog's request body sets,
// compared with the Graph v1.0 JSON the tenant returns. Only properties the body sets are compared (Graph returns
// many more: IDs, timestamps, versions, task IDs and execution sequence), lists item by item.

/** The actual value narrowed to what the expected value sets, at every depth; lists item by item when they match in length. */
function narrowed(expected: unknown, actual: unknown): unknown {
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) return expected.map((e, i) => narrowed(e, actual[i]));
  if (expected && actual && typeof expected === "object" && typeof actual === "object" && !Array.isArray(expected) && !Array.isArray(actual)) {
    return Object.fromEntries(Object.keys(expected).map((k) => [k, narrowed((expected as Loose)[k], (actual as Loose)[k])]));
  }
  return actual;
}

const compare = (expected: object, actual: unknown, path = ""): PropertyDifference[] => diff(expected, narrowed(expected, actual), path);

/**
 * How a workflow in the tenant differs from its entry. A mover workflow read without Graph's
 * `Prefer: include-unknown-enum-members` header says `unknownFutureValue` for its category: that is not drift.
 */
export function lifecycleWorkflowDrift(w: LifecycleWorkflow, displayName: string, refs: WorkflowReferences, actual: Loose): PropertyDifference[] {
  const expected = lifecycleWorkflowBody(w, displayName, refs);
  const read = expected.category === "mover" && actual.category === "unknownFutureValue" ? { ...actual, category: "mover" } : actual;
  // Graph compares task definition IDs without case; so does idac.
  const tasks = Array.isArray(read.tasks)
    ? (read.tasks as Loose[]).map((t) => ({ ...t, taskDefinitionId: String(t.taskDefinitionId).toLowerCase() }))
    : read.tasks;
  const lower = { ...expected, tasks: expected.tasks.map((t) => ({ ...t, taskDefinitionId: t.taskDefinitionId.toLowerCase() })) };
  return compare(lower, { ...read, tasks });
}

/**
 * How the tenant's authentication methods policy differs from the entry: for each method configuration the entry
 * declares (by Graph ID, e.g. `Sms.state`), and the registration campaign. Methods the entry leaves out are not compared.
 */
export function authenticationMethodsDrift(p: AuthenticationMethodsPolicy, refs: MethodReferences, actual: Loose): PropertyDifference[] {
  const configs = new Map(((actual.authenticationMethodConfigurations ?? []) as Loose[]).map((c) => [String(c.id).toLowerCase(), c]));
  return authenticationMethodsUpdates(p, refs).flatMap((u) =>
    u.target === "policy" ? compare(u.body, actual) : compare(u.body, configs.get(u.target.toLowerCase()) ?? {}, u.target),
  );
}

/** How a directory role's PIM rules (by rule ID, as Graph returns them) differ from the entry's settings. */
export function directoryRoleSettingDrift(d: DirectoryRoleSetting, refs: RoleRuleReferences, rules: Readonly<Record<string, Loose>>): PropertyDifference[] {
  const bodies = directoryRoleRuleBodies(d, refs);
  return DIRECTORY_ROLE_RULES.flatMap((r) => compare(bodies[r], Object.hasOwn(rules, r) ? rules[r] : {}, r));
}

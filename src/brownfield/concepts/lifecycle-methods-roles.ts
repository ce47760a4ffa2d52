import { authenticationMethodsUpdates, type MethodReferences } from "../../model/graph/authentication-methods";
import { DIRECTORY_ROLE_RULES, directoryRoleRuleBodies, type RoleRuleReferences } from "../../model/graph/directory-role-settings";
import { lifecycleWorkflowBody, type WorkflowReferences } from "../../model/graph/lifecycle-workflow";
import type { AuthenticationMethodsPolicy, DirectoryRoleSetting, LifecycleWorkflow } from "../../model/model";
import { diff, type HowCompared, type Loose, type PropertyDifference } from "../compare";
import type { GraphView } from "./context";

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

// ─── Catalog → the tenant objects drift compares (`idac drift`, the import's own check) ──────────────────────

/** The Graph ID of the tenant's one authentication methods policy. */
export const AUTHENTICATION_METHODS_POLICY_ID = "authenticationMethodsPolicy";

/** A workflow as Graph returns it (with its object ID): the catalog's create body. */
export function lifecycleWorkflowToGraph(w: LifecycleWorkflow, view: GraphView): Loose {
  const body = lifecycleWorkflowBody(w, view.displayName(w.spec.displayName), { group: (g) => view.objectId("group", g) });
  return { id: view.objectId("lifecycleWorkflow", w.id), ...body };
}

/** The tenant's authentication methods policy as far as the entry sets it: the policy body and each declared method. */
export function authenticationMethodsToGraph(p: AuthenticationMethodsPolicy, view: GraphView): Loose {
  const updates = authenticationMethodsUpdates(p, { group: (g) => view.objectId("group", g) });
  return {
    id: AUTHENTICATION_METHODS_POLICY_ID,
    displayName: "Authentication methods policy",
    ...(updates.find((u) => u.target === "policy")?.body ?? {}),
    authenticationMethodConfigurations: updates.filter((u) => u.target !== "policy").map((u) => ({ id: u.target, ...u.body })),
  };
}

/** A directory role's PIM policy assignment as far as the entry sets it: the rules idac writes, by rule ID. */
export function directoryRoleSettingToGraph(d: DirectoryRoleSetting, view: GraphView): Loose {
  const bodies = directoryRoleRuleBodies(d, {
    approver: (r) =>
      r.startsWith("group:") ? { kind: "group", id: view.objectId("group", r.slice("group:".length)) } : { kind: "user", id: String(view.user(r).id) },
  });
  return {
    id: `directoryRole:${d.directoryRoleTemplateId}`,
    displayName: d.spec.directoryRole,
    roleDefinitionId: d.directoryRoleTemplateId,
    policy: { rules: DIRECTORY_ROLE_RULES.map((r) => ({ id: r, ...bodies[r] })) },
  };
}

/** Lists of objects with IDs as maps by lowercased ID, so that only the items the catalog sets are compared. */
const byId = (list: unknown): Loose => Object.fromEntries(((list ?? []) as Loose[]).map((o) => [String(o.id).toLowerCase(), o]));

/**
 * Workflows: Graph adds IDs, versions and task IDs, and may say `unknownFutureValue` for the mover category (to
 * callers without `Prefer: include-unknown-enum-members`); task definition IDs are compared without case.
 */
export const LIFECYCLE_WORKFLOW_COMPARED: HowCompared = {
  strict: false,
  prepare: (o) => ({
    ...o,
    category: o.category === "unknownFutureValue" ? "mover" : o.category,
    tasks: ((o.tasks ?? []) as Loose[]).map((t) => ({
      continueOnError: t.continueOnError,
      description: t.description,
      displayName: t.displayName,
      isEnabled: t.isEnabled,
      taskDefinitionId: String(t.taskDefinitionId).toLowerCase(),
      arguments: t.arguments,
    })),
  }),
};

/**
 * Authentication methods: the declared method configurations, each by its ID; the others are not compared. Every
 * tenant has the policy: without an entry the catalog does not manage it, and that is not drift.
 */
export const AUTHENTICATION_METHODS_COMPARED: HowCompared = {
  strict: false,
  onlyDescribed: true,
  prepare: (o) => ({ ...o, displayName: undefined, authenticationMethodConfigurations: byId(o.authenticationMethodConfigurations) }),
};

/** Directory role rules: found by the role (policy IDs differ per tenant), the rules idac sets by rule ID. */
export const DIRECTORY_ROLE_POLICY_COMPARED: HowCompared = {
  strict: false,
  onlyDescribed: true,
  key: (o) => `directoryRole:${String(o.roleDefinitionId).toLowerCase()}`,
  prepare: (o) => {
    const rules = byId((o.policy as Loose | null | undefined)?.rules);
    return {
      roleDefinitionId: String(o.roleDefinitionId).toLowerCase(),
      rules: Object.fromEntries(DIRECTORY_ROLE_RULES.map((r) => [r, Object.hasOwn(rules, r.toLowerCase()) ? rules[r.toLowerCase()] : null])),
    };
  },
};

import type { GateLimits } from "../gate";
import { finding, type ChangeCheck, type Finding, type PlannedChange } from "./change";
import { GROUP_TYPES } from "../idac-resources";
import { stringsAt } from "./values";

/** Resource types whose deletion or replacement needs explicit intent. */
const PROTECTED = new Set([
  "azuread_conditional_access_policy",
  "azuread_named_location",
  "azuread_authentication_strength_policy",
  "azuread_directory_role_assignment",
  "azuread_directory_role_eligibility_schedule_request",
  "azuread_privileged_access_group_eligibility_schedule",
  "azuread_privileged_access_group_assignment_schedule",
  "azuread_group_role_management_policy",
  "azuread_access_package",
  "azuread_access_package_assignment_policy",
  "azuread_access_package_catalog",
  "azuread_access_package_resource_catalog_association",
  "azuread_access_package_resource_package_association",
]);

/** Deleting a protected object, or replacing any object (it gets a new ID: whatever pointed at it breaks). */
const deletesOrReplacesProtected: ChangeCheck = (change, ctx) => {
  if (change.action !== "delete" && change.action !== "replace") return [];
  const group = GROUP_TYPES.has(change.type);
  const roleAssignable = group && change.before?.assignable_to_role === true;
  const referenced = group && !roleAssignable ? ctx.index.groupGuards(change.address) : undefined;
  if (change.action === "delete" && !PROTECTED.has(change.type) && !roleAssignable && !referenced) return [];
  const paths = change.rc.change.replace_paths ?? [];
  const because = change.action === "replace" && paths.length ? ` because ${paths.map((p) => p.join(".")).join(", ")} changes` : "";
  const note = roleAssignable ? " (role-assignable)" : referenced ? ` (${referenced})` : "";
  return change.action === "replace"
    ? [finding("replace", change, `Replaces ${change.what}${because}${note}.`)]
    : [finding("destroy", change, `Deletes ${change.what}${note}.`)];
};

export const DESTRUCTIVE_CHECKS: readonly ChangeCheck[] = [deletesOrReplacesProtected];

/**
 * Checks over a whole stack: a delete and a create of the same type and display name (a renamed catalog ID that
 * destroys the object), and the blast-radius limits.
 */
export function stackFindings(stack: string, changes: readonly PlannedChange[], limits: GateLimits): Finding[] {
  const out: Finding[] = [];
  for (const del of changes.filter((c) => c.action === "delete")) {
    const name = del.before?.display_name;
    const twin = name !== undefined && changes.find((c) => c.type === del.type && c.action === "create" && c.after?.display_name === name);
    if (twin)
      out.push(
        finding(
          "replace",
          del,
          `${del.address} is deleted and ${twin.address} created with the same display ` +
            `name '${String(name)}': a renamed catalog ID destroys the object. Add previousIds to the ` +
            `entry so state moves instead.`,
        ),
      );
  }
  const deletes = changes.filter((c) => c.action === "delete").length;
  const writes = changes.filter((c) => c.action === "create" || c.action === "update" || c.action === "replace").length;
  const removals = changes.reduce((n, c) => n + membershipRemovals(c), 0);
  if (deletes > limits.maxDeletes) out.push({ condition: "destroy", message: `${deletes} deletion(s) in stack ${stack} (limit ${limits.maxDeletes}).` });
  if (writes > limits.maxChanges)
    out.push({ condition: "large-change", message: `${writes} creations and updates in stack ${stack} (limit ${limits.maxChanges}).` });
  if (removals > limits.maxMembershipRemovals)
    out.push({ condition: "large-change", message: `${removals} group membership removals in stack ${stack} (limit ${limits.maxMembershipRemovals}).` });
  return out;
}

function membershipRemovals(c: PlannedChange): number {
  if (c.type === "azuread_group_member") return c.action === "delete" ? 1 : 0;
  if (c.type !== "azuread_group" || c.action === "delete" || !c.before) return 0;
  const now = new Set(stringsAt(c.after, "members"));
  return stringsAt(c.before, "members").filter((m) => !now.has(m)).length;
}

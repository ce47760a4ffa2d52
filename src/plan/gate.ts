import { actionOf } from "./summary";
import type { PlanJson, ResourceChange } from "./plan-json";
import { catalogTerms } from "./classify";

export const ALLOW_FLAGS = ["destroy", "replace", "enable-ca", "large-change", "break-glass"] as const;
export type AllowFlag = (typeof ALLOW_FLAGS)[number];

export interface GateOptions {
  readonly allow: readonly AllowFlag[];
  /** Per stack. @default 0 */
  readonly maxDeletes: number;
  /** Creates plus updates per stack. @default 25 */
  readonly maxChanges: number;
  /** Members removed from groups per stack. @default 50 */
  readonly maxMembershipRemovals: number;
  /** Object IDs of every environment's break-glass accounts and group. */
  readonly breakGlassIds: readonly string[];
}

export const DEFAULT_GATE: GateOptions = { allow: [], maxDeletes: 0, maxChanges: 25, maxMembershipRemovals: 50, breakGlassIds: [] };

export interface Trip {
  readonly stack: string;
  readonly address?: string;
  readonly condition: "destroy" | "replace" | "enable-ca" | "large-change" | "break-glass";
  readonly message: string;
  /** The flag (and PR label) that allows it. */
  readonly allowedBy: AllowFlag;
  readonly allowed: boolean;
}

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

/**
 * The risk gate: every condition that needs explicit intent, whether it is allowed, and by which flag. The gate
 * fails when any trip is not allowed.
 */
export function gatePlans(plans: readonly { stack: string; plan: PlanJson }[], options: GateOptions): Trip[] {
  const trips: Trip[] = [];
  const allowed = (flag: AllowFlag) => options.allow.includes(flag);
  const trip = (t: Omit<Trip, "allowed">) => trips.push({ ...t, allowed: allowed(t.allowedBy) });
  for (const { stack, plan } of plans) {
    const referenced = referencedAddresses(plan);
    let deletes = 0;
    let changes = 0;
    let removals = 0;
    for (const rc of plan.resource_changes.filter((r) => r.mode === "managed")) {
      const action = actionOf(rc.change.actions);
      const before = (rc.change.before ?? {}) as Record<string, unknown>;
      const after = (rc.change.after ?? {}) as Record<string, unknown>;
      const what = describe(rc);
      if (action === "delete" || action === "replace") {
        if (action === "delete") deletes++;
        const group = rc.type === "azuread_group" || rc.type === "azuread_group_without_members";
        const protectedGroup = group && (before.assignable_to_role === true || referenced.has(rc.address));
        // Every replacement gives the object a new ID (what points at it breaks); deletions of protected objects too.
        if (action === "replace" || PROTECTED.has(rc.type) || protectedGroup) {
          const because = action === "replace" && rc.change.replace_paths?.length ? ` because ${rc.change.replace_paths.map((p) => p.join(".")).join(", ")} changes` : "";
          trip({ stack, address: rc.address, condition: action === "replace" ? "replace" : "destroy", allowedBy: action === "replace" ? "replace" : "destroy", message: `${action === "replace" ? "Replaces" : "Deletes"} ${what}${because}${protectedGroup ? (before.assignable_to_role ? " (role-assignable)" : " (referenced by other resources)") : ""}.` });
        }
      }
      if (action === "create" || action === "update" || action === "replace") changes++;
      if (rc.type === "azuread_conditional_access_policy" && after.state === "enabled" && before.state !== "enabled" && before.state !== "enabledForReportingButNotEnforced") {
        trip({ stack, address: rc.address, condition: "enable-ca", allowedBy: "enable-ca", message: `Enables ${what}${action === "create" ? " as a new policy" : ` (was ${String(before.state)})`} without it having run in report-only.` });
      }
      if (rc.type === "azuread_group" && Array.isArray(before.members)) {
        const now = new Set(Array.isArray(after.members) ? (after.members as string[]) : []);
        removals += action === "delete" ? 0 : (before.members as string[]).filter((m) => !now.has(m)).length;
      }
      if (rc.type === "azuread_group_member" && action === "delete") removals++;
      // A deleted object cannot lock anybody out; the deletion itself is gated above.
      const touched = action === "delete" ? undefined : breakGlassTouched(rc, options.breakGlassIds);
      if (touched) trip({ stack, address: rc.address, condition: "break-glass", allowedBy: "break-glass", message: `${touched} in ${what}.` });
    }
    // A delete and a create of the same type and display name is a rename that destroys: use previousIds instead.
    const managed = plan.resource_changes.filter((r) => r.mode === "managed");
    for (const del of managed.filter((r) => actionOf(r.change.actions) === "delete")) {
      const name = (del.change.before as { display_name?: unknown } | null)?.display_name;
      const twin = name !== undefined && managed.find((r) => r.type === del.type && actionOf(r.change.actions) === "create" && (r.change.after as { display_name?: unknown } | null)?.display_name === name);
      if (twin) trip({ stack, address: del.address, condition: "replace", allowedBy: "replace", message: `${del.address} is deleted and ${twin.address} created with the same display name '${String(name)}': a renamed catalog ID destroys the object. Add previousIds to the entry so state moves instead.` });
    }
    if (deletes > options.maxDeletes) trip({ stack, condition: "destroy", allowedBy: "destroy", message: `${deletes} deletion(s) in stack ${stack} (limit ${options.maxDeletes}).` });
    if (changes > options.maxChanges) trip({ stack, condition: "large-change", allowedBy: "large-change", message: `${changes} creations and updates in stack ${stack} (limit ${options.maxChanges}).` });
    if (removals > options.maxMembershipRemovals) trip({ stack, condition: "large-change", allowedBy: "large-change", message: `${removals} group membership removals in stack ${stack} (limit ${options.maxMembershipRemovals}).` });
  }
  return trips;
}

function describe(rc: ResourceChange): string {
  const { kind, catalogId } = catalogTerms(rc);
  return `${kind} '${catalogId}' (${rc.address})`;
}

/** Addresses other resources of the configuration refer to (a group a policy or a package points at). */
function referencedAddresses(plan: PlanJson): Set<string> {
  const out = new Set<string>();
  const resources = ((plan.configuration as { root_module?: { resources?: { address: string; expressions?: unknown }[] } } | undefined)?.root_module?.resources ?? []);
  for (const r of resources) {
    for (const [, ref] of JSON.stringify(r.expressions ?? {}).matchAll(/"((?:azuread_[a-z_]+)\.[A-Za-z0-9_-]+)(?:\.[a-z_]+)?"/g)) if (ref !== r.address) out.add(ref!);
  }
  return out;
}

/** A break-glass ID removed from an exclusion, or added anywhere else. */
function breakGlassTouched(rc: ResourceChange, ids: readonly string[]): string | undefined {
  if (!ids.length) return undefined;
  const lower = ids.map((i) => i.toLowerCase());
  const before = JSON.stringify(rc.change.before ?? {}).toLowerCase();
  const after = JSON.stringify(rc.change.after ?? {}).toLowerCase();
  for (const id of lower) {
    const was = before.includes(id);
    const is = after.includes(id);
    if (was && !is) return `Break-glass object ${id} is removed`;
    if (is && !was && !(rc.type === "azuread_conditional_access_policy" && /"excluded_(users|groups)":\[[^\]]*/.test(after) && new RegExp(`"excluded_(users|groups)":\\[[^\\]]*${id}`).test(after))) return `Break-glass object ${id} is added`;
  }
  return undefined;
}

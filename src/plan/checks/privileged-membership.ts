import { catalogTerms } from "../classify";
import { finding, writes, type ChangeCheck, type GateContext, type PlannedChange } from "./change";
import { GROUP_TYPES, idacKindOf } from "../idac-resources";
import type { ResourceRef } from "./plan-index";
import { boolAt, setDiff, show, showList, stringAt, stringsAt, unknownAt, type Values } from "./values";

const ASSIGNMENT = "azuread_privileged_access_group_assignment_schedule";
const ELIGIBILITY = "azuread_privileged_access_group_eligibility_schedule";

/** The object an attribute points at: the resource its configuration refers to, else the resource with that ID. */
function target(change: PlannedChange, attribute: string, ctx: GateContext): { ref?: ResourceRef; id?: string; literal: boolean } {
  const ref = ctx.index.referencedResource(change.stack, change.address, attribute);
  const id = stringAt(change.after ?? change.before, attribute);
  if (ref) return { ref, ...(id ? { id } : {}), literal: false };
  const byId = id ? ctx.index.byObjectId(id) : undefined;
  return { ...(byId ? { ref: byId } : {}), ...(id ? { id } : {}), literal: true };
}

function named(t: { ref?: ResourceRef; id?: string }, ctx: GateContext): string {
  if (t.ref?.mode === "data") {
    const upn = stringAt(ctx.index.values(t.ref), "user_principal_name");
    return upn ? `user ${show(upn)} (${t.ref.address})` : t.ref.address;
  }
  if (t.ref) {
    const { kind, catalogId } = catalogTerms({ type: t.ref.type, name: t.ref.name });
    return `${kind} '${catalogId}' (${t.ref.address})`;
  }
  return t.id ? `object ${show(t.id)}` : "an object known only after apply";
}

function expiry(v: Values | undefined): string {
  if (boolAt(v, "permanent_assignment") === true) return "permanent";
  const until = stringAt(v, "expiration_date");
  if (until) return `until ${until}`;
  const duration = stringAt(v, "duration");
  return duration ? `for ${duration}` : "with no end given";
}

/** Hours an assignment lasts from its start, for comparison: permanent is infinite; undefined when unreadable. */
function lengthHours(v: Values | undefined): number | undefined {
  if (boolAt(v, "permanent_assignment") === true) return Infinity;
  const until = stringAt(v, "expiration_date");
  if (until) {
    const start = Date.parse(stringAt(v, "start_date") ?? "");
    const end = Date.parse(until);
    return Number.isNaN(end) ? undefined : (end - (Number.isNaN(start) ? 0 : start)) / 3_600_000;
  }
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?)?$/.exec(stringAt(v, "duration") ?? "");
  return m && (m[1] || m[2]) ? Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0) : undefined;
}

/** A new active (standing) PIM for Groups assignment, or an existing one made permanent or longer. */
const noNewStandingAssignment: ChangeCheck = (change, ctx) => {
  if (change.type !== ASSIGNMENT || !writes(change)) return [];
  const who =
    `${named(target(change, "principal_id", ctx), ctx)} as ` +
    `${stringAt(change.after, "assignment_type") ?? "member"} of ` +
    `${named(target(change, "group_id", ctx), ctx)}`;
  if (change.action === "create" || change.action === "replace") {
    return [
      finding(
        "standing-access",
        change,
        `Creates ${change.what}: standing access for ${who}, ${expiry(change.after)}${change.action === "replace" ? ` (was ${expiry(change.before)})` : ""}.`,
      ),
    ];
  }
  const b = lengthHours(change.before);
  const a = lengthHours(change.after);
  if (expiry(change.before) === expiry(change.after) || (a !== undefined && b !== undefined && a <= b)) return [];
  return [finding("standing-access", change, `Extends ${change.what}: standing access for ${who}, ${expiry(change.before)} → ${expiry(change.after)}.`)];
};

function privilegedGroup(change: PlannedChange): boolean {
  return (
    boolAt(change.before, "assignable_to_role") === true ||
    boolAt(change.after, "assignable_to_role") === true ||
    idacKindOf(change.type, change.name) === "pimGroup"
  );
}

/** Members added to a role-assignable group through its authoritative `members`. */
const noMembersAddedToRoleAssignableGroup: ChangeCheck = (change) => {
  if (change.type !== "azuread_group" || !writes(change) || boolAt(change.after, "assignable_to_role") !== true) return [];
  // A group that becomes role-assignable (a replacement) makes every member's membership privileged.
  const before = boolAt(change.before, "assignable_to_role") === true ? stringsAt(change.before, "members") : [];
  const after = stringsAt(change.after, "members");
  const { added } = setDiff(before, after);
  const unknown = unknownAt(change.afterUnknown, "members");
  if (!added.length && !unknown) return [];
  return [
    finding(
      "standing-access",
      change,
      `Adds standing members ${showList(added)}` +
        `${unknown ? " (and members known only after apply)" : ""} to role-assignable ` +
        `${change.what}: members ${showList(stringsAt(change.before, "members"))} → ` +
        `${showList(after)}.`,
    ),
  ];
};

/**
 * A membership (`azuread_group_member`) in a role-assignable group: the group is resolved through the
 * configuration's reference (across stacks through cdktf's remote state outputs), else through its object ID in the
 * plans given. A group given as a literal object ID that no plan describes cannot be verified and trips; a referenced
 * group no plan describes is decided by its logical ID (PIM groups are role-assignable, role groups are not).
 */
const noMembershipOfRoleAssignableGroup: ChangeCheck = (change, ctx) => {
  if (change.type !== "azuread_group_member" || (change.action !== "create" && change.action !== "replace")) return [];
  const group = target(change, "group_object_id", ctx);
  const member = named(target(change, "member_object_id", ctx), ctx);
  const assignable = group.ref ? ctx.index.groupRoleAssignable(group.ref) : undefined;
  if (assignable === true)
    return [finding("standing-access", change, `Adds ${member} as a standing member of role-assignable ${named(group, ctx)} (${change.what}).`)];
  if (assignable === undefined && group.literal && !group.ref) {
    return [
      finding(
        "standing-access",
        change,
        `Adds ${member} to ${named(group, ctx)}, which no plan given describes: cannot verify that it is not role-assignable (${change.what}).`,
      ),
    ];
  }
  return [];
};

/** A directory role assigned (or made eligible) to anything but a role-assignable group of the plans given. */
const directoryRolesOnlyToRoleAssignableGroups: ChangeCheck = (change, ctx) => {
  const attribute =
    change.type === "azuread_directory_role_assignment"
      ? "principal_object_id"
      : change.type === "azuread_directory_role_eligibility_schedule_request"
        ? "principal_id"
        : undefined;
  if (!attribute || !writes(change)) return [];
  const principal = target(change, attribute, ctx);
  if (principal.ref && GROUP_TYPES.has(principal.ref.type) && ctx.index.groupRoleAssignable(principal.ref) === true) return [];
  const role = stringAt(change.after, change.type === "azuread_directory_role_assignment" ? "role_id" : "role_definition_id");
  return [
    finding(
      "standing-access",
      change,
      `${change.action === "update" ? "Changes" : "Creates"} ${change.what}: directory ` +
        `role ${show(role)} goes to ${named(principal, ctx)}, not to a role-assignable group of ` +
        `this configuration (roles go only to PIM groups).`,
    ),
  ];
};

/** Owners added to or removed from a role-assignable or PIM group (a new such group's owners are all added). */
const privilegedGroupOwnersUnchanged: ChangeCheck = (change) => {
  if (!GROUP_TYPES.has(change.type) || !writes(change) || !privilegedGroup(change)) return [];
  const wasPrivileged = boolAt(change.before, "assignable_to_role") === true || idacKindOf(change.type, change.name) === "pimGroup";
  const before = wasPrivileged ? stringsAt(change.before, "owners") : [];
  const after = stringsAt(change.after, "owners");
  const { added, removed } = setDiff(before, after);
  const unknown = unknownAt(change.afterUnknown, "owners");
  if (!added.length && !removed.length && !unknown) return [];
  const parts = [
    added.length ? `added ${showList(added)}` : "",
    removed.length ? `removed ${showList(removed)}` : "",
    unknown ? "owners known only after apply" : "",
  ].filter(Boolean);
  return [
    finding(
      "privileged-owners",
      change,
      `Changes the owners of privileged ${change.what}: ${parts.join(", ")} (owners ` +
        `${showList(stringsAt(change.before, "owners"))} → ${showList(after)}` +
        `${wasPrivileged || !change.before ? "" : ", the group becomes role-assignable"}). Owners ` +
        `of a role-assignable group control who holds its role.`,
    ),
  ];
};

/** An owner (eligible or active) of a PIM group through a schedule. */
const noPimGroupOwnerSchedule: ChangeCheck = (change, ctx) => {
  if (
    (change.type !== ASSIGNMENT && change.type !== ELIGIBILITY) ||
    (change.action !== "create" && change.action !== "replace") ||
    stringAt(change.after, "assignment_type") !== "owner"
  )
    return [];
  return [
    finding(
      "privileged-owners",
      change,
      `Makes ${named(target(change, "principal_id", ctx), ctx)} ` +
        `${change.type === ASSIGNMENT ? "an active" : "an eligible"} owner of ` +
        `${named(target(change, "group_id", ctx), ctx)} (${change.what}).`,
    ),
  ];
};

export const PRIVILEGED_MEMBERSHIP_CHECKS: readonly ChangeCheck[] = [
  noNewStandingAssignment,
  noMembersAddedToRoleAssignableGroup,
  noMembershipOfRoleAssignableGroup,
  directoryRolesOnlyToRoleAssignableGroups,
  privilegedGroupOwnersUnchanged,
  noPimGroupOwnerSchedule,
];

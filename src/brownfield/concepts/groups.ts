import type * as Graph from "@microsoft/microsoft-graph-types";
import type { z } from "zod";
import { parseMembershipRule } from "../../model/membership-rule";
import type { Group as GroupEntry } from "../../model/model";
import { groupMailNickname } from "../../resolve/resolve";
import type { Group } from "../../schema/catalog";
import type { GraphExport } from "../graph";
import type { GraphView } from "./context";

/**
 * Security groups between Microsoft Graph and the catalog, both directions side by side: {@link groupToGraph} writes
 * a catalog group as Graph returns it once azuread 3.7.0 has applied it, {@link groupFromGraph} writes a Graph group
 * as a catalog entry. Role groups and PIM groups are groups too: their catalog entries are business roles and
 * privileged roles (see business-roles.ts, privileged-roles.ts), which share {@link securityGroupBase}.
 * @see https://learn.microsoft.com/graph/api/resources/group
 */

export type GraphGroup = GraphExport["groups"][number];
export type GroupFields = Omit<z.input<typeof Group>, "id" | "importFrom">;

/**
 * A group as the expected tenant holds it: `members` only where idac manages the membership; a role group carries
 * `memberOf` (the groups the role grants) and its `appRoleAssignments`; a PIM group its `pim` settings.
 */
export type TenantGroup = Graph.Group & {
  owners: Graph.DirectoryObject[];
  members?: Graph.DirectoryObject[];
  memberOf?: Graph.DirectoryObject[];
  appRoleAssignments?: Graph.AppRoleAssignment[];
};

/** Description written where Entra has none: a group needs one in the catalog. */
export const MISSING_DESCRIPTION = "No description in Entra ID when imported: describe what this group grants";

/** What every group idac makes has: a security group, not mail-enabled, with its name, description and nickname. */
export function securityGroupBase(displayName: string, description: string | undefined, mailNickname: string, view: GraphView) {
  return { displayName: view.displayName(displayName), description: description ?? null, securityEnabled: true, mailEnabled: false, mailNickname };
}

/** People as Graph directory objects: one per object ID, sorted by it. */
export function directoryObjects(refs: readonly string[], view: GraphView): Graph.DirectoryObject[] {
  return [...new Map(refs.map((r) => view.user(r)).map((u) => [u.id!, u])).values()].sort(byObjectId);
}

export function byObjectId(a: { id?: string | null }, b: { id?: string | null }): number {
  return (a.id ?? "").localeCompare(b.id ?? "");
}

// ─── Catalog → Graph ─────────────────────────────────────────────────────────────────────────────────────

/** A catalog group as Graph returns it; role groups nested into it are members only when idac manages them. */
export function groupToGraph(g: Pick<GroupEntry, "id" | "spec" | "membershipRule" | "grantedByRoles">, view: GraphView): TenantGroup {
  const m = g.spec.membership;
  const roleGroup = (r: string) => ({ "@odata.type": "#microsoft.graph.group", id: view.objectId("roleGroup", r) }) as Graph.DirectoryObject;
  return {
    id: view.objectId("group", g.id),
    ...securityGroupBase(g.spec.displayName, g.spec.description, groupMailNickname(g.spec), view),
    isAssignableToRole: g.spec.assignableToRole,
    visibility: g.spec.visibility,
    groupTypes: m.type === "dynamic" ? ["DynamicMembership"] : [],
    membershipRule: g.membershipRule ?? null,
    membershipRuleProcessingState: m.type === "dynamic" ? "On" : null,
    owners: directoryObjects(g.spec.owners, view),
    // Members are the tenant's business only for groups idac manages the membership of.
    ...(m.type === "assigned" && m.managed ? { members: [...directoryObjects(m.members, view), ...g.grantedByRoles.map(roleGroup)].sort(byObjectId) } : {}),
  };
}

// ─── Graph → catalog ─────────────────────────────────────────────────────────────────────────────────────

export interface GroupImportContext {
  people(ids: readonly string[]): string[];
  name(displayName: string): string;
  /** Role groups (their business roles grant the group: they are not people to list as members). */
  readonly roleGroupIds: ReadonlySet<string>;
  /** Catalog IDs of the administrative units the group is a member of. */
  unitsOf(groupId: string): readonly string[];
  readonly manageMembers: boolean;
  /** Groups (object IDs, lower case) whose members lifecycle workflow tasks add or remove: idac cannot also list them. */
  readonly changedByWorkflows?: ReadonlySet<string>;
  readonly defaultOwners: readonly string[];
}

/**
 * A Graph group as a catalog entry, with the notes the import reports and the properties the first plan changes on
 * purpose (a placeholder description, an explicit visibility, a membership rule in idac's form, default owners) — or
 * why the group cannot be imported.
 */
export function groupFromGraph(
  g: GraphGroup,
  id: string,
  ctx: GroupImportContext,
): { entry: GroupFields; notes: string[]; updates: string[] } | { skip: string } {
  const notes: string[] = [];
  const updates: string[] = [];
  const dynamic = g.groupTypes.includes("DynamicMembership");
  let membership: GroupFields["membership"];
  if (dynamic) {
    const parsed = parseMembershipRule(g.membershipRule ?? "");
    if ("error" in parsed) return { skip: `its dynamic membership rule is not an HR condition idac can express: ${parsed.error}` };
    if (!parsed.requiresEnabledAccount)
      notes.push("the membership rule gains (user.accountEnabled -eq true): disabled accounts (leavers) drop out of the group");
    // A rule is written in idac's form (order, spacing, the enabled-account clause): same members, another text.
    updates.push("membershipRule");
    membership = { type: "dynamic", when: parsed.conditions };
  } else if (ctx.manageMembers && ctx.changedByWorkflows?.has(g.id.toLowerCase())) {
    notes.push("membership left unmanaged: lifecycle workflow tasks add or remove its members");
    membership = { type: "assigned", managed: false };
  } else if (ctx.manageMembers) {
    // Role groups nested into the group come back from the business roles that grant it.
    const nested = g.members.filter((m) => !isUser(m) && !ctx.roleGroupIds.has(m.id.toLowerCase()));
    if (nested.length) {
      notes.push(`membership left unmanaged: ${nested.length} member(s) are not users (nested groups, devices or service principals)`);
      membership = { type: "assigned", managed: false };
    } else membership = { type: "assigned", members: ctx.people(g.members.filter((m) => !ctx.roleGroupIds.has(m.id.toLowerCase())).map((m) => m.id)) };
  } else {
    membership = { type: "assigned", managed: false };
  }
  let owners = ctx.people(g.owners.filter(isUser).map((o) => o.id));
  if (!owners.length && ctx.defaultOwners.length) {
    owners = [...ctx.defaultOwners];
    notes.push(`had no owner in Entra; owners set to ${owners.join(", ")}`);
    updates.push("owners");
  } else if (!owners.length) notes.push("has no owner in Entra: add owners before the catalog validates (or import with --default-owner)");
  if (!g.description) {
    notes.push("had no description in Entra: the catalog's placeholder description is written to the group on the first apply");
    updates.push("description");
  }
  // Graph leaves the visibility of many security groups unset; the catalog states Private, which they are.
  if (!g.visibility) updates.push("visibility");
  const aus = ctx.unitsOf(g.id);
  if (aus.length > 1)
    notes.push(`member of ${aus.length} administrative units (${aus.join(", ")}); the catalog records the first, the others are left as they are`);
  return {
    entry: {
      displayName: ctx.name(g.displayName),
      description: g.description || MISSING_DESCRIPTION,
      owners,
      membership,
      assignableToRole: g.isAssignableToRole ? true : undefined,
      administrativeUnit: aus[0],
      visibility: g.visibility === "Public" ? "Public" : undefined,
      mailNickname: g.mailNickname && g.mailNickname !== id ? g.mailNickname : undefined,
    },
    notes,
    updates,
  };
}

/** Why a group is not imported at all (not a security group idac can manage), or undefined. */
export function groupNotImportable(g: GraphGroup, breakGlassGroup: string | undefined): string | undefined {
  if (g.id.toLowerCase() === breakGlassGroup) return "the environment's break-glass group: idac excludes it from every policy and never manages it";
  if (g.groupTypes.includes("Unified")) return "a Microsoft 365 group: idac manages security groups";
  if (g.mailEnabled)
    return "a mail-enabled group (distribution list or mail-enabled security group): the azuread provider cannot create or adopt it as a security group";
  if (g.securityEnabled === false) return "not a security group";
  if (g.onPremisesSyncEnabled) return "synchronised from Active Directory: manage it on premises";
  if (g.visibility === "HiddenMembership") return "hidden membership exists only for Microsoft 365 groups";
  return undefined;
}

/** A directory object that is a user (`@odata.type` may be absent when the collection holds only users). */
export function isUser(o: { "@odata.type"?: string | undefined }): boolean {
  return !o["@odata.type"] || o["@odata.type"] === "#microsoft.graph.user";
}

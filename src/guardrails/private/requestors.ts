import type { BusinessRole, Group } from "../../model/model";
import type { RequestAssignmentSpec } from "../../schema/catalog";
import type { RuleContext } from "../types";
import { groupIndex } from "./indexes";

/** Whether a person is among those who may request an access package, as far as the catalog can tell. */
export type CanRequest = { readonly can: "yes"; readonly why: string } | { readonly can: "unknown"; readonly why: string } | { readonly can: "no" };

const isGuest = (person: string) => /#ext#/i.test(person);

/**
 * Decides whether `person` (as the environment sees it) may request the package. Membership is known only for
 * assigned groups whose members idac manages and into which no business role nests its role group; dynamic groups
 * follow HR attributes idac does not know for a given person, and unmanaged groups are filled elsewhere.
 */
export function canRequest(ctx: RuleContext, a: RequestAssignmentSpec, person: string): CanRequest {
  const scope = a.requestors.scope;
  if (scope === "none") return { can: "no" };
  if (scope === "allUsers") return { can: "yes", why: "requestors.scope is allUsers (every member and guest)" };
  if (scope === "allMembers") return isGuest(person) ? { can: "no" } : { can: "yes", why: "requestors.scope is allMembers (every member user)" };
  const unknown: string[] = [];
  for (const id of a.requestors.groups) {
    const g = groupIndex(ctx.catalog).get(id);
    if (!g) continue;
    const known = knownMembers(ctx, g);
    if (known.members.includes(person)) return { can: "yes", why: `they are a member of requestor group '${id}'` };
    if (known.unknown) unknown.push(`requestor group '${id}' ${known.unknown}`);
  }
  return unknown.length ? { can: "unknown", why: unknown.join("; ") } : { can: "no" };
}

/** The members of a group the catalog knows (as the environment sees them), and why the list may be incomplete. */
export function knownMembers(ctx: RuleContext, g: Group): { members: string[]; unknown?: string } {
  const m = g.spec.membership;
  if (m.type === "dynamic") return { members: [], unknown: "is dynamic: its members follow HR attributes, which idac does not know for a given person" };
  const members = m.members.map((p) => ctx.view.person(p));
  if (!m.managed) return { members, unknown: "has membership managed outside idac (managed: false)" };
  if (g.grantedByRoles.length)
    return { members, unknown: `also holds the role groups of ${g.grantedByRoles.map((r) => `'${r}'`).join(", ")}, whose members are not listed` };
  return { members };
}

/** A requestable business role's request settings, or undefined. */
export function requestOf(role: BusinessRole): RequestAssignmentSpec | undefined {
  return role.spec.assignment?.type === "request" ? role.spec.assignment : undefined;
}

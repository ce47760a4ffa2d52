import { DIRECTORY_ROLES } from "../model/directory-role-table";
import { HIGHLY_PRIVILEGED_ROLE_NAMES } from "../model/directory-roles";
import type { GraphExport } from "./graph";

/** One piece of access to clean up, found in a tenant export. */
export interface CleanupItem {
  readonly problem:
    | "direct-privileged-assignment"
    | "permanent-active-assignment"
    | "group-without-owners"
    | "group-with-one-owner"
    | "empty-group"
    | "unreferenced-group"
    | "package-without-expiry"
    | "package-without-review"
    | "policy-without-break-glass-exclusion"
    | "policy-references-deleted-object";
  /** The guardrail rule that expresses the same expectation on the catalog, where there is one. */
  readonly rule?: string;
  readonly object: string;
  readonly detail: string;
}

const PRIVILEGED = new Set(DIRECTORY_ROLES.filter((r) => r.privileged || HIGHLY_PRIVILEGED_ROLE_NAMES.includes(r.name)).map((r) => r.templateId));
const roleName = (id: string) => DIRECTORY_ROLES.find((r) => r.templateId === id)?.name ?? id;

/**
 * The clean-up backlog of a tenant export: excess, obsolete and ownerless access, each problem reported once,
 * with the guardrail rule ID where one exists.
 */
export function cleanupReport(data: GraphExport, breakGlassSpec: { accounts: readonly string[]; groups: readonly string[] }): CleanupItem[] {
  const out: CleanupItem[] = [];
  const accounts = breakGlassSpec.accounts.map((x) => x.toLowerCase());
  const bgGroups = breakGlassSpec.groups.map((x) => x.toLowerCase());
  const breakGlass = new Set([...accounts, ...bgGroups]);
  const groups = new Map(data.groups.map((g) => [g.id, g]));
  for (const a of data.roleAssignments) {
    const type = a.principal?.["@odata.type"];
    if (PRIVILEGED.has(a.roleDefinitionId) && type === "#microsoft.graph.user" && !breakGlass.has(a.principalId.toLowerCase())) {
      out.push({
        problem: "direct-privileged-assignment",
        rule: "IDAC-PRIV-001",
        object: a.principal?.userPrincipalName ?? a.principalId,
        detail: `${roleName(a.roleDefinitionId)} assigned directly to a user (not through a group or PIM)`,
      });
    }
  }
  for (const s of data.roleAssignmentSchedules) {
    if (
      s.assignmentType === "Assigned" &&
      s.scheduleInfo?.expiration?.type === "noExpiration" &&
      PRIVILEGED.has(s.roleDefinitionId) &&
      !breakGlass.has(s.principalId.toLowerCase())
    ) {
      out.push({
        problem: "permanent-active-assignment",
        rule: "IDAC-PRIV-001",
        object: s.principalId,
        detail: `${roleName(s.roleDefinitionId)} active with no expiration`,
      });
    }
  }
  const referenced = new Set<string>([
    ...data.roleAssignments.map((a) => a.principalId),
    ...data.conditionalAccessPolicies.flatMap((p) => [...p.conditions.users.includeGroups, ...p.conditions.users.excludeGroups]),
  ]);
  for (const g of data.groups) for (const m of g.members) if (groups.has(m.id)) referenced.add(m.id);
  for (const g of data.groups) {
    if (g.owners.length === 0) out.push({ problem: "group-without-owners", rule: "IDAC-GOV-006", object: g.displayName, detail: `group ${g.id} has no owner` });
    else if (g.owners.length === 1)
      out.push({
        problem: "group-with-one-owner",
        rule: "IDAC-GOV-006",
        object: g.displayName,
        detail: `group ${g.id} has one owner (${g.owners[0]!.userPrincipalName ?? g.owners[0]!.id})`,
      });
    const dynamic = g.groupTypes.includes("DynamicMembership");
    if (!dynamic && g.members.length === 0) out.push({ problem: "empty-group", object: g.displayName, detail: `group ${g.id} has no member` });
    else if (!referenced.has(g.id))
      out.push({
        problem: "unreferenced-group",
        object: g.displayName,
        detail: `group ${g.id} is used by no conditional access policy, role assignment or other group`,
      });
  }
  for (const p of data.assignmentPolicies) {
    const name = data.accessPackages.find((x) => x.id === p.accessPackage?.id)?.displayName ?? p.accessPackage?.id ?? p.id;
    if (!p.expiration?.type || p.expiration.type === "noExpiration")
      out.push({ problem: "package-without-expiry", rule: "IDAC-GOV-002", object: name, detail: `assignment policy ${p.displayName ?? p.id} never expires` });
    if (!p.reviewSettings?.isEnabled)
      out.push({
        problem: "package-without-review",
        rule: "IDAC-GOV-003",
        object: name,
        detail: `assignment policy ${p.displayName ?? p.id} has no recurring access review`,
      });
  }
  for (const p of data.conditionalAccessPolicies) {
    const u = p.conditions.users;
    const excludedUsers = u.excludeUsers.map((x) => x.toLowerCase());
    const excludedGroups = u.excludeGroups.map((x) => x.toLowerCase());
    const excludesBreakGlass = bgGroups.some((g) => excludedGroups.includes(g)) || (accounts.length > 0 && accounts.every((a) => excludedUsers.includes(a)));
    if (p.state !== "disabled" && breakGlass.size && !excludesBreakGlass && includesUsers(u)) {
      out.push({
        problem: "policy-without-break-glass-exclusion",
        rule: "IDAC-CA-011",
        object: p.displayName,
        detail: `${p.state} policy does not exclude every break-glass account or group`,
      });
    }
    // The break-glass group is referenced, never exported as something to manage.
    const missing = [...u.includeGroups, ...u.excludeGroups].filter((g) => !groups.has(g) && !breakGlass.has(g.toLowerCase()));
    if (missing.length)
      out.push({ problem: "policy-references-deleted-object", object: p.displayName, detail: `references group(s) that do not exist: ${missing.join(", ")}` });
  }
  return out;
}

/**
 * Whether a Graph policy includes any user: one that includes none (a policy on workload identities, or one kept for
 * later with includeUsers None) cannot lock out the break-glass accounts.
 */
function includesUsers(u: GraphExport["conditionalAccessPolicies"][number]["conditions"]["users"]): boolean {
  const guestTypes = (u.includeGuestsOrExternalUsers?.guestOrExternalUserTypes ?? "").split(",").filter((t) => t.trim() && t.trim() !== "none");
  return u.includeUsers.some((x) => x !== "None") || u.includeGroups.length > 0 || u.includeRoles.length > 0 || guestTypes.length > 0;
}

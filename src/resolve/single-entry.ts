import { formatPath, type CatalogIssue, type SourceLocation } from "../errors/issue";
import { directoryRoleName, findDirectoryRole } from "../model/directory-roles";
import { compileMembershipRule } from "../model/membership-rule";
import type { AppRoleGrant, Application, BusinessRole, ConditionalAccessPolicy, EntrySource, Group, PrivilegedRole } from "../model/model";
import type { BusinessRoleSpec, ConditionalAccessPolicySpec, GroupSpec, PrivilegedRoleSpec } from "../schema/catalog";
import { DEFAULT_DOMAIN, directoryRoleIssue, directoryRoleNames, MAX_RULE_LENGTH } from "./resolve";

/**
 * Resolution of one entry declared outside the catalog files (a construct created in TypeScript): the derived
 * values the resolver computes for catalog entries (compiled membership rules, effective grants, directory role
 * names), and the resolver's checks that apply to one entry. Checks that need the whole catalog (duplicate IDs
 * across files, role cycles, unique mail nicknames, objects adopted once) do not run on such entries.
 */
export interface Resolved<T> {
  readonly entry: T;
  /** Problems in catalog terms, each "what was found. how to fix it". Empty when the entry can be built. */
  readonly problems: readonly string[];
}

/** Where a TypeScript entry was declared: the construct's path stands in for file and line. */
export function constructSource(constructPath: string): EntrySource {
  const at = (sub: readonly (string | number)[]): SourceLocation => ({ file: constructPath, line: 0, col: 0, path: formatPath(sub) });
  return { ...at([]), locate: (sub) => at(sub) };
}

export function resolveGroup(spec: GroupSpec, source: EntrySource): Resolved<Group> {
  const problems: string[] = [];
  const membershipRule = spec.membership.type === "dynamic" ? compileMembershipRule(spec.membership.when) : undefined;
  if (membershipRule !== undefined) ruleFits(membershipRule, `group '${spec.id}'`, problems);
  if (spec.assignableToRole && spec.membership.type === "dynamic") {
    problems.push(
      `Group '${spec.id}' is role-assignable and has dynamic membership; Entra refuses ` +
        `dynamic membership on role-assignable groups. Give it assigned membership, or make it ` +
        `not role-assignable.`,
    );
  }
  return {
    entry: { id: spec.id, spec, domain: DEFAULT_DOMAIN, source, grantedByRoles: [], ...(membershipRule !== undefined ? { membershipRule } : {}) },
    problems,
  };
}

/**
 * A business role's effective grants: its own groups and app roles plus those of the roles it includes (already
 * resolved: a construct can only include a role that exists before it, so there are no cycles).
 */
export function resolveBusinessRole(
  spec: BusinessRoleSpec,
  source: EntrySource,
  applications: readonly Application[],
  included: readonly BusinessRole[],
): Resolved<BusinessRole> {
  const problems: string[] = [];
  const groups = new Set([...spec.entitlements.groups, ...included.flatMap((r) => r.effectiveGroups)]);
  const appRoles = new Map<string, AppRoleGrant>();
  for (const r of included) for (const g of r.effectiveAppRoles) appRoles.set(`${g.application}/${g.appRole}`, g);
  for (const ref of spec.entitlements.appRoles) {
    const [app, role] = ref.split("/") as [string, string];
    const application = applications.find((a) => a.id === app);
    const appRole = application?.spec.appRoles.find((x) => x.id === role);
    if (!application || !appRole) {
      problems.push(
        `App role '${ref}' of business role '${spec.id}' is not declared: ` +
          `${application ? `application '${app}' has no app role '${role}'` : `there is no application '${app}' in the catalog`}` +
          `. Declare the application and its app roles under applications: in the catalog.`,
      );
      continue;
    }
    appRoles.set(ref, { application: app, appRole: role, appRoleId: appRole.appRoleId, clientId: application.spec.clientId });
  }
  const a = spec.assignment;
  const membershipRule = a?.type === "birthright" ? compileMembershipRule(a.when) : undefined;
  if (membershipRule !== undefined) ruleFits(membershipRule, `business role '${spec.id}'`, problems);
  const entry: BusinessRole = {
    id: spec.id,
    spec,
    domain: DEFAULT_DOMAIN,
    source,
    effectiveGroups: [...groups].sort(cmp),
    effectiveAppRoles: [...appRoles.keys()].sort(cmp).map((k) => appRoles.get(k)!),
    includedRoles: [...new Set([...spec.entitlements.roles, ...included.flatMap((r) => r.includedRoles)])].sort(cmp),
    hasRoleGroup: a !== undefined,
    ...(membershipRule !== undefined ? { membershipRule } : {}),
  };
  return { entry, problems };
}

export function resolvePrivilegedRole(spec: PrivilegedRoleSpec, source: EntrySource): Resolved<PrivilegedRole | undefined> {
  const problems = roleProblems([spec.directoryRole], source);
  const role = findDirectoryRole(spec.directoryRole).role;
  if (!role) return { entry: undefined, problems };
  const entry: PrivilegedRole = {
    id: spec.id,
    spec: { ...spec, directoryRole: directoryRoleName(spec.directoryRole) },
    domain: DEFAULT_DOMAIN,
    source,
    directoryRoleTemplateId: role.templateId,
    privileged: role.privileged || role.highlyPrivileged,
  };
  return { entry, problems };
}

export function resolveConditionalAccessPolicy(spec: ConditionalAccessPolicySpec, source: EntrySource): Resolved<ConditionalAccessPolicy | undefined> {
  const { include, exclude } = spec.users;
  const problems = roleProblems([...include.roles, ...exclude.roles], source);
  if (problems.length) return { entry: undefined, problems };
  const users = { include: { ...include, roles: directoryRoleNames(include.roles) }, exclude: { ...exclude, roles: directoryRoleNames(exclude.roles) } };
  return { entry: { id: spec.id, spec: { ...spec, users }, domain: DEFAULT_DOMAIN, source }, problems };
}

function roleProblems(references: readonly string[], source: EntrySource): string[] {
  return references
    .map((r) => directoryRoleIssue(r, source))
    .filter((i): i is CatalogIssue => i !== undefined && i.severity === "error")
    .map((i) => `${i.message}${i.hint ? ` ${i.hint}` : ""}`);
}

function ruleFits(rule: string, what: string, problems: string[]): void {
  if (rule.length > MAX_RULE_LENGTH)
    problems.push(
      `The membership rule of ${what} compiles to ${rule.length} characters; Entra ` +
        `accepts at most ${MAX_RULE_LENGTH}. Use fewer values, or a broader attribute.`,
    );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { compiled, type Principal } from "../analysis/conditional-access/evaluate";
import type { EnvironmentView } from "../model/environment";
import type { BusinessRole, Catalog } from "../model/model";
import { ruleSubject, type Person } from "./person";
import { clauseOutcomes, evaluateRule, type RuleNode } from "./rule";
import { RuleIndex } from "./rule-index";

/** An entitlement in SoD terms: `role:<id>`, `group:<id>`, `appRole:<app>/<role>`, `privilegedRole:<id>`. */
export type EntitlementKey = string;

/**
 * How a person obtains access:
 * - `birthright`: a birthright role whose dynamic rule matches the person's HR values (follows HR at once);
 * - `dynamic-group`: a dynamic group whose rule matches (follows HR at once);
 * - `catalog-member`: listed as a member of an assigned group in the catalog;
 * - `request`: a request-based role assigned through its access package (stays until expiry or review);
 * - `direct`: a direct member of an assigned group, as the snapshot says (stays until removed or reviewed);
 * - `eligible`: eligible for a privileged role in PIM (stays until the eligibility ends).
 */
export type SourceKind = "birthright" | "dynamic-group" | "catalog-member" | "request" | "direct" | "eligible";

export interface AccessSource {
  readonly kind: SourceKind;
  /** The role, group or privileged role that grants the access. */
  readonly id: string;
  /** For rules: the clauses of the rule, each as written (all hold when the rule matches). */
  readonly clauses?: readonly string[];
  readonly since?: string;
  readonly until?: string;
}

/** One entitlement of a person with how it is obtained. */
export interface Grant {
  readonly entitlement: EntitlementKey;
  readonly source: AccessSource;
}

export interface PersonAccess {
  readonly person: Person;
  /** Sorted by entitlement, then source kind and ID. */
  readonly grants: readonly Grant[];
  /** Business roles the person may request (not held yet), with who may request them. */
  readonly requestable: readonly { readonly role: string; readonly because: string }[];
  /** Catalog groups the person is a member of (dynamic, assigned, role groups' nested groups), sorted. */
  readonly groups: readonly string[];
}

/** Sources HR does not change: Entra keeps them after a move until they expire or are reviewed. */
export const RESIDUAL_KINDS: ReadonlySet<SourceKind> = new Set(["request", "direct", "eligible", "catalog-member"]);

interface CatalogIndex {
  readonly roles: ReadonlyMap<string, BusinessRole>;
  readonly birthright: RuleIndex<BusinessRole>;
  readonly dynamicGroups: RuleIndex<string>;
  readonly catalogMembers: ReadonlyMap<string, readonly string[]>;
  readonly eligibleInCatalog: ReadonlyMap<string, readonly { id: string; until?: string }[]>;
  /** Requestable roles open to all members or users, and by requestor group. */
  readonly openRoles: readonly BusinessRole[];
  readonly rolesByRequestorGroup: ReadonlyMap<string, readonly BusinessRole[]>;
}

const indexes = new WeakMap<Catalog, CatalogIndex>();

function indexOf(catalog: Catalog): CatalogIndex {
  let index = indexes.get(catalog);
  if (index) return index;
  const catalogMembers = new Map<string, string[]>();
  for (const g of catalog.groups) {
    if (g.spec.membership.type !== "assigned") continue;
    for (const m of g.spec.membership.members ?? []) push(catalogMembers, m.toLowerCase(), g.id);
  }
  const eligibleInCatalog = new Map<string, { id: string; until?: string }[]>();
  for (const r of catalog.privilegedRoles)
    for (const e of r.spec.eligible) push(eligibleInCatalog, e.principal.toLowerCase(), { id: r.id, ...(e.expires ? { until: e.expires } : {}) });
  const openRoles: BusinessRole[] = [];
  const rolesByRequestorGroup = new Map<string, BusinessRole[]>();
  for (const r of catalog.businessRoles) {
    const a = r.spec.assignment;
    if (a?.type !== "request") continue;
    if (a.requestors.scope === "allMembers" || a.requestors.scope === "allUsers") openRoles.push(r);
    else if (a.requestors.scope === "groups") for (const g of new Set(a.requestors.groups)) push(rolesByRequestorGroup, g, r);
  }
  index = {
    openRoles,
    rolesByRequestorGroup,
    roles: new Map(catalog.businessRoles.map((r) => [r.id, r])),
    birthright: new RuleIndex(
      catalog.businessRoles
        .filter((r) => r.membershipRule !== undefined && r.spec.assignment?.type === "birthright")
        .map((r) => ({ item: r, rule: r.membershipRule! })),
    ),
    dynamicGroups: new RuleIndex(catalog.groups.filter((g) => g.membershipRule !== undefined).map((g) => ({ item: g.id, rule: g.membershipRule! }))),
    catalogMembers,
    eligibleInCatalog,
  };
  indexes.set(catalog, index);
  return index;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The entitlements a business role grants: itself, included roles, groups and app roles. */
export function roleEntitlements(role: BusinessRole): EntitlementKey[] {
  return [
    `role:${role.id}`,
    ...role.includedRoles.map((r) => `role:${r}`),
    ...role.effectiveGroups.map((g) => `group:${g}`),
    ...role.effectiveAppRoles.map((a) => `appRole:${a.application}/${a.appRole}`),
  ];
}

const clausesOf = (tree: RuleNode, person: Person) => clauseOutcomes(tree, ruleSubject(person)).map((c) => c.text);

/**
 * A person's effective access under the catalog: birthright roles and dynamic groups from the HR values (with the
 * rule that matched), what the snapshot says they hold now (request-based roles, direct memberships, PIM
 * eligibility), catalog-listed memberships and eligibilities, and everything those grant through role composition.
 */
export function personAccess(catalog: Catalog, person: Person): PersonAccess {
  const index = indexOf(catalog);
  const subject = ruleSubject(person);
  const grants: Grant[] = [];
  const groups = new Set<string>();
  const viaRole = (role: BusinessRole, source: AccessSource) => {
    for (const e of roleEntitlements(role)) grants.push({ entitlement: e, source });
    for (const g of role.effectiveGroups) groups.add(g);
  };
  for (const { item: role, tree } of index.birthright.candidates(subject))
    if (evaluateRule(tree, subject)) viaRole(role, { kind: "birthright", id: role.id, clauses: clausesOf(tree, person) });
  for (const { item: group, tree } of index.dynamicGroups.candidates(subject)) {
    if (!evaluateRule(tree, subject)) continue;
    grants.push({ entitlement: `group:${group}`, source: { kind: "dynamic-group", id: group, clauses: clausesOf(tree, person) } });
    groups.add(group);
  }
  for (const held of person.assignedRoles) {
    const role = index.roles.get(held.id);
    if (role) viaRole(role, { kind: "request", id: role.id, ...dates(held) });
  }
  for (const held of person.directGroups) {
    grants.push({ entitlement: `group:${held.id}`, source: { kind: "direct", id: held.id, ...dates(held) } });
    groups.add(held.id);
  }
  const upn = person.upn.toLowerCase();
  for (const group of index.catalogMembers.get(upn) ?? []) {
    grants.push({ entitlement: `group:${group}`, source: { kind: "catalog-member", id: group } });
    groups.add(group);
  }
  const eligible = new Map<string, { until?: string; since?: string }>();
  for (const e of index.eligibleInCatalog.get(upn) ?? []) eligible.set(e.id, e);
  for (const held of person.eligibleRoles) eligible.set(held.id, held);
  for (const [id, e] of eligible) grants.push({ entitlement: `privilegedRole:${id}`, source: { kind: "eligible", id, ...dates(e) } });
  const unique = dedupe(grants);
  const heldRoles = new Set(unique.filter((g) => g.entitlement.startsWith("role:")).map((g) => g.entitlement.slice(5)));
  return { person, grants: unique, requestable: requestable(index, person, groups, heldRoles), groups: [...groups].sort() };
}

const dates = (h: { since?: string; until?: string }) => ({ ...(h.since ? { since: h.since } : {}), ...(h.until ? { until: h.until } : {}) });

function dedupe(grants: Grant[]): Grant[] {
  const seen = new Set<string>();
  const out: Grant[] = [];
  for (const g of grants) {
    const key = `${g.entitlement}\u0000${g.source.kind}\u0000${g.source.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(g);
  }
  return out.sort((a, b) => cmp(a.entitlement, b.entitlement) || cmp(a.source.kind, b.source.kind) || cmp(a.source.id, b.source.id));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The roles the person may request, found through the requestor index (not by trying every role). */
function requestable(index: CatalogIndex, person: Person, groups: ReadonlySet<string>, held: ReadonlySet<string>): { role: string; because: string }[] {
  if (!person.accountEnabled) return [];
  const candidates = new Set<BusinessRole>(index.openRoles);
  for (const g of groups) for (const r of index.rolesByRequestorGroup.get(g) ?? []) candidates.add(r);
  const out: { role: string; because: string }[] = [];
  for (const role of candidates) {
    if (held.has(role.id)) continue;
    const because = mayRequest(role, person, groups);
    if (because) out.push({ role: role.id, because });
  }
  return out.sort((a, b) => cmp(a.role, b.role));
}

/** Why the person may request a business role, or undefined when they may not. */
export function mayRequest(role: BusinessRole, person: Person, groups: ReadonlySet<string>): string | undefined {
  const a = role.spec.assignment;
  if (a?.type !== "request" || !person.accountEnabled) return undefined;
  const r = a.requestors;
  if (r.scope === "allUsers") return "all users may request it";
  if (r.scope === "allMembers") return person.userType === "Member" ? "all members may request it" : undefined;
  if (r.scope !== "groups") return undefined;
  const via = r.groups.find((g) => groups.has(g));
  return via ? `members of ${via} may request it` : undefined;
}

/** What conditional access sees of a person: their groups, no activated role, their account. */
export function principalOfPerson(view: EnvironmentView, access: PersonAccess): Principal {
  const p = access.person;
  return {
    id: p.upn,
    userType: p.userType === "Guest" ? "guest" : "member",
    guestType: "b2bCollaborationGuest",
    groups: new Set(access.groups),
    roles: new Set(),
    user: view.person(p.upn),
    breakGlass: false,
    device: { compliant: false, domainJoined: false },
  };
}

/** The conditional access policies (not disabled) whose users include the person, with what they require. */
export function policiesFor(view: EnvironmentView, access: PersonAccess): { policy: string; state: string; requires: string }[] {
  const principal = principalOfPerson(view, access);
  return compiled(view)
    .filter((p) => p.state !== "disabled" && p.userScope(principal) === null)
    .map((p) => ({ policy: p.id, state: p.state, requires: requirement(p.grant, p.hasSession) }));
}

function requirement(grant: ReturnType<typeof compiled>[number]["grant"], session: boolean): string {
  if (!grant) return "session controls only";
  if (grant.block) return "block";
  const controls = [
    ...grant.controls,
    ...(grant.authenticationStrength ? [`authentication strength ${grant.authenticationStrength}`] : []),
    ...grant.termsOfUse.map((t) => `terms of use ${t}`),
    ...grant.customAuthenticationFactors.map((f) => `custom control ${f}`),
  ];
  return `${controls.join(` ${grant.operator} `) || "no control"}${session ? " (+ session controls)" : ""}`;
}

import { DIRECTORY_ROLES } from "../model/directory-role-table";
import { BUILT_IN_STRENGTH_GUIDS, CA_APPLICATION_KEYWORDS } from "../model/graph-values";
import type { GraphExport } from "./graph";
import { addTo } from "./multimap";
import type { TenantObjects } from "./tenant";

/**
 * Compares two views of a tenant in Graph terms: what the catalog gives an environment ({@link expectedTenant}) and
 * what an export holds. Objects an entry adopts (`importFrom`) are matched by object ID; the others by display name
 * (users by UPN), since the catalog does not know their object IDs (Terraform state does). Every object ID inside an object is replaced by what it points at (`group:<display name>`,
 * `user:<upn>`, `role:<directory role>`, `namedLocation:<name>`, …), so a difference is always about meaning, never
 * about IDs; lists are compared as sets.
 *
 * Conditional access policies, named locations and authentication strengths are compared property by property in
 * both directions (a device filter added in the portal is a difference). Groups, administrative units, catalogs,
 * access packages and assignment policies are compared on the properties idac sets (Graph returns dozens of others
 * idac does not manage). A group's `memberOf` is derived from the members of every exported group.
 */

export type DriftCollection =
  | "administrativeUnits"
  | "groups"
  | "namedLocations"
  | "authenticationStrengthPolicies"
  | "conditionalAccessPolicies"
  | "accessPackageCatalogs"
  | "accessPackages"
  | "assignmentPolicies";

export const DRIFT_COLLECTIONS: readonly DriftCollection[] = [
  "administrativeUnits",
  "groups",
  "namedLocations",
  "authenticationStrengthPolicies",
  "conditionalAccessPolicies",
  "accessPackageCatalogs",
  "accessPackages",
  "assignmentPolicies",
];

/** Collections compared property by property in both directions. */
const STRICT: ReadonlySet<DriftCollection> = new Set(["namedLocations", "authenticationStrengthPolicies", "conditionalAccessPolicies"]);

/** Properties Terraform does not manage in a collection (azuread 3.7.0 has no description for a CA policy). */
const UNMANAGED: Partial<Record<DriftCollection, readonly string[]>> = { conditionalAccessPolicies: ["description"] };

/** Never compared: identity and timestamps. */
const METADATA = new Set(["id", "createdDateTime", "modifiedDateTime", "deletedDateTime", "templateId", "renewedDateTime"]);

export interface PropertyDifference {
  /** Graph property path, e.g. `conditions.users.excludeGroups`. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export type DriftItem =
  | { readonly kind: "onlyInCatalog"; readonly collection: DriftCollection; readonly name: string; readonly objectId: string }
  | { readonly kind: "onlyInTenant"; readonly collection: DriftCollection; readonly name: string; readonly objectId: string }
  | { readonly kind: "different"; readonly collection: DriftCollection; readonly name: string; readonly objectId: string; readonly tenantObjectId: string; readonly differences: readonly PropertyDifference[] };

type Loose = Record<string, unknown>;
/** Either side: {@link TenantObjects} or a {@link GraphExport}. */
type Side = { readonly [K in DriftCollection | "users" | "servicePrincipals"]: readonly object[] };

export interface CompareOptions {
  /** Break-glass accounts and group: labelled the same on both sides, whatever the export says about them. */
  readonly breakGlass: readonly string[];
  /** Collections to compare. @default all */
  readonly collections?: readonly DriftCollection[];
}

/** Differences between the expected tenant and an export, sorted by collection and name. */
export function compareTenants(expected: Side, actual: Side, options: CompareOptions): DriftItem[] {
  const collections = options.collections ?? DRIFT_COLLECTIONS;
  const paired = new Map<DriftCollection, { pairs: Map<Loose, Loose>; unmatched: Loose[] }>();
  for (const collection of DRIFT_COLLECTIONS) paired.set(collection, pair(expected[collection] as readonly Loose[], (actual[collection] as readonly Loose[]).filter((o) => !builtIn(o))));
  const le = labels(expected, options.breakGlass);
  // A matched object is called by its catalog name on both sides, so a rename shows once, on the object itself.
  const la = labels(actual, options.breakGlass);
  for (const { pairs } of paired.values()) {
    for (const [e, a] of pairs) {
      const label = le.get(String(e.id).toLowerCase());
      if (label && !la.get(String(a.id).toLowerCase())?.startsWith("breakGlass:")) la.set(String(a.id).toLowerCase(), label);
    }
  }
  const memberOf = membershipsOf(actual.groups as readonly Loose[]);
  const out: DriftItem[] = [];
  for (const collection of collections) {
    const { pairs, unmatched } = paired.get(collection)!;
    for (const e of expected[collection] as readonly Loose[]) {
      const name = String(e.displayName);
      const a = pairs.get(e);
      if (!a) {
        out.push({ kind: "onlyInCatalog", collection, name, objectId: String(e.id) });
        continue;
      }
      const ce = canonical(e, le, "");
      const withMemberOf = collection === "groups" && "memberOf" in e ? { ...a, memberOf: a.memberOf ?? memberOf.get(String(a.id).toLowerCase()) ?? [] } : a;
      const managed = omit(withMemberOf, UNMANAGED[collection] ?? []);
      const ca = canonical(STRICT.has(collection) ? managed : pick(managed, e), la, "");
      const differences = diff(ce, ca, "");
      if (differences.length) out.push({ kind: "different", collection, name, objectId: String(e.id), tenantObjectId: String(a.id), differences });
    }
    for (const a of unmatched) out.push({ kind: "onlyInTenant", collection, name: String(a.displayName), objectId: String(a.id) });
  }
  return out;
}

/** Tenant objects the expected tenant describes (matched as drift matches them): actual object ID → expected ID. */
export function describedObjects(expected: Side, actual: Side): Map<string, string> {
  const out = new Map<string, string>();
  for (const collection of DRIFT_COLLECTIONS) {
    const { pairs } = pair(expected[collection] as readonly Loose[], (actual[collection] as readonly Loose[]).filter((o) => !builtIn(o)));
    for (const [e, a] of pairs) out.set(String(a.id).toLowerCase(), String(e.id));
  }
  return out;
}

/**
 * Pairs expected and actual objects: by object ID first (adopted objects: a name changed in the portal is a
 * difference, not two objects), then the rest by display name.
 */
function pair(expected: readonly Loose[], actual: readonly Loose[]): { pairs: Map<Loose, Loose>; unmatched: Loose[] } {
  const byId = new Map(actual.map((o) => [String(o.id).toLowerCase(), o]));
  const pairs = new Map<Loose, Loose>();
  const matched = new Set<Loose>();
  for (const e of expected) {
    const a = byId.get(String(e.id).toLowerCase());
    if (a) (pairs.set(e, a), matched.add(a));
  }
  const byName = new Map<string, Loose[]>();
  for (const a of actual) if (!matched.has(a)) addTo(byName, String(a.displayName), a);
  for (const e of expected) {
    if (pairs.has(e)) continue;
    const a = byName.get(String(e.displayName))?.shift();
    if (a) (pairs.set(e, a), matched.add(a));
  }
  return { pairs, unmatched: actual.filter((a) => !matched.has(a)) };
}

/** Objects every tenant has and nobody manages: the built-in authentication strengths and the General catalog. */
function builtIn(o: Loose): boolean {
  return o.policyType === "builtIn" || o.catalogType === "serviceDefault";
}


function omit(o: Loose, keys: readonly string[]): Loose {
  return keys.length ? Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k))) : o;
}

/** Only the properties the expected object sets, at every depth (lists are compared whole). */
function pick(actual: Loose, expected: Loose): Loose {
  return Object.fromEntries(
    Object.keys(expected).map((k) => {
      const e = expected[k];
      const a = actual[k];
      const nested = e && a && typeof e === "object" && typeof a === "object" && !Array.isArray(e) && !Array.isArray(a);
      return [k, nested ? pick(a as Loose, e as Loose) : a];
    }),
  );
}

/** Group object ID → the groups it is a member of, from the members of every group. */
function membershipsOf(groups: readonly Loose[]): Map<string, Loose[]> {
  const out = new Map<string, Loose[]>();
  for (const g of groups) {
    for (const m of (g.members as Loose[] | undefined) ?? []) addTo(out, String(m.id).toLowerCase(), { id: g.id });
  }
  return out;
}

function labels(side: Side, breakGlass: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  const add = (id: unknown, label: string) => typeof id === "string" && !map.has(id.toLowerCase()) && map.set(id.toLowerCase(), label);
  for (const id of breakGlass) add(id, `breakGlass:${id.toLowerCase()}`);
  for (const [name, guid] of Object.entries(BUILT_IN_STRENGTH_GUIDS)) add(guid, `authenticationStrength:${name}`);
  for (const [keyword, appId] of Object.entries(CA_APPLICATION_KEYWORDS)) if (appId !== keyword) add(appId, `application:${keyword}`);
  for (const r of DIRECTORY_ROLES) add(r.templateId, `role:${r.name}`);
  for (const sp of side.servicePrincipals as readonly Loose[]) {
    const name = String(sp.displayName ?? sp.appId);
    add(sp.appId, `application:${name}`);
    add(sp.id, `servicePrincipal:${name}`);
    for (const r of (sp.appRoles as Loose[] | undefined) ?? []) add(r.id, `appRole:${name}/${String(r.value ?? r.displayName)}`);
  }
  for (const u of side.users as readonly Loose[]) if (u.userPrincipalName) add(u.id, `user:${String(u.userPrincipalName).toLowerCase()}`);
  for (const g of side.groups as readonly Loose[]) {
    add(g.id, `group:${String(g.displayName)}`);
    for (const o of [...((g.owners as Loose[] | undefined) ?? []), ...((g.members as Loose[] | undefined) ?? [])]) if (o.userPrincipalName) add(o.id, `user:${String(o.userPrincipalName).toLowerCase()}`);
  }
  for (const u of side.administrativeUnits as readonly Loose[]) add(u.id, `administrativeUnit:${String(u.displayName)}`);
  for (const l of side.namedLocations as readonly Loose[]) add(l.id, `namedLocation:${String(l.displayName)}`);
  for (const s of side.authenticationStrengthPolicies as readonly Loose[]) add(s.id, `authenticationStrength:${String(s.displayName)}`);
  for (const c of side.accessPackageCatalogs as readonly Loose[]) add(c.id, `accessPackageCatalog:${String(c.displayName)}`);
  for (const p of side.accessPackages as readonly Loose[]) add(p.id, `accessPackage:${String(p.displayName)}`);
  return map;
}

const GUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** `@odata.type` values that add nothing to what the property already says. */
const TRANSPORT_TYPES = /^#microsoft\.graph\.(user|group|servicePrincipal|device|administrativeUnit|conditionalAccessPolicy|conditionalAccessAllExternalTenants|accessPackage|accessPackageCatalog|accessPackageAssignmentPolicy|appRoleAssignment)$/;

/**
 * Lists compared as sets of what their items mean, by property name: each item in words (labels for IDs), or
 * undefined to leave it out.
 */
const SETS_OF: Record<string, (item: Loose, label: (v: unknown) => string) => string | undefined> = {
  // Owners and members: only who they are.
  owners: (m, label) => label(m.id),
  members: (m, label) => label(m.id),
  memberOf: (m, label) => label(m.id),
  // A group's app roles: which role of which application, nothing else.
  appRoleAssignments: (a, label) => `${label(a.appRoleId)} of ${label(a.resourceId)}`,
  // A package's resources: which role of which resource.
  resourceRoleScopes: (rs, label) => `${label((rs.role as Loose | undefined)?.originId)} on ${label((rs.scope as Loose | undefined)?.originId)}`,
  // PIM: which role at which scope; who is eligible or standing, until when; who approves activations.
  roleAssignments: (a, label) => `${label(a.roleDefinitionId)} at ${label(a.directoryScopeId)}`,
  eligibilitySchedules: (x, label) => (x.accessId === "member" ? `${label(x.principalId)} until ${expiry((x.scheduleInfo as Loose | undefined)?.expiration as Loose | undefined)}` : undefined),
  assignmentSchedules: (x, label) =>
    x.accessId === "member" && x.assignmentType === "assigned" ? `${label(x.principalId)} until ${expiry((x.scheduleInfo as Loose | undefined)?.expiration as Loose | undefined)}` : undefined,
  approvalStages: (st, label) => ((st.primaryApprovers as Loose[] | undefined) ?? []).map((a) => label(a.userId ?? a.groupId)).sort().join(", "),
};

/** Graph properties that hold a comma-separated set. */
const COMMA_SETS = new Set(["guestOrExternalUserTypes", "transferMethods"]);

/**
 * Normal form of a Graph value: IDs replaced by labels, sets sorted, and "nothing" in all its spellings (null,
 * false, [], {}, a session control with isEnabled false) removed, so only meaning is left.
 */
function canonical(value: unknown, labelOf: ReadonlyMap<string, string>, key: string): unknown {
  // Graph spells "off" as false or null alike (isAssignableToRole, isTrusted, …).
  if (value === null || value === undefined || value === false) return undefined;
  if (typeof value === "string") {
    if (COMMA_SETS.has(key)) return canonical(value.split(",").map((s) => s.trim()).filter(Boolean), labelOf, "");
    // IDs inside strings too (a resource role's originId is Member_<group ID>).
    return labelOf.get(value.toLowerCase()) ?? value.replace(GUID_IN_TEXT, (g) => labelOf.get(g.toLowerCase()) ?? g.toLowerCase());
  }
  if (Array.isArray(value)) {
    const asSet = Object.hasOwn(SETS_OF, key) ? SETS_OF[key] : undefined;
    if (asSet) return sortedSet(value.flatMap((item) => asSet(item as Loose, (v) => String(canonical(v, labelOf, "") ?? "")) ?? []));
    const items = value.map((v) => canonical(v, labelOf, "")).filter((v) => v !== undefined);
    if (!items.length) return undefined;
    if (items.every((v) => typeof v !== "object")) return sortedSet(items.map(String));
    return [...new Set(items.map((v) => JSON.stringify(v)))].sort().map((s) => JSON.parse(s) as unknown);
  }
  if (typeof value === "object") {
    const o = value as Loose;
    if (key === "authenticationStrength") return canonical(o.id, labelOf, "");
    if ("isEnabled" in o && o.isEnabled === false && key !== "") return undefined;
    const out: Loose = {};
    for (const k of Object.keys(o).sort()) {
      // Annotations (`@odata.context`, `property@odata.context`, …) are transport, not meaning.
      if (METADATA.has(k) || (k.includes("@odata.") && k !== "@odata.type")) continue;
      // @odata.type is kept where it says what a value means (a named location's kind, an approver's kind).
      if (k === "@odata.type" && TRANSPORT_TYPES.test(String(o[k]))) continue;
      const v = canonical(o[k], labelOf, k);
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

function sortedSet(values: string[]): string[] | undefined {
  return values.length ? [...new Set(values)].sort() : undefined;
}

/** When a PIM schedule ends: a date, a duration, or never. */
function expiry(e: Loose | undefined): string {
  if (!e || e.type === "noExpiration") return "never";
  if (e.type === "afterDateTime") return String(e.endDateTime ?? "").slice(0, 10);
  return String(e.duration);
}

function diff(e: unknown, a: unknown, path: string): PropertyDifference[] {
  if (JSON.stringify(e) === JSON.stringify(a)) return [];
  if (e && a && typeof e === "object" && typeof a === "object" && !Array.isArray(e) && !Array.isArray(a)) {
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => diff((e as Loose)[k], (a as Loose)[k], path ? `${path}.${k}` : k));
  }
  return [{ path: path || "(object)", expected: e, actual: a }];
}

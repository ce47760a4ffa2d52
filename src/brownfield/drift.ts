import { DIRECTORY_ROLES } from "../model/directory-role-table";
import { BUILT_IN_STRENGTH_GUIDS, CA_APPLICATION_KEYWORDS } from "../model/graph-values";
import { canonical, diff, omit, pick, type HowCompared, type Loose, type PropertyDifference } from "./compare";
import { ACCESS_REVIEW_COMPARED } from "./concepts/access-reviews";
import { AUTHENTICATION_STRENGTH_COMPARED } from "./concepts/authentication-strengths";
import { CA_COMPARED } from "./concepts/conditional-access";
import { AUTHENTICATION_METHODS_COMPARED, DIRECTORY_ROLE_POLICY_COMPARED, LIFECYCLE_WORKFLOW_COMPARED } from "./concepts/lifecycle-methods-roles";
import { NAMED_LOCATION_COMPARED } from "./concepts/named-locations";
import { addTo } from "./multimap";

/**
 * Compares two views of a tenant in Graph terms: what the catalog gives an environment ({@link expectedTenant}) and
 * what an export holds. Objects an entry adopts (`importFrom`) are matched by object ID; the others by display name
 * (users by UPN), since the catalog does not know their object IDs (Terraform state does). Every object ID inside an
 * object is replaced by what it points at (`group:<display name>`, `user:<upn>`, `role:<directory role>`,
 * `namedLocation:<name>`, …), so a difference is always about meaning, never about IDs; lists are compared as sets.
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
  | "assignmentPolicies"
  | "accessReviewDefinitions"
  | "lifecycleWorkflows"
  | "authenticationMethodsPolicies"
  | "directoryRolePolicies";

const DRIFT_COLLECTIONS: readonly DriftCollection[] = [
  "administrativeUnits",
  "groups",
  "namedLocations",
  "authenticationStrengthPolicies",
  "conditionalAccessPolicies",
  "accessPackageCatalogs",
  "accessPackages",
  "assignmentPolicies",
  "accessReviewDefinitions",
  "lifecycleWorkflows",
  "authenticationMethodsPolicies",
  "directoryRolePolicies",
];

/**
 * How each collection is compared, from its concept module: conditional access policies, named locations and
 * authentication strengths property by property in both directions; the others on the properties idac sets.
 */
export const HOW_COMPARED: Readonly<Record<DriftCollection, HowCompared>> = {
  administrativeUnits: { strict: false },
  groups: { strict: false },
  namedLocations: NAMED_LOCATION_COMPARED,
  authenticationStrengthPolicies: AUTHENTICATION_STRENGTH_COMPARED,
  conditionalAccessPolicies: CA_COMPARED,
  accessPackageCatalogs: { strict: false },
  accessPackages: { strict: false },
  assignmentPolicies: { strict: false },
  accessReviewDefinitions: ACCESS_REVIEW_COMPARED,
  lifecycleWorkflows: LIFECYCLE_WORKFLOW_COMPARED,
  authenticationMethodsPolicies: AUTHENTICATION_METHODS_COMPARED,
  directoryRolePolicies: DIRECTORY_ROLE_POLICY_COMPARED,
};

export type { PropertyDifference };

export type DriftItem =
  | { readonly kind: "onlyInCatalog"; readonly collection: DriftCollection; readonly name: string; readonly objectId: string }
  | { readonly kind: "onlyInTenant"; readonly collection: DriftCollection; readonly name: string; readonly objectId: string }
  | {
      readonly kind: "different";
      readonly collection: DriftCollection;
      readonly name: string;
      readonly objectId: string;
      readonly tenantObjectId: string;
      readonly differences: readonly PropertyDifference[];
    };

/** Either side: the tenant objects a catalog gives an environment, or a Graph export. */
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
  for (const collection of DRIFT_COLLECTIONS)
    paired.set(
      collection,
      pair(
        expected[collection] as readonly Loose[],
        (actual[collection] as readonly Loose[]).filter((o) => !builtIn(o)),
        HOW_COMPARED[collection].key,
      ),
    );
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
      const how = HOW_COMPARED[collection];
      const prepare = how.prepare ?? ((o: Loose) => o);
      const ce = canonical(omit(prepare(e), how.kept ?? []), le, "");
      const withMemberOf = collection === "groups" && "memberOf" in e ? { ...a, memberOf: a.memberOf ?? memberOf.get(String(a.id).toLowerCase()) ?? [] } : a;
      const managed = omit(prepare(withMemberOf), how.kept ?? []);
      const ca = canonical(how.strict ? managed : pick(managed, prepare(e)), la, "");
      const differences = diff(ce, ca, "");
      if (differences.length) out.push({ kind: "different", collection, name, objectId: String(e.id), tenantObjectId: String(a.id), differences });
    }
    if (HOW_COMPARED[collection].onlyDescribed) continue;
    for (const a of unmatched) out.push({ kind: "onlyInTenant", collection, name: String(a.displayName), objectId: String(a.id) });
  }
  return out;
}

/** Tenant objects the expected tenant describes (matched as drift matches them): actual object ID → expected ID. */
export function describedObjects(expected: Side, actual: Side): Map<string, string> {
  const out = new Map<string, string>();
  for (const collection of DRIFT_COLLECTIONS) {
    const { pairs } = pair(
      expected[collection] as readonly Loose[],
      (actual[collection] as readonly Loose[]).filter((o) => !builtIn(o)),
      HOW_COMPARED[collection].key,
    );
    for (const [e, a] of pairs) out.set(String(a.id).toLowerCase(), String(e.id));
  }
  return out;
}

/**
 * Pairs expected and actual objects: by object ID first (adopted objects: a name changed in the portal is a
 * difference, not two objects), then the rest by display name.
 */
function pair(
  expected: readonly Loose[],
  actual: readonly Loose[],
  key: (o: Loose) => string = (o) => String(o.id).toLowerCase(),
): { pairs: Map<Loose, Loose>; unmatched: Loose[] } {
  const byId = new Map(actual.map((o) => [key(o), o]));
  const pairs = new Map<Loose, Loose>();
  const matched = new Set<Loose>();
  for (const e of expected) {
    const a = byId.get(key(e));
    if (a) {
      pairs.set(e, a);
      matched.add(a);
    }
  }
  const byName = new Map<string, Loose[]>();
  for (const a of actual) if (!matched.has(a)) addTo(byName, String(a.displayName), a);
  for (const e of expected) {
    if (pairs.has(e)) continue;
    const a = byName.get(String(e.displayName))?.shift();
    if (a) {
      pairs.set(e, a);
      matched.add(a);
    }
  }
  return { pairs, unmatched: actual.filter((a) => !matched.has(a)) };
}

/** Objects every tenant has and nobody manages: the built-in authentication strengths and the General catalog. */
function builtIn(o: Loose): boolean {
  return o.policyType === "builtIn" || o.catalogType === "serviceDefault";
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
    for (const o of [...((g.owners as Loose[] | undefined) ?? []), ...((g.members as Loose[] | undefined) ?? [])])
      if (o.userPrincipalName) add(o.id, `user:${String(o.userPrincipalName).toLowerCase()}`);
  }
  for (const u of side.administrativeUnits as readonly Loose[]) add(u.id, `administrativeUnit:${String(u.displayName)}`);
  for (const l of side.namedLocations as readonly Loose[]) add(l.id, `namedLocation:${String(l.displayName)}`);
  for (const s of side.authenticationStrengthPolicies as readonly Loose[]) add(s.id, `authenticationStrength:${String(s.displayName)}`);
  for (const c of side.accessPackageCatalogs as readonly Loose[]) add(c.id, `accessPackageCatalog:${String(c.displayName)}`);
  for (const p of side.accessPackages as readonly Loose[]) add(p.id, `accessPackage:${String(p.displayName)}`);
  return map;
}

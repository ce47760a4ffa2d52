/**
 * Graph objects compared by meaning: IDs replaced by what they point at (labels), sets sorted, and "nothing" in all
 * its spellings (null, false, [], {}, a control with isEnabled false) removed. Shared by `idac drift` (catalog vs
 * export) and the import's round trip (Graph object vs what its catalog entry writes back).
 */

export type Loose = Record<string, unknown>;

/** Never compared: identity and timestamps. */
const METADATA = new Set(["id", "createdDateTime", "modifiedDateTime", "deletedDateTime", "templateId", "renewedDateTime"]);

export interface PropertyDifference {
  /** Graph property path, e.g. `conditions.users.excludeGroups`. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/**
 * How a concept's objects are compared (by drift and by the import's round trip): every property the object holds,
 * or those the catalog writes; properties the provider leaves as they are; a normal form of both sides; and which
 * properties azuread 3.7.0 has no attribute for.
 */
export interface HowCompared {
  readonly strict: boolean;
  readonly kept?: readonly string[];
  readonly prepare?: (o: Loose) => Loose;
  /** What pairs an expected object with a tenant object, before display names. @default the object ID, without case */
  readonly key?: (o: Loose) => string;
  /** Tenant objects that no entry describes are not drift (Entra gives every directory role a PIM policy). */
  readonly onlyDescribed?: boolean;
  /** Why the provider cannot set a property (it has no attribute for it), or undefined when it can. */
  readonly providerLimit?: (path: string) => string | undefined;
  /** Whether the provider has an attribute at or below a property (a difference is named down to where it has none). */
  readonly providerKnows?: (path: string) => boolean;
}

export function omit(o: Loose, keys: readonly string[]): Loose {
  return keys.length ? Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k))) : o;
}

/** Only the properties the expected object sets, at every depth (lists are compared whole). */
export function pick(actual: Loose, expected: Loose): Loose {
  return Object.fromEntries(
    Object.keys(expected).map((k) => {
      const e = expected[k];
      const a = actual[k];
      const nested = e && a && typeof e === "object" && typeof a === "object" && !Array.isArray(e) && !Array.isArray(a);
      return [k, nested ? pick(a as Loose, e as Loose) : a];
    }),
  );
}

const GUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** `@odata.type` values that add nothing to what the property already says. */
const TRANSPORT_TYPES = new RegExp(
  [
    "^#microsoft\\.graph\\.(user|group|servicePrincipal|device|administrativeUnit|",
    "conditionalAccessPolicy|conditionalAccessAllExternalTenants|accessPackage|",
    "accessPackageCatalog|accessPackageAssignmentPolicy|appRoleAssignment)$",
  ].join(""),
);

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
  eligibilitySchedules: (x, label) =>
    x.accessId === "member" ? `${label(x.principalId)} until ${expiry((x.scheduleInfo as Loose | undefined)?.expiration as Loose | undefined)}` : undefined,
  assignmentSchedules: (x, label) =>
    x.accessId === "member" && x.assignmentType === "assigned"
      ? `${label(x.principalId)} until ${expiry((x.scheduleInfo as Loose | undefined)?.expiration as Loose | undefined)}`
      : undefined,
  approvalStages: (st, label) =>
    ((st.primaryApprovers as Loose[] | undefined) ?? [])
      .map((a) => label(a.userId ?? a.groupId))
      .sort()
      .join(", "),
};

/** Graph properties that hold a comma-separated set. */
const COMMA_SETS = new Set(["guestOrExternalUserTypes", "transferMethods", "insiderRiskLevels"]);

/**
 * Normal form of a Graph value: IDs replaced by labels, sets sorted, and "nothing" in all its spellings (null,
 * false, [], {}, a session control with isEnabled false) removed, so only meaning is left.
 */
export function canonical(value: unknown, labelOf: ReadonlyMap<string, string>, key: string): unknown {
  // Graph spells "off" as false or null alike (isAssignableToRole, isTrusted, …).
  if (value === null || value === undefined || value === false) return undefined;
  if (typeof value === "string") {
    if (COMMA_SETS.has(key))
      return canonical(
        value
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        labelOf,
        "",
      );
    // IDs inside strings too (a resource role's originId is Member_<group ID>).
    return labelOf.get(value.toLowerCase()) ?? value.replace(GUID_IN_TEXT, (g) => labelOf.get(g.toLowerCase()) ?? g.toLowerCase());
  }
  if (Array.isArray(value)) {
    // By what their items mean when they are objects (external tenants' members are plain tenant IDs).
    const asSet = Object.hasOwn(SETS_OF, key) && value.every((item) => item !== null && typeof item === "object") ? SETS_OF[key] : undefined;
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

export function diff(e: unknown, a: unknown, path: string): PropertyDifference[] {
  if (JSON.stringify(e) === JSON.stringify(a)) return [];
  if (e && a && typeof e === "object" && typeof a === "object" && !Array.isArray(e) && !Array.isArray(a)) {
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => diff((e as Loose)[k], (a as Loose)[k], path ? `${path}.${k}` : k));
  }
  return [{ path: path || "(object)", expected: e, actual: a }];
}

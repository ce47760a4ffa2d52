import { z } from "zod";
import { DIRECTORY_ROLES } from "../model/directory-role-table";
import { REFRESH_ROLE_TABLE_HINT, ROLE_TABLE_VERSION } from "../model/directory-roles";
import { BUILT_IN_STRENGTH_GUIDS, CA_APPLICATION_KEYWORDS, CA_STATE, CA_USER_ACTIONS, daysOf, hoursOf, ROLE_GROUP_PREFIX } from "../model/graph-values";
import { parseMembershipRule } from "../model/membership-rule";
import { AUTHENTICATION_COMBINATIONS, CLIENT_APP_TYPES, GRANT_CONTROLS, PLATFORMS, RISK_LEVELS, type EnvironmentSpec } from "../schema/catalog";
import { GUID_RE } from "../schema/primitives";
import { unmodelledProperties, type GraphExport, type GraphSchedule } from "./graph";
import { IdAllocator, isCatalogId, slug } from "./ids";
import { addTo } from "./multimap";
import { REVIEW_EXPIRATION_BEHAVIOR, REVIEW_RECURRENCE, type PimSettings } from "./tenant";

/**
 * Turns a Microsoft Graph export into catalog entries in idac's own format, each adopting its object with
 * `importFrom` (a Terraform import block), so the first plan after adoption updates at most and never creates or
 * destroys an imported object.
 *
 * Imported: administrative units, security groups (assigned, or dynamic when the rule is an HR condition idac can
 * express), named locations, custom authentication strengths, conditional access policies, access package catalogs,
 * the applications policies and roles target, business roles (from their role groups, packages and policies) and
 * privileged roles (from PIM for Groups).
 * Everything else in the export is listed in {@link ImportResult.notImported} with the reason — never dropped
 * silently. People are written as UPNs, directory roles by name, and references by the catalog ID the import gives
 * the referenced object.
 */

export interface ImportOptions {
  /** The environment the export was taken from: its break-glass accounts, name prefix and UPN domains. */
  readonly environment: Pick<EnvironmentSpec, "breakGlass" | "namePrefix" | "upnDomains">;
  /** Object ID → catalog ID of entries imported before (their `importFrom`): they keep their IDs. */
  readonly pinned?: ReadonlyMap<string, string>;
  /** Make idac manage the membership of assigned groups, listing their current members. @default false */
  readonly manageMembers?: boolean;
  /** Owners for groups that have none in Entra (a group in the catalog needs owners). */
  readonly defaultOwners?: readonly string[];
  /** Applications the catalog already declares, by client ID (lower case). */
  readonly knownApplications?: ReadonlyMap<string, KnownApplication>;
}

/** An application of the catalog: its ID and its app roles' IDs by app role ID (lower case). */
export interface KnownApplication {
  readonly id: string;
  readonly appRoles: ReadonlyMap<string, string>;
}

export interface NotImported {
  readonly collection: string;
  readonly objectId: string;
  readonly displayName: string;
  readonly reason: string;
}

export interface ImportNote {
  readonly section: string;
  readonly id: string;
  readonly note: string;
}

/** Catalog sections, each a list of entries in the catalog's own YAML shape. */
export interface ImportedCatalog {
  readonly applications: Record<string, unknown>[];
  readonly administrativeUnits: Record<string, unknown>[];
  readonly groups: Record<string, unknown>[];
  readonly accessPackageCatalogs: Record<string, unknown>[];
  readonly businessRoles: Record<string, unknown>[];
  readonly privilegedRoles: Record<string, unknown>[];
  readonly namedLocations: Record<string, unknown>[];
  readonly authenticationStrengths: Record<string, unknown>[];
  readonly conditionalAccessPolicies: Record<string, unknown>[];
}

export interface ImportResult {
  readonly catalog: ImportedCatalog;
  readonly notImported: NotImported[];
  readonly notes: ImportNote[];
}

type G = GraphExport;

const KEYWORD_BY_APP_ID = new Map(Object.entries(CA_APPLICATION_KEYWORDS).map(([k, v]) => [v.toLowerCase(), k]));
const STRENGTH_BY_ID = new Map(Object.entries(BUILT_IN_STRENGTH_GUIDS).map(([k, v]) => [v, k]));
const ACTION_BY_URN = new Map<string, string>(Object.entries(CA_USER_ACTIONS).map(([k, v]) => [v, k]));
const STATE_BY_GRAPH = new Map<string, string>(Object.entries(CA_STATE).map(([k, v]) => [v, k]));
const ROLE_BY_TEMPLATE = new Map(DIRECTORY_ROLES.map((r) => [r.templateId.toLowerCase(), r.name]));

/** Description written where Entra has none: a group needs one in the catalog. */
export const MISSING_DESCRIPTION = "No description in Entra ID when imported: describe what this group grants";

export function importExport(data: G, options: ImportOptions): ImportResult {
  const env = options.environment;
  const notImported: NotImported[] = [];
  const notes: ImportNote[] = [];
  const skip = (collection: string, o: { id: string; displayName?: string | null }, reason: string) => notImported.push({ collection, objectId: o.id, displayName: o.displayName ?? o.id, reason });
  // ── Objects holding properties idac does not model (recorded by the export reader): listed, never imported without them ──
  data = Object.fromEntries(
    Object.entries(data).map(([collection, objects]: [string, { id: string; displayName?: string | null }[]]) => [
      collection,
      objects.filter((o) => {
        const unmodelled = unmodelledProperties(o);
        if (unmodelled.length) skip(collection, o, `it sets properties idac does not model, so no catalog entry can reproduce it: ${unmodelled.join(", ")}`);
        return !unmodelled.length;
      }),
    ]),
  ) as G;
  const breakGlassAccounts = env.breakGlass.accounts.map((a) => a.toLowerCase());
  const breakGlassGroup = env.breakGlass.group?.toLowerCase();

  // Names and people as the catalog writes them.
  const name = (displayName: string) => (env.namePrefix && displayName.startsWith(env.namePrefix) ? displayName.slice(env.namePrefix.length) : displayName);
  const domainBack = new Map(Object.entries(env.upnDomains ?? {}).map(([from, to]) => [to.toLowerCase(), from]));
  const upnById = new Map<string, string>();
  const learn = (o: { id: string; userPrincipalName?: string | null | undefined }) => o.userPrincipalName && upnById.set(o.id.toLowerCase(), o.userPrincipalName);
  for (const u of data.users) learn(u);
  for (const g of data.groups) for (const o of [...g.owners, ...g.members]) if (isUser(o)) learn(o);
  const person = (id: string): string => {
    const upn = upnById.get(id.toLowerCase());
    if (!upn) return id.toLowerCase();
    const at = upn.lastIndexOf("@");
    const domain = upn.slice(at + 1).toLowerCase();
    return `${upn.slice(0, at)}@${domainBack.get(domain) ?? domain}`.toLowerCase();
  };
  const people = (ids: readonly string[]) => [...new Set(ids.map(person))].sort();

  const ids = new IdAllocator(options.pinned);
  const idOf = new Map<string, string>();
  const allocate = (objects: readonly { id: string; preferred: string }[]) => {
    for (const [objectId, id] of ids.allocate(objects.map((o) => ({ objectId: o.id, preferred: o.preferred })))) idOf.set(objectId.toLowerCase(), id);
  };
  const ref = (objectId: string) => idOf.get(objectId.toLowerCase());

  // ── Administrative units ──
  const units = data.administrativeUnits;
  allocate(units.map((u) => ({ id: u.id, preferred: slug(name(u.displayName), "au") })));
  const administrativeUnits = units.map((u) => {
    if (u.visibility && u.visibility !== "HiddenMembership" && u.visibility !== "Public") notes.push({ section: "administrativeUnits", id: ref(u.id)!, note: `visibility '${u.visibility}' is not managed by idac` });
    return entry(ref(u.id)!, u.id, { displayName: name(u.displayName), description: u.description ?? undefined, hiddenMembership: u.visibility === "HiddenMembership" ? true : undefined });
  });
  const unitOfGroup = new Map<string, string[]>();
  for (const u of units) for (const m of u.members) addTo(unitOfGroup, m.id.toLowerCase(), ref(u.id)!);

  // ── Groups ──
  const importable: G["groups"] = [];
  const roleGroups: G["groups"] = [];
  const pimGroups: G["groups"] = [];
  for (const g of data.groups) {
    const why = groupNotImportable(g, breakGlassGroup, name);
    if (why) skip("groups", g, why);
    else if (isRoleGroup(g, name)) roleGroups.push(g);
    else if (pimOf(g)?.roleAssignments.length) pimGroups.push(g);
    else importable.push(g);
  }
  const roleGroupIds = new Set(roleGroups.map((g) => g.id.toLowerCase()));
  allocate(importable.map((g) => ({ id: g.id, preferred: isCatalogId(g.mailNickname) && !/^[0-9a-f]{8}(-|$)/.test(g.mailNickname) ? g.mailNickname : slug(name(g.displayName), "group") })));
  const groups: Record<string, unknown>[] = [];
  for (const g of importable) {
    const id = ref(g.id)!;
    const dynamic = g.groupTypes.includes("DynamicMembership");
    let membership: Record<string, unknown>;
    if (dynamic) {
      const parsed = parseMembershipRule(g.membershipRule ?? "");
      if ("error" in parsed) {
        skip("groups", g, `its dynamic membership rule is not an HR condition idac can express: ${parsed.error}`);
        continue;
      }
      if (!parsed.requiresEnabledAccount) notes.push({ section: "groups", id, note: "the membership rule gains (user.accountEnabled -eq true): disabled accounts (leavers) drop out of the group" });
      membership = { type: "dynamic", when: parsed.conditions };
    } else if (options.manageMembers) {
      // Role groups nested into the group come back from the business roles that grant it.
      const nested = g.members.filter((m) => !isUser(m) && !roleGroupIds.has(m.id.toLowerCase()));
      if (nested.length) {
        notes.push({ section: "groups", id, note: `membership left unmanaged: ${nested.length} member(s) are not users (nested groups, devices or service principals)` });
        membership = { type: "assigned", managed: false };
      } else membership = { type: "assigned", members: people(g.members.filter((m) => !roleGroupIds.has(m.id.toLowerCase())).map((m) => m.id)) };
    } else {
      membership = { type: "assigned", managed: false };
    }
    let owners = people(g.owners.filter(isUser).map((o) => o.id));
    if (!owners.length && options.defaultOwners?.length) {
      owners = [...options.defaultOwners];
      notes.push({ section: "groups", id, note: `had no owner in Entra; owners set to ${owners.join(", ")}` });
    } else if (!owners.length) notes.push({ section: "groups", id, note: "has no owner in Entra: add owners before the catalog validates (or import with --default-owner)" });
    if (!g.description) notes.push({ section: "groups", id, note: "had no description in Entra: the catalog's placeholder description is written to the group on the first apply" });
    const aus = unitOfGroup.get(g.id.toLowerCase()) ?? [];
    if (aus.length > 1) notes.push({ section: "groups", id, note: `member of ${aus.length} administrative units (${aus.join(", ")}); the catalog records the first, the others are left as they are` });
    groups.push(
      entry(id, g.id, {
        displayName: name(g.displayName),
        description: g.description || MISSING_DESCRIPTION,
        owners,
        membership,
        assignableToRole: g.isAssignableToRole ? true : undefined,
        administrativeUnit: aus[0],
        visibility: g.visibility === "Public" ? "Public" : undefined,
        mailNickname: g.mailNickname && g.mailNickname !== id ? g.mailNickname : undefined,
      }),
    );
  }

  // ── Named locations and authentication strengths ──
  const locations = data.namedLocations;
  allocate(locations.map((l) => ({ id: l.id, preferred: slug(name(l.displayName), "location") })));
  const namedLocations: Record<string, unknown>[] = [];
  for (const l of locations) {
    const id = ref(l.id)!;
    if (l["@odata.type"] === "#microsoft.graph.ipNamedLocation") {
      namedLocations.push(entry(id, l.id, { displayName: name(l.displayName), ip: { ranges: [...new Set((l.ipRanges ?? []).map((r) => r.cidrAddress))].sort(), trusted: l.isTrusted ? true : undefined } }));
    } else if (l["@odata.type"] === "#microsoft.graph.countryNamedLocation") {
      namedLocations.push(
        entry(id, l.id, {
          displayName: name(l.displayName),
          countries: {
            codes: [...new Set(l.countriesAndRegions)].sort(),
            includeUnknown: l.includeUnknownCountriesAndRegions ? true : undefined,
            lookup: l.countryLookupMethod && l.countryLookupMethod !== "clientIpAddress" ? l.countryLookupMethod : undefined,
          },
        }),
      );
    } else skip("namedLocations", l, `${l["@odata.type"]} is not a kind of named location idac manages`);
  }
  const customStrengths = data.authenticationStrengthPolicies.filter((s) => s.policyType !== "builtIn" && !STRENGTH_BY_ID.has(s.id));
  allocate(customStrengths.map((s) => ({ id: s.id, preferred: slug(name(s.displayName), "strength") })));
  const authenticationStrengths: Record<string, unknown>[] = [];
  for (const s of customStrengths) {
    const unknown = s.allowedCombinations.filter((c) => !(AUTHENTICATION_COMBINATIONS as readonly string[]).includes(c));
    if (unknown.length) skip("authenticationStrengthPolicies", s, `combination(s) the azuread provider does not accept: ${unknown.join(", ")}`);
    else authenticationStrengths.push(entry(ref(s.id)!, s.id, { displayName: name(s.displayName), description: s.description ?? undefined, allowedCombinations: [...new Set(s.allowedCombinations)].sort() }));
  }

  // ── Access package catalogs ──
  const userCatalogs = data.accessPackageCatalogs.filter((c) => {
    if (c.catalogType === "serviceDefault") skip("accessPackageCatalogs", c, "the tenant's built-in General catalog is not managed by idac");
    return c.catalogType !== "serviceDefault";
  });
  allocate(userCatalogs.map((c) => ({ id: c.id, preferred: slug(name(c.displayName), "catalog") })));
  const accessPackageCatalogs = userCatalogs.map((c) =>
    entry(ref(c.id)!, c.id, {
      displayName: name(c.displayName),
      description: c.description || MISSING_DESCRIPTION,
      externallyVisible: c.isExternallyVisible ? true : undefined,
      published: c.state === "unpublished" ? false : undefined,
    }),
  );

  // Why a group a policy names has no catalog ID: said in the terms of what it is.
  const groupById = new Map(data.groups.map((g) => [g.id.toLowerCase(), g]));
  const pimGroupIds = new Set(pimGroups.map((g) => g.id.toLowerCase()));
  const unknownGroup = (id: string): string => {
    const g = groupById.get(id.toLowerCase());
    if (!g) return `group ${id}, which the export does not hold (deleted?)`;
    if (roleGroupIds.has(id.toLowerCase())) return `'${g.displayName}', the group of a business role: a policy targets catalog groups (the groups the role grants) or directory roles`;
    if (pimGroupIds.has(id.toLowerCase())) return `'${g.displayName}', the group of a privileged role: target its directory role (roles:) instead`;
    const why = notImported.find((n) => n.objectId === g.id)?.reason;
    return `'${g.displayName}', which is not imported${why ? ` (${why})` : ""}`;
  };

  // ── Enterprise applications conditional access targets (looked up, never created) ──
  const targeted = new Set(
    data.conditionalAccessPolicies.flatMap((p) => [...(p.conditions.applications?.includeApplications ?? []), ...(p.conditions.applications?.excludeApplications ?? [])]).map((x) => x.toLowerCase()),
  );
  const granted = new Set(roleGroups.flatMap((g) => g.appRoleAssignments.map((a) => a.resourceId.toLowerCase())));
  const apps = data.servicePrincipals.filter((sp) => (targeted.has(sp.appId.toLowerCase()) || granted.has(sp.id.toLowerCase())) && !KEYWORD_BY_APP_ID.has(sp.appId.toLowerCase()));
  const appRoleRef = new Map<string, string>();
  // Applications the catalog already declares keep their IDs and app role IDs; only the others become entries.
  const known = options.knownApplications ?? new Map<string, KnownApplication>();
  for (const sp of apps) {
    const app = known.get(sp.appId.toLowerCase());
    if (!app) continue;
    idOf.set(sp.id.toLowerCase(), app.id);
    for (const r of sp.appRoles) {
      const roleId = app.appRoles.get(r.id.toLowerCase());
      if (roleId) appRoleRef.set(`${sp.id.toLowerCase()}/${r.id.toLowerCase()}`, `${app.id}/${roleId}`);
    }
  }
  const newApps = apps.filter((sp) => !known.has(sp.appId.toLowerCase()));
  allocate(newApps.map((sp) => ({ id: sp.id, preferred: slug(sp.displayName ?? "", "app") })));
  const applications = newApps.map((sp) => {
    const roleIds = new IdAllocator().allocate(sp.appRoles.filter((r) => r.isEnabled !== false).map((r) => ({ objectId: r.id, preferred: slug(r.value ?? r.displayName ?? "", "role") })));
    for (const [appRoleId, roleId] of roleIds) appRoleRef.set(`${sp.id.toLowerCase()}/${appRoleId.toLowerCase()}`, `${ref(sp.id)!}/${roleId}`);
    return prune({
      id: ref(sp.id)!,
      displayName: sp.displayName ?? sp.appId,
      clientId: sp.appId.toLowerCase(),
      appRoles: sp.appRoles.filter((r) => r.isEnabled !== false).map((r) => ({ id: roleIds.get(r.id)!, appRoleId: r.id.toLowerCase(), displayName: r.displayName ?? undefined })).sort((a, b) => a.id.localeCompare(b.id)),
    }) as Record<string, unknown>;
  });
  const appByClientId = new Map(apps.map((sp) => [sp.appId.toLowerCase(), ref(sp.id)!]));

  // ── Conditional access policies ──
  allocate(data.conditionalAccessPolicies.map((p) => ({ id: p.id, preferred: slug(p.displayName, "ca") })));
  const conditionalAccessPolicies: Record<string, unknown>[] = [];
  for (const p of data.conditionalAccessPolicies) {
    const result = policyEntry(p, { ref, app: (clientId) => appByClientId.get(clientId.toLowerCase()), person, people, breakGlassAccounts, breakGlassGroup, name, unknownGroup });
    if ("error" in result) skip("conditionalAccessPolicies", p, result.error);
    else conditionalAccessPolicies.push(entry(ref(p.id)!, p.id, result.entry));
  }

  // ── Business roles, from the groups, packages and policies idac makes of them ──
  const pinned = options.pinned ?? new Map<string, string>();
  const roleName = (id: string) => ROLE_BY_TEMPLATE.get(id.toLowerCase()) ?? data.roleDefinitions.find((d) => d.id.toLowerCase() === id.toLowerCase() || d.templateId?.toLowerCase() === id.toLowerCase())?.displayName ?? id;
  const groupOwners = (g: G["groups"][number], section: string, id: string) => {
    const owners = people(g.owners.filter(isUser).map((o) => o.id));
    if (!owners.length) notes.push({ section, id, note: "its group has no owner in Entra: add owners before the catalog validates" });
    return owners;
  };
  const roleContext: RoleContext = { ref, person, name, skip, notes, appRoleRef, pinned, roleName, groupOwners };
  const businessRoles = importBusinessRoles(data, roleGroups, roleContext);

  // ── Privileged roles: role-assignable groups holding a directory role, with their PIM settings ──
  const privilegedRoles = importPrivilegedRoles(pimGroups, roleContext);
  const adoptedAssignments = new Set(privilegedRoles.map((r) => String((r.importFrom as Record<string, unknown>).roleAssignment)));

  // Everything else in the export is listed.
  for (const e of data.roleEligibilitySchedules) {
    skip("roleEligibilitySchedules", { id: e.id, displayName: `${roleName(e.roleDefinitionId)} → ${person(e.principalId)}` }, "eligible for a directory role directly (PIM for roles), not through a PIM group: declare a privileged role and make the person eligible there");
  }
  for (const a of data.roleAssignments.filter((x) => !adoptedAssignments.has(x.id))) skip("roleAssignments", { id: a.id, displayName: `${roleName(a.roleDefinitionId)} → ${a.principal?.userPrincipalName ?? a.principal?.displayName ?? a.principalId}` }, breakGlassAccounts.includes(a.principalId.toLowerCase())
      ? "the standing assignment of a break-glass account: kept outside idac on purpose"
      : "a directory role assigned to a user or service principal, not through a PIM group: declare a privileged role and remove the direct assignment (see idac report cleanup)",
  );
  const adoptedPackages = new Set(businessRoles.flatMap((r) => (typeof r.importFrom === "object" && r.importFrom ? [String((r.importFrom as Record<string, unknown>).accessPackage), String((r.importFrom as Record<string, unknown>).assignmentPolicy)] : [])));
  for (const a of data.accessPackages) {
    if (!adoptedPackages.has(a.id.toLowerCase())) skip("accessPackages", a, "not the package of a business role (idac shape: one policy, the role group as its only resource): declare a business role with assignment type request for it");
  }
  for (const a of data.assignmentPolicies) {
    if (!adoptedPackages.has(a.id.toLowerCase())) skip("assignmentPolicies", { id: a.id, displayName: a.displayName ?? a.id }, "part of an access package that is not imported");
  }

  return {
    catalog: { applications, administrativeUnits, groups, accessPackageCatalogs, businessRoles, privilegedRoles, namedLocations, authenticationStrengths, conditionalAccessPolicies },
    notImported: notImported.sort((a, b) => a.collection.localeCompare(b.collection) || a.displayName.localeCompare(b.displayName) || a.objectId.localeCompare(b.objectId)),
    notes: notes.sort((a, b) => a.section.localeCompare(b.section) || a.id.localeCompare(b.id) || a.note.localeCompare(b.note)),
  };
}

/** An entry: its ID first, `importFrom` last, and no undefined values. */
function entry(id: string, objectId: string, fields: Record<string, unknown>): Record<string, unknown> {
  return prune({ id, ...fields, importFrom: objectId.toLowerCase() }) as Record<string, unknown>;
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, prune(v)]),
    );
  }
  return value;
}

/** A directory object that is a user (`@odata.type` may be absent when the collection holds only users). */
function isUser(o: { "@odata.type"?: string | undefined }): boolean {
  return !o["@odata.type"] || o["@odata.type"] === "#microsoft.graph.user";
}

/** The group of a business role, by idac's naming (display name prefix and mail nickname). */
function isRoleGroup(g: G["groups"][number], name: (s: string) => string): boolean {
  return name(g.displayName).startsWith(ROLE_GROUP_PREFIX) && g.mailNickname?.startsWith("role-") === true;
}

function groupNotImportable(g: G["groups"][number], breakGlassGroup: string | undefined, name: (s: string) => string): string | undefined {
  if (g.id.toLowerCase() === breakGlassGroup) return "the environment's break-glass group: idac excludes it from every policy and never manages it";
  if (g.groupTypes.includes("Unified")) return "a Microsoft 365 group: idac manages security groups";
  if (g.mailEnabled) return "a mail-enabled group (distribution list or mail-enabled security group): the azuread provider cannot create or adopt it as a security group";
  if (g.securityEnabled === false) return "not a security group";
  if (g.onPremisesSyncEnabled) return "synchronised from Active Directory: manage it on premises";
  if (g.visibility === "HiddenMembership") return "hidden membership exists only for Microsoft 365 groups";
  return undefined;
}

interface PolicyContext {
  ref(objectId: string): string | undefined;
  /** What a group without a catalog ID is, for the reason a policy is not imported. */
  unknownGroup(objectId: string): string;
  /** Catalog ID of the application with this client ID. */
  app(clientId: string): string | undefined;
  person(id: string): string;
  people(ids: readonly string[]): string[];
  readonly breakGlassAccounts: readonly string[];
  readonly breakGlassGroup: string | undefined;
  name(displayName: string): string;
}

function policyEntry(p: G["conditionalAccessPolicies"][number], ctx: PolicyContext): { entry: Record<string, unknown> } | { error: string } {
  const c = p.conditions;
  const u = c.users;
  const problems: string[] = [];
  const groupRefs = (ids: readonly string[], field: string) =>
    ids.map((id) => {
      const r = ctx.ref(id);
      if (!r) problems.push(`conditions.users.${field} references ${ctx.unknownGroup(id)}`);
      return r ?? id;
    });
  const roleNames = (ids: readonly string[], field: string) =>
    ids.map((id) => {
      const r = ROLE_BY_TEMPLATE.get(id.toLowerCase());
      if (!r) problems.push(`conditions.users.${field} references role template ${id}, which is unknown to ${ROLE_TABLE_VERSION}: a custom role (idac manages built-in roles), or a role Microsoft added since: ${REFRESH_ROLE_TABLE_HINT}`);
      return r ?? id;
    });
  const guests = (g: typeof u.includeGuestsOrExternalUsers, field: string) => {
    if (!g?.guestOrExternalUserTypes) return undefined;
    if (g.externalTenants?.membershipKind && g.externalTenants.membershipKind !== "all") problems.push(`conditions.users.${field} is limited to listed external tenants (idac targets all external tenants)`);
    return g.guestOrExternalUserTypes.split(",").map((s) => s.trim()).filter((s) => s && s !== "none").sort();
  };
  const userIds = (ids: readonly string[], field: string) =>
    ids.filter((id) => {
      if (GUID_RE.test(id)) return true;
      if (id === "GuestsOrExternalUsers") return false; // reported below
      problems.push(`conditions.users.${field} holds '${id}', which idac cannot express`);
      return false;
    });

  // Break-glass exclusions come from the environment (excludeBreakGlass, the default), not from the policy.
  const excludedUsers = u.excludeUsers.map((x) => x.toLowerCase());
  const excludedGroups = u.excludeGroups.map((x) => x.toLowerCase());
  // Excluding the break-glass group, or any break-glass account, is the intent excludeBreakGlass states; the first plan
  // then adds whatever of the group and accounts is missing (an update the import reports).
  const excludesBreakGlass = ctx.breakGlassAccounts.some((a) => excludedUsers.includes(a)) || (ctx.breakGlassGroup !== undefined && excludedGroups.includes(ctx.breakGlassGroup));
  const bg = new Set(excludesBreakGlass ? [...ctx.breakGlassAccounts, ...(ctx.breakGlassGroup ? [ctx.breakGlassGroup] : [])] : []);
  const all = u.includeUsers.includes("All");
  const none = u.includeUsers.includes("None");
  const includeUsers = all || none ? [] : userIds(u.includeUsers, "includeUsers");
  if (u.includeUsers.includes("GuestsOrExternalUsers")) problems.push("conditions.users.includeUsers uses the legacy GuestsOrExternalUsers keyword (use includeGuestsOrExternalUsers)");

  const set = <T>(values: readonly T[]) => (values.length ? [...new Set(values)].sort() : undefined);
  const include = {
    all: all ? true : undefined,
    groups: set(groupRefs(u.includeGroups, "includeGroups")),
    roles: set(roleNames(u.includeRoles, "includeRoles")),
    users: set(ctx.people(includeUsers.filter((x) => x !== "GuestsOrExternalUsers"))),
    guestsOrExternalUsers: set(guests(u.includeGuestsOrExternalUsers, "includeGuestsOrExternalUsers") ?? []),
  };
  const exclude = {
    groups: set(groupRefs(u.excludeGroups.filter((g) => !bg.has(g.toLowerCase())), "excludeGroups")),
    roles: set(roleNames(u.excludeRoles, "excludeRoles")),
    users: set(ctx.people(userIds(u.excludeUsers, "excludeUsers").filter((x) => !bg.has(x.toLowerCase())))),
    guestsOrExternalUsers: set(guests(u.excludeGuestsOrExternalUsers, "excludeGuestsOrExternalUsers") ?? []),
  };

  const app = (id: string, field: string) => {
    const target = KEYWORD_BY_APP_ID.get(id.toLowerCase()) ?? ctx.app(id);
    if (!target) problems.push(`conditions.applications.${field} targets application ${id}, whose service principal the export does not hold`);
    return target ?? id;
  };
  const a = c.applications;
  let applications: Record<string, unknown> | undefined;
  if (a?.includeUserActions.length) {
    applications = {
      userActions: a.includeUserActions.map((x) => {
        const action = ACTION_BY_URN.get(x.toLowerCase());
        if (!action) problems.push(`conditions.applications.includeUserActions holds '${x}', which idac cannot express`);
        return action ?? x;
      }),
    };
  } else if (a?.includeApplications.length) {
    applications = { include: set(a.includeApplications.map((x) => app(x, "includeApplications"))), exclude: set(a.excludeApplications.map((x) => app(x, "excludeApplications"))) };
  } else problems.push("conditions.applications targets neither applications nor user actions (authentication contexts are not supported)");

  const known = <T extends string>(values: readonly string[], allowed: readonly T[], field: string) => {
    for (const v of values) if (!(allowed as readonly string[]).includes(v)) problems.push(`${field} holds '${v}', which idac cannot express`);
    return set(values.filter((v) => (allowed as readonly string[]).includes(v)));
  };
  const clientAppTypes = c.clientAppTypes.includes("all") || !c.clientAppTypes.length ? undefined : known(c.clientAppTypes, CLIENT_APP_TYPES, "conditions.clientAppTypes");
  const platforms = c.platforms?.includePlatforms.length
    ? { include: known(c.platforms.includePlatforms, PLATFORMS, "conditions.platforms.includePlatforms"), exclude: known(c.platforms.excludePlatforms, PLATFORMS, "conditions.platforms.excludePlatforms") }
    : undefined;
  const location = (id: string, field: string) => {
    if (id === "All" || id === "AllTrusted") return id;
    const r = ctx.ref(id);
    if (!r) problems.push(`conditions.locations.${field} references named location ${id}, which the export does not hold`);
    return r ?? id;
  };
  const locations = c.locations?.includeLocations.length
    ? { include: set(c.locations.includeLocations.map((l) => location(l, "includeLocations"))), exclude: set(c.locations.excludeLocations.map((l) => location(l, "excludeLocations"))) }
    : undefined;
  const flows = c.authenticationFlows?.transferMethods
    ?.split(",")
    .map((s) => s.trim())
    .filter((s) => s && s !== "none");

  const g = p.grantControls;
  let grant: Record<string, unknown>;
  if (g?.builtInControls.includes("block")) grant = { block: true };
  else {
    const strengthId = g?.authenticationStrength?.id;
    const strength = strengthId ? (STRENGTH_BY_ID.get(strengthId) ?? ctx.ref(strengthId)) : undefined;
    if (strengthId && !strength) problems.push(`grantControls.authenticationStrength references ${strengthId}, which the export does not hold`);
    grant = { operator: g?.operator === "AND" ? "AND" : undefined, controls: known(g?.builtInControls ?? [], GRANT_CONTROLS, "grantControls.builtInControls"), authenticationStrength: strength };
    if (!g?.builtInControls.length && !strength) problems.push("grantControls is empty (a policy with session controls only cannot be expressed)");
  }

  const s = p.sessionControls;
  let session: Record<string, unknown> | undefined;
  if (s) {
    const f = s.signInFrequency?.isEnabled ? s.signInFrequency : undefined;
    session = prune({
      signInFrequency: f ? (f.frequencyInterval === "everyTime" ? "everyTime" : f.type === "hours" ? { hours: f.value } : { days: f.value }) : undefined,
      persistentBrowser: s.persistentBrowser?.isEnabled ? s.persistentBrowser.mode : undefined,
      applicationEnforcedRestrictions: s.applicationEnforcedRestrictions?.isEnabled ? true : undefined,
      cloudAppSecurity: s.cloudAppSecurity?.isEnabled ? s.cloudAppSecurity.cloudAppSecurityType : undefined,
      disableResilienceDefaults: s.disableResilienceDefaults ? true : undefined,
    }) as Record<string, unknown>;
    if (!Object.keys(session).length) session = undefined;
  }
  const signInRiskLevels = known(c.signInRiskLevels, RISK_LEVELS, "conditions.signInRiskLevels");
  const userRiskLevels = known(c.userRiskLevels, RISK_LEVELS, "conditions.userRiskLevels");
  const state = STATE_BY_GRAPH.get(p.state);
  if (!state) problems.push(`state '${p.state}' is not enabled, enabledForReportingButNotEnforced or disabled`);
  if (problems.length) return { error: problems.join("; ") };

  const empty = (o: Record<string, unknown>) => Object.values(o).every((v) => v === undefined);
  return {
    entry: {
      displayName: ctx.name(p.displayName),
      description: p.description || personaNote(ctx.name(p.displayName), { all, roles: u.includeRoles.length > 0, guests: !!u.includeGuestsOrExternalUsers?.guestOrExternalUserTypes }),
      state,
      users: prune({ include, exclude: empty(exclude) ? undefined : exclude }),
      applications,
      clientAppTypes,
      platforms,
      locations,
      signInRiskLevels,
      userRiskLevels,
      authenticationFlows: flows?.length ? [...new Set(flows)].sort() : undefined,
      grant,
      session,
      excludeBreakGlass: excludesBreakGlass ? undefined : false,
    },
  };
}

interface RoleContext {
  ref(objectId: string): string | undefined;
  person(id: string): string;
  name(displayName: string): string;
  skip(collection: string, o: { id: string; displayName?: string | null }, reason: string): void;
  readonly notes: ImportNote[];
  /** `<service principal id>/<app role id>` → `<application catalog id>/<app role catalog id>`. */
  readonly appRoleRef: ReadonlyMap<string, string>;
  /** Object ID → catalog ID of roles the catalog already has. */
  readonly pinned: ReadonlyMap<string, string>;
  /** Name of a directory role: built in, or a role definition of the export. */
  roleName(id: string): string;
  /** The people owning a role's group, with a note when there are none. */
  groupOwners(g: G["groups"][number], section: string, id: string): string[];
}

const SCOPE_BY_TARGET: Record<string, string> = { allMemberUsers: "allMembers", allDirectoryUsers: "allUsers", specificDirectoryUsers: "groups", notSpecified: "none" };
const FREQUENCY_BY_PATTERN = new Map(Object.entries(REVIEW_RECURRENCE).map(([k, v]) => [`${v.type}/${v.interval}`, k]));
const NO_RESPONSE_BY_BEHAVIOR = new Map<string, string>(Object.entries(REVIEW_EXPIRATION_BEHAVIOR).map(([k, v]) => [v, k]));

/**
 * Business roles from their tenant footprint: the role group (idac naming) gives the ID, name, owners and — for a
 * dynamic group — the birthright HR conditions; the groups it is nested into and its app role assignments give the
 * entitlements; an access package holding it as its only resource, with one assignment policy, gives the request
 * settings. Included roles and building-block roles leave no trace of their own in the tenant: their entitlements
 * come back on the roles that hold them.
 */
function importBusinessRoles(data: G, roleGroups: G["groups"], ctx: RoleContext): Record<string, unknown>[] {
  const memberOf = new Map<string, string[]>();
  for (const g of data.groups) for (const m of g.members) addTo(memberOf, m.id.toLowerCase(), g.id);
  const packageOf = new Map<string, G["accessPackages"][number][]>();
  for (const p of data.accessPackages) {
    for (const rs of p.resourceRoleScopes) {
      const origin = rs.scope?.originId?.toLowerCase();
      if (origin && rs.scope?.originSystem === "AadGroup") addTo(packageOf, origin, p);
    }
  }
  const ids = new IdAllocator(ctx.pinned);
  const allocated = ids.allocate(roleGroups.map((g) => ({ objectId: g.id, preferred: g.mailNickname && isCatalogId(g.mailNickname.slice("role-".length)) ? g.mailNickname.slice("role-".length) : slug(ctx.name(g.displayName).slice(ROLE_GROUP_PREFIX.length), "role") })));
  const out: Record<string, unknown>[] = [];
  for (const g of roleGroups) {
    const id = allocated.get(g.id)!;
    const problems: string[] = [];
    const subject = (s: z.infer<typeof SubjectShape>): string => {
      const t = s["@odata.type"];
      if (t === "#microsoft.graph.requestorManager" && (s.managerLevel ?? 1) === 1) return "manager";
      if (t === "#microsoft.graph.targetUserSponsors") return "sponsors";
      if (t === "#microsoft.graph.singleUser" && s.userId) return ctx.person(s.userId);
      if (t === "#microsoft.graph.groupMembers" && s.groupId) {
        const r = ctx.ref(s.groupId);
        if (r) return `group:${r}`;
        problems.push(`approver or reviewer group ${s.groupId} is not imported`);
        return `group:${s.groupId}`;
      }
      problems.push(`${t ?? "a subject"} cannot be expressed as an approver or reviewer`);
      return t ?? "?";
    };
    const days = (duration: string | null | undefined, what: string): number | undefined => {
      const n = daysOf(duration);
      if (n === undefined) problems.push(`${what} '${duration ?? ""}' is not a number of days`);
      return n;
    };

    const groups: string[] = [];
    for (const parent of memberOf.get(g.id.toLowerCase()) ?? []) {
      const r = ctx.ref(parent);
      if (r) groups.push(r);
      else ctx.notes.push({ section: "businessRoles", id, note: `its group is nested into ${parent}, which is not imported: that entitlement is not recorded` });
    }
    const appRoles: string[] = [];
    const adoptedAppRoles: Record<string, string> = {};
    for (const a of g.appRoleAssignments) {
      const r = ctx.appRoleRef.get(`${a.resourceId.toLowerCase()}/${a.appRoleId.toLowerCase()}`);
      if (!r) {
        problems.push(`app role ${a.appRoleId} of service principal ${a.resourceId} is not in the export`);
        continue;
      }
      appRoles.push(r);
      adoptedAppRoles[r] = `${a.resourceId.toLowerCase()}/${a.id}`;
    }

    let assignment: Record<string, unknown> | undefined;
    const adoption: Record<string, unknown> = { group: g.id.toLowerCase() };
    if (g.groupTypes.includes("DynamicMembership")) {
      const parsed = parseMembershipRule(g.membershipRule ?? "");
      if ("error" in parsed) problems.push(`its dynamic membership rule is not an HR condition idac can express: ${parsed.error}`);
      else assignment = { type: "birthright", when: parsed.conditions };
    } else {
      const packages = packageOf.get(g.id.toLowerCase()) ?? [];
      const p = packages[0];
      const policies = p ? data.assignmentPolicies.filter((x) => x.accessPackage?.id.toLowerCase() === p.id.toLowerCase()) : [];
      if (packages.length !== 1 || !p) problems.push(packages.length ? `its group is a resource of ${packages.length} access packages` : "its group is in no access package and has no dynamic rule: how people get the role is not in the tenant");
      else if (p.resourceRoleScopes.length !== 1) problems.push(`its access package '${p.displayName}' holds ${p.resourceRoleScopes.length} resources (idac packages hold the role group only)`);
      else if (policies.length !== 1) problems.push(`its access package '${p.displayName}' has ${policies.length} assignment policies (idac packages have one)`);
      else {
        const policy = policies[0]!;
        const rs = p.resourceRoleScopes[0]!;
        Object.assign(adoption, { accessPackage: p.id.toLowerCase(), assignmentPolicy: policy.id.toLowerCase(), ...(rs.role?.id && rs.scope?.id ? { resourceRoleScope: `${rs.role.id}_${rs.scope.id}`.toLowerCase() } : {}) });
        const catalog = p.catalog?.id ? ctx.ref(p.catalog.id) : undefined;
        if (!catalog) problems.push(`the catalog of its access package '${p.displayName}' is not imported`);
        if (policy.automaticRequestSettings) problems.push("its assignment policy assigns automatically (not a request policy)");
        const scope = policy.requestorSettings?.enableTargetsToSelfAddAccess === false ? "none" : SCOPE_BY_TARGET[policy.allowedTargetScope ?? ""];
        if (!scope) problems.push(`requestors '${policy.allowedTargetScope}' cannot be expressed (idac: all members, all users, members of groups, nobody)`);
        const requestorGroups = scope === "groups" ? policy.specificAllowedTargets.map((t) => subject(t).replace(/^group:/, "")) : [];
        const approval = policy.requestApprovalSettings;
        const stages = approval?.isApprovalRequiredForAdd ? approval.stages : [];
        const e = policy.expiration;
        const expiry =
          e?.type === "afterDuration" ? { afterDays: days(e.duration, "expiration") } : e?.type === "afterDateTime" && e.endDateTime ? { onDate: e.endDateTime.slice(0, 10) } : { never: true };
        const r = policy.reviewSettings;
        let review: Record<string, unknown> | undefined;
        if (r?.isEnabled) {
          const pattern = r.schedule?.recurrence?.pattern;
          const frequency = FREQUENCY_BY_PATTERN.get(`${pattern?.type}/${pattern?.interval}`);
          if (!frequency) problems.push(`review recurrence ${pattern?.type}/${pattern?.interval} is not weekly, monthly, quarterly, half-yearly or annual`);
          const reviewers = r.isSelfReview ? "self" : r.primaryReviewers.length === 1 && r.primaryReviewers[0]!["@odata.type"] === "#microsoft.graph.requestorManager" ? "manager" : r.primaryReviewers.map(subject).sort();
          const durationDays = days(r.schedule?.expiration?.duration, "review duration");
          review = {
            frequency,
            reviewers,
            durationDays: durationDays === 14 ? undefined : durationDays,
            startsOn: r.schedule?.startDateTime ? r.schedule.startDateTime.slice(0, 10) : undefined,
            whenNoResponse: NO_RESPONSE_BY_BEHAVIOR.get(r.expirationBehavior ?? "") === "removeAccess" ? undefined : NO_RESPONSE_BY_BEHAVIOR.get(r.expirationBehavior ?? ""),
            justificationRequired: r.isReviewerJustificationRequired ? undefined : false,
            recommendations: r.isRecommendationEnabled ? undefined : false,
          };
        }
        assignment = {
          type: "request",
          catalog,
          requestors: scope === "allMembers" ? undefined : { scope, ...(requestorGroups.length ? { groups: [...new Set(requestorGroups)].sort() } : {}) },
          requestorJustificationRequired: approval?.isRequestorJustificationRequired ? undefined : false,
          approval: stages.length
            ? {
                stages: stages.map((st) => ({
                  approvers: st.primaryApprovers.map(subject).sort(),
                  backupApprovers: st.fallbackPrimaryApprovers.length ? st.fallbackPrimaryApprovers.map(subject).sort() : undefined,
                  timeoutDays: ((t) => (t === 14 ? undefined : t))(days(st.durationBeforeAutomaticDenial, "approval timeout")),
                  approverJustificationRequired: st.isApproverJustificationRequired ? undefined : false,
                  escalation: st.isEscalationEnabled ? { afterDays: days(st.durationBeforeEscalation, "escalation delay"), approvers: st.escalationApprovers.map(subject).sort() } : undefined,
                })),
              }
            : { none: true, reason: "No approval in Entra when imported: confirm nobody needs to approve this role" },
          expiry,
          extensionAllowed: policy.requestorSettings?.enableTargetsToSelfUpdateAccess ? undefined : false,
          review,
          hidden: p.isHidden ? true : undefined,
        };
      }
    }
    if (Object.keys(adoptedAppRoles).length) adoption.appRoleAssignments = Object.fromEntries(Object.entries(adoptedAppRoles).sort(([a], [b]) => a.localeCompare(b)));
    if (problems.length) {
      ctx.skip("groups", g, `the group of a business role that cannot be imported: ${problems.join("; ")}`);
      continue;
    }
    const owners = ctx.groupOwners(g, "businessRoles", id);
    out.push(
      prune({
        id,
        displayName: ctx.name(g.displayName).slice(ROLE_GROUP_PREFIX.length),
        description: g.description || MISSING_DESCRIPTION,
        owners,
        entitlements: groups.length || appRoles.length ? { groups: groups.length ? [...new Set(groups)].sort() : undefined, appRoles: appRoles.length ? [...new Set(appRoles)].sort() : undefined } : undefined,
        assignment,
        importFrom: Object.keys(adoption).length === 1 ? adoption.group : adoption,
      }) as Record<string, unknown>,
    );
  }
  return out;
}

const SubjectShape = z.looseObject({ "@odata.type": z.string(), userId: z.string().nullish(), groupId: z.string().nullish(), managerLevel: z.number().nullish() });

/** PIM settings an export attached to a role-assignable group. */
function pimOf(g: G["groups"][number]): (PimSettings & { roleAssignments: { id?: string; roleDefinitionId: string; directoryScopeId: string }[] }) | undefined {
  return (g as { pim?: PimSettings & { roleAssignments: { id?: string; roleDefinitionId: string; directoryScopeId: string }[] } }).pim;
}

const ELIGIBILITY_MAX_DAYS = [15, 30, 90, 180, 365];

/**
 * Privileged roles from PIM for Groups: a role-assignable group holding one directory role (at tenant scope or on
 * an administrative unit), its members' eligibility and standing assignment schedules, and its member policy's
 * activation rules. Eligibility that never ends cannot be expressed (idac requires an end): such a role is listed,
 * to be fixed in PIM first.
 */
function importPrivilegedRoles(groups: G["groups"], ctx: RoleContext): Record<string, unknown>[] {
  const ids = new IdAllocator(ctx.pinned);
  const allocated = ids.allocate(groups.map((g) => ({ objectId: g.id, preferred: g.mailNickname?.startsWith("pim-") && isCatalogId(g.mailNickname.slice(4)) ? g.mailNickname.slice(4) : slug(ctx.name(g.displayName), "pim") })));
  const out: Record<string, unknown>[] = [];
  for (const g of groups) {
    const id = allocated.get(g.id)!;
    const pim = pimOf(g)!;
    const problems: string[] = [];
    if (pim.roleAssignments.length !== 1) problems.push(`the group holds ${pim.roleAssignments.length} directory roles (an idac PIM group holds one)`);
    const assignment = pim.roleAssignments[0]!;
    const directoryRole = ROLE_BY_TEMPLATE.get(assignment.roleDefinitionId.toLowerCase());
    if (!directoryRole) problems.push(`role ${ctx.roleName(assignment.roleDefinitionId)} (${assignment.roleDefinitionId}) is unknown to ${ROLE_TABLE_VERSION}: a custom role (idac manages built-in roles), or a role Microsoft added since: ${REFRESH_ROLE_TABLE_HINT}`);
    let administrativeUnit: string | undefined;
    if (assignment.directoryScopeId !== "/") {
      const au = /^\/administrativeUnits\/(.+)$/.exec(assignment.directoryScopeId);
      administrativeUnit = au ? ctx.ref(au[1]!) : undefined;
      if (!administrativeUnit) problems.push(`the role is scoped to ${assignment.directoryScopeId}, which is not an imported administrative unit`);
    }
    const ends = (x: GraphSchedule, what: string): Record<string, unknown> => {
      const e = x.scheduleInfo?.expiration;
      if (e?.type === "afterDateTime" && e.endDateTime) return { expires: e.endDateTime.slice(0, 10) };
      const d = daysOf(e?.duration);
      if (e?.type === "afterDuration" && d !== undefined && d <= 365) return { durationDays: d };
      if (what === "active" && (!e || e.type === "noExpiration")) return { permanent: true };
      problems.push(`the ${what} schedule of ${ctx.person(x.principalId)} never ends: set an end in PIM, then import again`);
      return {};
    };
    const eligible = pim.eligibilitySchedules.flatMap((x) => {
      if (x.accessId !== "member") {
        problems.push(`${ctx.person(x.principalId)} is eligible as ${x.accessId} of the group (idac manages member eligibility)`);
        return [];
      }
      return [{ principal: ctx.person(x.principalId), ...ends(x as GraphSchedule, "eligibility"), importFrom: (x as GraphSchedule).id.toLowerCase() }];
    });
    const active = (pim.assignmentSchedules as GraphSchedule[])
      .filter((x) => x.accessId === "member" && x.assignmentType === "assigned")
      .map((x) => ({ principal: ctx.person(x.principalId), ...ends(x, "active"), importFrom: x.id.toLowerCase() }));

    const rule = (ruleId: string) => pim.rules[ruleId] as Record<string, unknown> | undefined;
    const activation = rule("Expiration_EndUser_Assignment");
    const enablement = (rule("Enablement_EndUser_Assignment")?.enabledRules as string[] | undefined) ?? [];
    const approval = rule("Approval_EndUser_Assignment")?.setting as { isApprovalRequired?: boolean; approvalStages?: { primaryApprovers?: { "@odata.type"?: string; userId?: string; groupId?: string }[] }[] } | undefined;
    const eligibility = rule("Expiration_Admin_Eligibility");
    if (!activation || !eligibility) problems.push("the export holds no role management policy for the group's members");
    const maxDurationHours = activation ? hoursOf(String(activation.maximumDuration)) : undefined;
    if (activation && (maxDurationHours === undefined || maxDurationHours < 0.5 || maxDurationHours > 24 || (maxDurationHours * 2) % 1 !== 0)) problems.push(`activation duration ${String(activation.maximumDuration)} is not 0.5 to 24 hours in half-hour steps`);
    const maxDays = daysOf(eligibility?.maximumDuration as string | undefined);
    if (eligibility && (!eligibility.isExpirationRequired || maxDays === undefined || !ELIGIBILITY_MAX_DAYS.includes(maxDays))) problems.push(`eligibility may last ${eligibility.isExpirationRequired ? String(eligibility.maximumDuration) : "forever"} (idac: 15, 30, 90, 180 or 365 days)`);
    let approvers: string[] | undefined;
    if (approval?.isApprovalRequired) {
      if ((approval.approvalStages?.length ?? 0) !== 1) problems.push(`activation approval has ${approval.approvalStages?.length ?? 0} stages (PIM for Groups uses one)`);
      approvers = (approval.approvalStages?.[0]?.primaryApprovers ?? []).map((a) => {
        if (a["@odata.type"] === "#microsoft.graph.singleUser" && a.userId) return ctx.person(a.userId);
        if (a["@odata.type"] === "#microsoft.graph.groupMembers" && a.groupId && ctx.ref(a.groupId)) return `group:${ctx.ref(a.groupId)}`;
        problems.push(`activation approver ${a["@odata.type"] ?? "?"} ${a.groupId ?? a.userId ?? ""} cannot be expressed or is not imported`);
        return "";
      });
    }
    if (problems.length) {
      ctx.skip("groups", g, `the PIM group of a privileged role that cannot be imported: ${problems.join("; ")}`);
      continue;
    }
    const owners = ctx.groupOwners(g, "privilegedRoles", id);
    out.push(
      prune({
        id,
        directoryRole,
        administrativeUnit,
        group: { displayName: ctx.name(g.displayName), description: g.description || MISSING_DESCRIPTION, owners },
        eligible: eligible.length ? eligible.sort((a, b) => a.principal.localeCompare(b.principal)) : undefined,
        activation: {
          maxDurationHours,
          requireMfa: enablement.includes("MultiFactorAuthentication") ? undefined : false,
          requireJustification: enablement.includes("Justification") ? undefined : false,
          requireTicket: enablement.includes("Ticketing") ? true : undefined,
          approvers: approvers?.length ? [...new Set(approvers)].sort() : undefined,
        },
        active: active.length ? active.sort((a, b) => a.principal.localeCompare(b.principal)) : undefined,
        eligibilityMaxDays: maxDays === 90 ? undefined : maxDays,
        importFrom: { group: g.id.toLowerCase(), roleAssignment: assignment.id },
      }) as Record<string, unknown>,
    );
  }
  return out;
}

/**
 * The persona a policy protects, for its catalog description (Entra keeps no such field): from a name that follows
 * the CA<number>-<Persona>-<PolicyType>-… convention, or else from whom the policy targets.
 */
export function personaNote(displayName: string, targets: { all: boolean; roles: boolean; guests: boolean }): string | undefined {
  const named = /^CA\d{2,4}[-_ ]([A-Za-z][A-Za-z0-9]*)[-_ ]/.exec(displayName);
  if (named) return `Persona: ${named[1]} (from the policy name)`;
  if (targets.roles) return "Persona: Admins (inferred: the policy targets directory roles)";
  if (targets.guests) return "Persona: Guests (inferred: the policy targets guests and external users)";
  if (targets.all) return "Persona: Global (inferred: the policy targets all users)";
  return undefined;
}

import { DIRECTORY_ROLES } from "../model/directory-role-table";
import { BUILT_IN_STRENGTH_GUIDS, CA_APPLICATION_KEYWORDS, CA_STATE, CA_USER_ACTIONS, ROLE_GROUP_PREFIX } from "../model/graph-values";
import { parseMembershipRule } from "../model/membership-rule";
import { AUTHENTICATION_COMBINATIONS, CLIENT_APP_TYPES, GRANT_CONTROLS, PLATFORMS, RISK_LEVELS, type EnvironmentSpec } from "../schema/catalog";
import { GUID_RE } from "../schema/primitives";
import type { GraphExport } from "./graph";
import { IdAllocator, isCatalogId, slug } from "./ids";

/**
 * Turns a Microsoft Graph export into catalog entries in idac's own format, each adopting its object with
 * `importFrom` (a Terraform import block), so the first plan after adoption updates at most and never creates or
 * destroys an imported object.
 *
 * Imported: administrative units, security groups (assigned, or dynamic when the rule is an HR condition idac can
 * express), named locations, custom authentication strengths, conditional access policies, access package catalogs.
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
  const breakGlassAccounts = env.breakGlass.accounts.map((a) => a.toLowerCase());
  const breakGlassGroup = env.breakGlass.group?.toLowerCase();

  // Names and people as the catalog writes them.
  const name = (displayName: string) => (env.namePrefix && displayName.startsWith(env.namePrefix) ? displayName.slice(env.namePrefix.length) : displayName);
  const domainBack = new Map(Object.entries(env.upnDomains ?? {}).map(([from, to]) => [to.toLowerCase(), from]));
  const upnById = new Map<string, string>();
  const learn = (o: { id: string; userPrincipalName?: string | null | undefined }) => o.userPrincipalName && upnById.set(o.id.toLowerCase(), o.userPrincipalName);
  for (const u of data.users) learn(u);
  for (const g of data.groups) for (const o of [...g.owners, ...g.members]) if (!o["@odata.type"] || o["@odata.type"] === "#microsoft.graph.user") learn(o);
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
  for (const u of units) for (const m of u.members) unitOfGroup.set(m.id.toLowerCase(), [...(unitOfGroup.get(m.id.toLowerCase()) ?? []), ref(u.id)!]);

  // ── Groups ──
  const importable: G["groups"] = [];
  for (const g of data.groups) {
    const why = groupNotImportable(g, breakGlassGroup, name);
    if (why) skip("groups", g, why);
    else importable.push(g);
  }
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
      const nested = g.members.filter((m) => m["@odata.type"] && m["@odata.type"] !== "#microsoft.graph.user");
      if (nested.length) {
        notes.push({ section: "groups", id, note: `membership left unmanaged: ${nested.length} member(s) are not users (nested groups, devices or service principals)` });
        membership = { type: "assigned", managed: false };
      } else membership = { type: "assigned", members: people(g.members.map((m) => m.id)) };
    } else {
      membership = { type: "assigned", managed: false };
    }
    let owners = people(g.owners.filter((o) => !o["@odata.type"] || o["@odata.type"] === "#microsoft.graph.user").map((o) => o.id));
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

  // ── Enterprise applications conditional access targets (looked up, never created) ──
  const targeted = new Set(
    data.conditionalAccessPolicies.flatMap((p) => [...(p.conditions.applications?.includeApplications ?? []), ...(p.conditions.applications?.excludeApplications ?? [])]).map((x) => x.toLowerCase()),
  );
  const apps = data.servicePrincipals.filter((sp) => targeted.has(sp.appId.toLowerCase()) && !KEYWORD_BY_APP_ID.has(sp.appId.toLowerCase()));
  allocate(apps.map((sp) => ({ id: sp.id, preferred: slug(sp.displayName ?? "", "app") })));
  const applications = apps.map((sp) => {
    const roleIds = new IdAllocator().allocate(sp.appRoles.filter((r) => r.isEnabled !== false).map((r) => ({ objectId: r.id, preferred: slug(r.value ?? r.displayName ?? "", "role") })));
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
    const result = policyEntry(p, { ref, app: (clientId) => appByClientId.get(clientId.toLowerCase()), person, people, breakGlassAccounts, breakGlassGroup, name });
    if ("error" in result) skip("conditionalAccessPolicies", p, result.error);
    else conditionalAccessPolicies.push(entry(ref(p.id)!, p.id, result.entry));
  }

  // Everything else in the export is listed.
  for (const a of data.roleAssignments) skip("roleAssignments", { id: a.id, displayName: `${ROLE_BY_TEMPLATE.get(a.roleDefinitionId.toLowerCase()) ?? a.roleDefinitionId} → ${a.principal?.userPrincipalName ?? a.principal?.displayName ?? a.principalId}` }, "directory role assignments are not imported: declare privileged roles (PIM for Groups) in the catalog and remove direct assignments");
  for (const a of data.accessPackages) skip("accessPackages", a, "access packages are not imported: declare a business role with assignment type request (its package, policy and role group are created by idac)");
  for (const a of data.assignmentPolicies) skip("assignmentPolicies", { id: a.id, displayName: a.displayName ?? a.id }, "assignment policies are part of the business role that replaces their access package");

  return {
    catalog: { applications, administrativeUnits, groups, accessPackageCatalogs, namedLocations, authenticationStrengths, conditionalAccessPolicies },
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

function groupNotImportable(g: G["groups"][number], breakGlassGroup: string | undefined, name: (s: string) => string): string | undefined {
  if (g.id.toLowerCase() === breakGlassGroup) return "the environment's break-glass group: idac excludes it from every policy and never manages it";
  if (g.groupTypes.includes("Unified")) return "a Microsoft 365 group: idac manages security groups";
  if (g.mailEnabled) return "a mail-enabled group (distribution list or mail-enabled security group): the azuread provider cannot create or adopt it as a security group";
  if (g.securityEnabled === false) return "not a security group";
  if (g.onPremisesSyncEnabled) return "synchronised from Active Directory: manage it on premises";
  if (name(g.displayName).startsWith(ROLE_GROUP_PREFIX) && g.mailNickname?.startsWith("role-")) return "the group of a business role (idac naming): declare the business role, it brings its group";
  if (g.isAssignableToRole && g.mailNickname?.startsWith("pim-")) return "the group of a privileged role (idac naming): declare the privileged role, it brings its PIM group";
  if (g.visibility === "HiddenMembership") return "hidden membership exists only for Microsoft 365 groups";
  return undefined;
}

interface PolicyContext {
  ref(objectId: string): string | undefined;
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
      if (!r) problems.push(`conditions.users.${field} references group ${id}, which the export does not hold (deleted, or not importable)`);
      return r ?? id;
    });
  const roleNames = (ids: readonly string[], field: string) =>
    ids.map((id) => {
      const r = ROLE_BY_TEMPLATE.get(id.toLowerCase());
      if (!r) problems.push(`conditions.users.${field} references role template ${id}, which is not a built-in directory role`);
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
  const excludesBreakGlass = ctx.breakGlassAccounts.every((a) => excludedUsers.includes(a)) && (!ctx.breakGlassGroup || excludedGroups.includes(ctx.breakGlassGroup));
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

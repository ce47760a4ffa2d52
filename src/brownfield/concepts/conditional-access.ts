import type * as Graph from "@microsoft/microsoft-graph-types";
import type { z } from "zod";
import { signInFrequencyOf } from "../../model/ca-controls";
import { breakGlassExclusions, includesSomebody, LEGACY_GUESTS_KEYWORD } from "../../model/ca-targeting";
import { DIRECTORY_ROLES } from "../../model/directory-role-table";
import { findDirectoryRole, REFRESH_ROLE_TABLE_HINT, ROLE_TABLE_VERSION } from "../../model/directory-roles";
import { BUILT_IN_STRENGTH_GUIDS, caApplicationKeyword, CA_APPLICATION_KEYWORDS, CA_STATE, CA_USER_ACTIONS } from "../../model/graph-values";
import {
  AUTHENTICATION_FLOWS,
  CLIENT_APP_TYPES,
  GRANT_CONTROLS,
  GUEST_TYPES,
  INSIDER_RISK_LEVELS,
  PLATFORMS,
  RISK_LEVELS,
  SERVICE_PRINCIPAL_RISK_LEVELS,
  SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES,
  type ConditionalAccessPolicy,
  type ConditionalAccessPolicySpec,
} from "../../schema/catalog";
import { GUID_RE } from "../../schema/primitives";
import type { HowCompared } from "../compare";
import type { GraphConditionalAccessPolicy } from "../graph";
import { setOrUndefined, sorted, type FromGraph, type GraphView, type ImportContext, type Limitation } from "./context";

/**
 * Conditional access policies between Microsoft Graph and the catalog, both directions side by side:
 * {@link caPolicyToGraph} writes a catalog policy as Graph v1.0 returns it once azuread 3.7.0 has applied it, and
 * {@link caPolicyFromGraph} writes a Graph policy as a catalog entry, listing what it cannot carry. A change to one
 * direction without the other shows in the import's round trip (Graph → entry → Graph), which must be the identity.
 * @see https://learn.microsoft.com/graph/api/resources/conditionalaccesspolicy
 * @see https://registry.terraform.io/providers/hashicorp/azuread/3.7.0/docs/resources/conditional_access_policy
 */

/** A catalog policy as written in YAML (defaults not applied), without its ID and adoption. */
export type CaPolicyFields = Omit<z.input<typeof ConditionalAccessPolicy>, "id" | "importFrom">;
export type GraphCaPolicy = z.infer<typeof GraphConditionalAccessPolicy>;

const KEYWORD_BY_APP_ID = new Map(Object.entries(CA_APPLICATION_KEYWORDS).map(([k, v]) => [v.toLowerCase(), k]));
const STRENGTH_BY_ID = new Map(Object.entries(BUILT_IN_STRENGTH_GUIDS).map(([k, v]) => [v, k]));
const ACTION_BY_URN = new Map<string, string>(Object.entries(CA_USER_ACTIONS).map(([k, v]) => [v, k]));
const STATE_BY_GRAPH = new Map<string, string>(Object.entries(CA_STATE).map(([k, v]) => [v, k]));
const ROLE_BY_TEMPLATE = new Map(DIRECTORY_ROLES.map((r) => [r.templateId.toLowerCase(), r.name]));
/** Application keywords Graph writes as they are (the others are Microsoft applications' client IDs). */
const GRAPH_APP_KEYWORDS = new Set(
  Object.entries(CA_APPLICATION_KEYWORDS)
    .filter(([k, v]) => k === v)
    .map(([k]) => k),
);

// ─── Catalog → Graph ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A catalog policy as Graph returns it after azuread 3.7.0 applied it: the environment's break-glass exclusions
 * added, keywords and references as Graph spells them, and only what the provider sends (no description: the provider
 * has no attribute for it). Properties the policy does not use are null or empty, as Graph writes them.
 */
export function caPolicyToGraph(policy: { id: string; spec: ConditionalAccessPolicySpec }, view: GraphView): Graph.ConditionalAccessPolicy {
  const spec = policy.spec;
  const s = spec.session;
  return {
    id: view.objectId("conditionalAccessPolicy", policy.id),
    displayName: view.displayName(spec.displayName),
    state: CA_STATE[view.caState(policy)],
    conditions: conditionsToGraph(spec, view),
    grantControls: spec.grant ? grantToGraph(spec.grant, view) : null,
    sessionControls: s ? sessionToGraph(s) : null,
  };
}

function conditionsToGraph(spec: ConditionalAccessPolicySpec, view: GraphView): Graph.ConditionalAccessConditionSet {
  const { include, exclude } = spec.users;
  const bg = breakGlassExclusions(spec, view.breakGlass);
  const ids = (refs: readonly string[]) => sorted(refs.map((r) => view.user(r).id!));
  const legacy = (set: { legacyGuestsOrExternalUsers?: true | undefined }) => (set.legacyGuestsOrExternalUsers ? [LEGACY_GUESTS_KEYWORD] : []);
  const role = (name: string) => findDirectoryRole(name).role!.templateId;
  const group = (id: string) => view.objectId("group", id);
  const apps = spec.applications;
  const app = (a: string) => caApplicationKeyword(a) ?? view.application(a).clientId;
  const location = (l: string) => (l === "All" || l === "AllTrusted" ? l : view.objectId("namedLocation", l));
  const sp = (a: string) => (a === "ServicePrincipalsInMyTenant" ? a : view.application(a).servicePrincipalId);
  const ca = spec.clientApplications;
  return {
    users: {
      includeUsers: include.all ? ["All"] : includesSomebody(include) ? sorted([...ids(include.users), ...legacy(include)]) : ["None"],
      excludeUsers: sorted([...ids(exclude.users), ...legacy(exclude), ...bg.accounts]),
      includeGroups: sorted(include.groups.map(group)),
      excludeGroups: sorted([...exclude.groups.map(group), ...(bg.group ? [bg.group] : [])]),
      includeRoles: sorted(include.roles.map(role)),
      excludeRoles: sorted(exclude.roles.map(role)),
      includeGuestsOrExternalUsers: guestsToGraph(include),
      excludeGuestsOrExternalUsers: guestsToGraph(exclude),
    },
    applications:
      "include" in apps
        ? { includeApplications: sorted(apps.include.map(app)), excludeApplications: sorted(apps.exclude.map(app)), includeUserActions: [] }
        : { includeApplications: [], excludeApplications: [], includeUserActions: sorted(apps.userActions.map((a) => CA_USER_ACTIONS[a])) },
    clientAppTypes: spec.clientAppTypes?.length ? sorted(spec.clientAppTypes) : ["all"],
    platforms: spec.platforms ? { includePlatforms: sorted(spec.platforms.include), excludePlatforms: sorted(spec.platforms.exclude) } : null,
    locations: spec.locations
      ? { includeLocations: sorted(spec.locations.include.map(location)), excludeLocations: sorted(spec.locations.exclude.map(location)) }
      : null,
    signInRiskLevels: sorted(spec.signInRiskLevels ?? []),
    userRiskLevels: sorted(spec.userRiskLevels ?? []),
    authenticationFlows: spec.authenticationFlows?.length
      ? { transferMethods: sorted(spec.authenticationFlows).join(",") as Graph.ConditionalAccessTransferMethods }
      : null,
    // Conditions most policies do not use are written only when set (Graph returns null or [] for them).
    ...(ca
      ? {
          clientApplications: {
            includeServicePrincipals: sorted(ca.include.map(sp)),
            excludeServicePrincipals: sorted(ca.exclude.map(sp)),
            servicePrincipalFilter: ca.filter ? { mode: ca.filter.mode, rule: ca.filter.rule } : null,
          },
        }
      : {}),
    ...(spec.deviceFilter ? { devices: { deviceFilter: { mode: spec.deviceFilter.mode, rule: spec.deviceFilter.rule } } } : {}),
    ...(spec.servicePrincipalRiskLevels?.length ? { servicePrincipalRiskLevels: sorted(spec.servicePrincipalRiskLevels) } : {}),
    ...(spec.insiderRiskLevels?.length ? { insiderRiskLevels: spec.insiderRiskLevels.join(",") as Graph.ConditionalAccessInsiderRiskLevels } : {}),
  } as Graph.ConditionalAccessConditionSet;
}

function guestsToGraph(set: ConditionalAccessPolicySpec["users"]["exclude"]): Graph.ConditionalAccessGuestsOrExternalUsers | null {
  if (!set.guestsOrExternalUsers.length) return null;
  const externalTenants = set.externalTenants
    ? {
        "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
        membershipKind: "enumerated",
        members: sorted(set.externalTenants.map((t) => t.toLowerCase())),
      }
    : { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" };
  return { guestOrExternalUserTypes: sorted(set.guestsOrExternalUsers).join(","), externalTenants } as Graph.ConditionalAccessGuestsOrExternalUsers;
}

/** Grant controls; a block keeps its operator, as the provider sends it. */
function grantToGraph(g: NonNullable<ConditionalAccessPolicySpec["grant"]>, view: GraphView): Graph.ConditionalAccessGrantControls {
  if (g.block) return { operator: g.operator, builtInControls: ["block"] };
  const strength = g.authenticationStrength;
  const strengthId = strength === undefined ? undefined : (BUILT_IN_STRENGTH_GUIDS[strength] ?? view.objectId("authenticationStrength", strength));
  return {
    operator: g.operator,
    builtInControls: sorted(g.controls),
    authenticationStrength: strengthId
      ? ({ id: strengthId, displayName: view.strengthName(strength!) ?? strength } as Graph.AuthenticationStrengthPolicy)
      : null,
    ...(g.termsOfUse.length ? { termsOfUse: sorted(g.termsOfUse.map((t) => t.toLowerCase())) } : {}),
    ...(g.customAuthenticationFactors.length ? { customAuthenticationFactors: sorted(g.customAuthenticationFactors) } : {}),
  } as Graph.ConditionalAccessGrantControls;
}

function sessionToGraph(s: NonNullable<ConditionalAccessPolicySpec["session"]>): Graph.ConditionalAccessSessionControls {
  const f = s.signInFrequency ? signInFrequencyOf(s.signInFrequency) : undefined;
  return {
    signInFrequency: f
      ? f.interval === "everyTime"
        ? { isEnabled: true, frequencyInterval: "everyTime", authenticationType: f.authenticationType, type: null, value: null }
        : { isEnabled: true, frequencyInterval: "timeBased", authenticationType: f.authenticationType, type: f.period!, value: f.value! }
      : null,
    persistentBrowser: s.persistentBrowser ? { isEnabled: true, mode: s.persistentBrowser } : null,
    applicationEnforcedRestrictions: s.applicationEnforcedRestrictions !== undefined ? { isEnabled: s.applicationEnforcedRestrictions } : null,
    cloudAppSecurity: s.cloudAppSecurity ? { isEnabled: true, cloudAppSecurityType: s.cloudAppSecurity } : null,
    disableResilienceDefaults: s.disableResilienceDefaults ?? null,
  } as Graph.ConditionalAccessSessionControls;
}

// ─── Graph → catalog ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A Graph policy as a catalog entry. Whatever the entry cannot carry is listed in `limits` with its property path,
 * its value and who is the limit (then the policy is not imported): references to objects the import does not hold,
 * values outside what azuread 3.7.0 accepts, and combinations the provider cannot send. Properties this function does
 * not read at all are found by the import's round trip (see {@link caProviderLimit}).
 */
export function caPolicyFromGraph(p: GraphCaPolicy, ctx: ImportContext): FromGraph<CaPolicyFields> & { placeholders: readonly string[] } {
  const limits: Limitation[] = [];
  const limit = (path: string, value: unknown, kind: Limitation["limit"], why: string) => limits.push({ path, value, limit: kind, why });
  const placeholders: string[] = [];
  const c = p.conditions;
  const { users, excludeBreakGlass } = usersFromGraph(c.users, ctx, limit);
  // Without a reference it could not write, the entry may include nobody: that None is a consequence, not a reason.
  if (limits.some((l) => l.path.startsWith("conditions.users.include"))) placeholders.push("conditions.users.includeUsers");
  const applications = applicationsFromGraph(p, ctx, limit);
  // An entry needs applications: None stands in, and the properties that had no catalog word are named by the check.
  if (!applications) placeholders.push("conditions.applications.includeApplications");

  /** Values of an enumeration: the catalog's values are the provider's, so anything else is the provider's limit. */
  const known = <T extends string>(values: readonly string[], allowed: readonly T[], path: string, what: string): T[] | undefined => {
    const outside = values.filter((v) => !(allowed as readonly string[]).includes(v));
    if (outside.length) limit(path, outside, "provider", `azuread 3.7.0 accepts the ${what} ${allowed.join(", ")}`);
    return setOrUndefined(values.filter((v): v is T => (allowed as readonly string[]).includes(v)));
  };
  const clientAppTypes =
    c.clientAppTypes.length === 1 && c.clientAppTypes[0] === "all"
      ? undefined
      : known(c.clientAppTypes, CLIENT_APP_TYPES, "conditions.clientAppTypes", "client app types all (alone),");
  const platforms = c.platforms?.includePlatforms.length
    ? {
        include: known(c.platforms.includePlatforms, PLATFORMS, "conditions.platforms.includePlatforms", "platforms")!,
        exclude: known(c.platforms.excludePlatforms, PLATFORMS, "conditions.platforms.excludePlatforms", "platforms"),
      }
    : undefined;
  const location = (id: string, field: string) => {
    if (id === "All" || id === "AllTrusted") return id;
    const r = ctx.ref(id);
    if (!r) limit(`conditions.locations.${field}`, id, "idac", `named location ${id} is not in the export (deleted?), so the catalog cannot refer to it`);
    return r;
  };
  const defined = (values: (string | undefined)[]) => values.filter((v): v is string => v !== undefined);
  const locations = c.locations?.includeLocations.length
    ? {
        include: setOrUndefined(defined(c.locations.includeLocations.map((l) => location(l, "includeLocations"))))!,
        exclude: setOrUndefined(defined(c.locations.excludeLocations.map((l) => location(l, "excludeLocations")))),
      }
    : undefined;
  if (locations?.exclude?.includes("All")) limit("conditions.locations.excludeLocations", "All", "idac", "excluding every location leaves nothing to include");
  const filter: FilterFromGraph = (f, path) => {
    if (!f || (!f.mode && !f.rule)) return undefined;
    if ((f.mode !== "include" && f.mode !== "exclude") || !f.rule?.trim()) {
      limit(path, f, "provider", "azuread 3.7.0 needs a filter's mode (include or exclude) and rule");
      return undefined;
    }
    return { mode: f.mode, rule: f.rule };
  };
  const split = (v: string | null | undefined) =>
    (v ?? "")
      .split(",")
      .map((x) => x.trim())
      .filter((x) => x && x !== "none");
  const insider = split(c.insiderRiskLevels);
  if (insider.length > 1)
    limit("conditions.insiderRiskLevels", c.insiderRiskLevels, "provider", "azuread 3.7.0 sets one insider risk level (insider_risk_levels is a single value)");
  const insiderRiskLevels = insider.length === 1 ? known(insider, INSIDER_RISK_LEVELS, "conditions.insiderRiskLevels", "insider risk levels") : undefined;
  const { grant, session } = controlsFromGraph(p, ctx, limit);

  const state = STATE_BY_GRAPH.get(p.state);
  if (!state) limit("state", p.state, "provider", "azuread 3.7.0 accepts the states enabled, enabledForReportingButNotEnforced and disabled");
  return {
    entry: {
      displayName: ctx.name(p.displayName),
      description:
        p.description ||
        personaNote(ctx.name(p.displayName), {
          all: c.users.includeUsers.includes("All"),
          roles: c.users.includeRoles.length > 0,
          guests: !!c.users.includeGuestsOrExternalUsers?.guestOrExternalUserTypes,
        }),
      state: (state ?? "disabled") as CaPolicyFields["state"],
      users,
      applications: applications ?? { include: ["None"] },
      clientApplications: clientApplicationsFromGraph(c.clientApplications, ctx, limit, filter),
      clientAppTypes,
      deviceFilter: filter(c.devices?.deviceFilter, "conditions.devices.deviceFilter"),
      platforms,
      locations,
      signInRiskLevels: known(c.signInRiskLevels, RISK_LEVELS, "conditions.signInRiskLevels", "sign-in risk levels"),
      userRiskLevels: known(c.userRiskLevels, RISK_LEVELS, "conditions.userRiskLevels", "user risk levels"),
      servicePrincipalRiskLevels: known(
        c.servicePrincipalRiskLevels,
        SERVICE_PRINCIPAL_RISK_LEVELS,
        "conditions.servicePrincipalRiskLevels",
        "service principal risk levels",
      ),
      insiderRiskLevels,
      authenticationFlows: known(
        split(c.authenticationFlows?.transferMethods),
        AUTHENTICATION_FLOWS,
        "conditions.authenticationFlows.transferMethods",
        "authentication flows",
      ),
      grant,
      session,
      excludeBreakGlass,
    },
    limits,
    placeholders,
  };
}

type Limit = (path: string, value: unknown, kind: Limitation["limit"], why: string) => void;
type FilterFromGraph = (
  f: { mode?: string | null | undefined; rule?: string | null | undefined } | null | undefined,
  path: string,
) => { mode: "include" | "exclude"; rule: string } | undefined;

function usersFromGraph(
  u: GraphCaPolicy["conditions"]["users"],
  ctx: ImportContext,
  limit: Limit,
): { users: CaPolicyFields["users"]; excludeBreakGlass: false | undefined } {
  const groupRefs = (ids: readonly string[], field: string) =>
    ids.flatMap((id) => {
      const r = ctx.ref(id);
      if (!r) limit(`conditions.users.${field}`, id, "idac", `references ${ctx.unknownGroup(id)}`);
      return r ? [r] : [];
    });
  const roleNames = (ids: readonly string[], field: string) =>
    ids.flatMap((id) => {
      const r = ROLE_BY_TEMPLATE.get(id.toLowerCase());
      if (!r)
        limit(
          `conditions.users.${field}`,
          id,
          "idac",
          `role template ${id} is unknown to ${ROLE_TABLE_VERSION}: a custom role (the ` +
            `catalog names built-in roles), or a role Microsoft added since: ` +
            `${REFRESH_ROLE_TABLE_HINT}`,
        );
      return r ? [r] : [];
    });
  const userIds = (ids: readonly string[], field: string) =>
    ids.filter((id) => {
      if (GUID_RE.test(id)) return true;
      if (id === "All" || id === "None" || id === LEGACY_GUESTS_KEYWORD) return false;
      if (/agent/i.test(id)) limit(`conditions.users.${field}`, id, "provider", "agent identities: azuread 3.7.0 has no attribute for them");
      else limit(`conditions.users.${field}`, id, "idac", `'${id}' is neither a user's object ID nor All or None`);
      return false;
    });
  const guests = (g: GraphCaPolicy["conditions"]["users"]["includeGuestsOrExternalUsers"], field: string) => {
    const types = (g?.guestOrExternalUserTypes ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s && s !== "none");
    if (!types.length) return {};
    const outside = types.filter((t) => !(GUEST_TYPES as readonly string[]).includes(t));
    if (outside.length)
      limit(
        `conditions.users.${field}.guestOrExternalUserTypes`,
        outside,
        "provider",
        `azuread 3.7.0 accepts the guest or external user types ${GUEST_TYPES.join(", ")}`,
      );
    const kind = g?.externalTenants?.membershipKind ?? "all";
    let externalTenants: string[] | undefined;
    if (kind === "enumerated") {
      const members = g?.externalTenants?.members ?? [];
      if (!members.length || !members.every((m) => GUID_RE.test(m)))
        limit(`conditions.users.${field}.externalTenants`, g?.externalTenants, "idac", "the catalog lists external tenants by tenant ID, and at least one");
      else externalTenants = sorted(members.map((m) => m.toLowerCase()));
    } else if (kind !== "all")
      limit(`conditions.users.${field}.externalTenants.membershipKind`, kind, "provider", "azuread 3.7.0 accepts the membership kinds all and enumerated");
    return {
      guestsOrExternalUsers: sorted(types.filter((t) => (GUEST_TYPES as readonly string[]).includes(t))) as (typeof GUEST_TYPES)[number][],
      externalTenants,
    };
  };

  // Break-glass exclusions come from the environment (excludeBreakGlass, the default), not from the policy.
  // Excluding the break-glass group, or any break-glass account, is the intent excludeBreakGlass states; the first plan
  // then adds whatever of the group and accounts is missing (an update the import reports).
  const excludedUsers = u.excludeUsers.map((x) => x.toLowerCase());
  const excludedGroups = u.excludeGroups.map((x) => x.toLowerCase());
  const excludesBreakGlass =
    ctx.breakGlassAccounts.some((a) => excludedUsers.includes(a)) || (ctx.breakGlassGroup !== undefined && excludedGroups.includes(ctx.breakGlassGroup));
  const bg = new Set(excludesBreakGlass ? [...ctx.breakGlassAccounts, ...(ctx.breakGlassGroup ? [ctx.breakGlassGroup] : [])] : []);
  const all = u.includeUsers.includes("All");
  const include = {
    all: all ? true : undefined,
    groups: setOrUndefined(groupRefs(u.includeGroups, "includeGroups")),
    roles: setOrUndefined(roleNames(u.includeRoles, "includeRoles")),
    users: setOrUndefined(ctx.people(userIds(u.includeUsers, "includeUsers"))),
    legacyGuestsOrExternalUsers: !all && u.includeUsers.includes(LEGACY_GUESTS_KEYWORD) ? (true as const) : undefined,
    ...guests(u.includeGuestsOrExternalUsers, "includeGuestsOrExternalUsers"),
  };
  const exclude = {
    groups: setOrUndefined(
      groupRefs(
        u.excludeGroups.filter((g) => !bg.has(g.toLowerCase())),
        "excludeGroups",
      ),
    ),
    roles: setOrUndefined(roleNames(u.excludeRoles, "excludeRoles")),
    users: setOrUndefined(ctx.people(userIds(u.excludeUsers, "excludeUsers").filter((x) => !bg.has(x.toLowerCase())))),
    legacyGuestsOrExternalUsers: u.excludeUsers.includes(LEGACY_GUESTS_KEYWORD) ? (true as const) : undefined,
    ...guests(u.excludeGuestsOrExternalUsers, "excludeGuestsOrExternalUsers"),
  };
  const empty = Object.values(exclude).every((v) => v === undefined);
  return { users: { include, ...(empty ? {} : { exclude }) }, excludeBreakGlass: excludesBreakGlass ? undefined : false };
}

function applicationsFromGraph(p: GraphCaPolicy, ctx: ImportContext, limit: Limit): CaPolicyFields["applications"] | undefined {
  const a = p.conditions.applications;
  const target = (id: string, field: string): string | undefined => {
    if (GRAPH_APP_KEYWORDS.has(id)) return id;
    const keyword = KEYWORD_BY_APP_ID.get(id.toLowerCase());
    if (keyword) return keyword;
    if (GUID_RE.test(id)) {
      const app = ctx.app(id);
      if (!app)
        limit(
          `conditions.applications.${field}`,
          id,
          "idac",
          `application ${id}, whose service principal the export does not hold, so the catalog cannot declare it`,
        );
      return app;
    }
    if (/agent/i.test(id))
      limit(
        `conditions.applications.${field}`,
        id,
        "provider",
        `the keyword ${id} targets agent identities: azuread 3.7.0 has no agent identity ` +
          `support (included_applications takes All, None, Office365 or application IDs)`,
      );
    else
      limit(
        `conditions.applications.${field}`,
        id,
        "idac",
        `'${id}' is not an application keyword the catalog knows (${[...GRAPH_APP_KEYWORDS].join(", ")}) nor an application's client ID`,
      );
    return undefined;
  };
  const targets = (ids: readonly string[], field: string) => setOrUndefined(ids.map((x) => target(x, field)).filter((x): x is string => x !== undefined));
  if (a?.includeUserActions.length) {
    if (a.includeApplications.length)
      limit(
        "conditions.applications.includeApplications",
        a.includeApplications,
        "provider",
        "azuread 3.7.0 takes included_applications or included_user_actions, not both",
      );
    const actions = a.includeUserActions.flatMap((x) => {
      const action = ACTION_BY_URN.get(x.toLowerCase());
      if (!action)
        limit(
          "conditions.applications.includeUserActions",
          x,
          "idac",
          `'${x}' is not a user action the catalog knows (${Object.values(CA_USER_ACTIONS).join(", ")})`,
        );
      return action ? [action as "registerSecurityInfo" | "registerOrJoinDevices"] : [];
    });
    return actions.length ? { userActions: sorted(actions) } : undefined;
  }
  if (a?.includeApplications.length) {
    const include = targets(a.includeApplications, "includeApplications");
    const exclude = targets(a.excludeApplications, "excludeApplications");
    if (exclude?.some((x) => x === "All" || x === "None"))
      limit("conditions.applications.excludeApplications", a.excludeApplications, "idac", "excluding All or None says nothing the catalog can write");
    return include ? { include, exclude: exclude?.filter((x) => x !== "All" && x !== "None") } : undefined;
  }
  // Nothing the provider can target: an authentication context or a filter alone, named by the round trip.
  return undefined;
}

function clientApplicationsFromGraph(
  c: GraphCaPolicy["conditions"]["clientApplications"],
  ctx: ImportContext,
  limit: Limit,
  filter: FilterFromGraph,
): CaPolicyFields["clientApplications"] {
  if (!c || (!c.includeServicePrincipals.length && !c.excludeServicePrincipals.length && !c.servicePrincipalFilter)) return undefined;
  const sp = (id: string, field: string): string | undefined => {
    if (id === "ServicePrincipalsInMyTenant") return id;
    const app = GUID_RE.test(id) ? ctx.servicePrincipal(id) : undefined;
    if (!app)
      limit(
        `conditions.clientApplications.${field}`,
        id,
        /agent/i.test(id) ? "provider" : "idac",
        /agent/i.test(id)
          ? "agent identities: azuread 3.7.0 has no attribute for them"
          : `service principal ${id} is not in the export, so the catalog cannot declare its application`,
      );
    return app;
  };
  const include = c.includeServicePrincipals.map((x) => sp(x, "includeServicePrincipals")).filter((x): x is string => x !== undefined);
  const exclude = c.excludeServicePrincipals.map((x) => sp(x, "excludeServicePrincipals")).filter((x): x is string => x !== undefined);
  return {
    include: sorted(include),
    exclude: setOrUndefined(exclude),
    filter: filter(c.servicePrincipalFilter, "conditions.clientApplications.servicePrincipalFilter"),
  };
}

function controlsFromGraph(p: GraphCaPolicy, ctx: ImportContext, limit: Limit): { grant: CaPolicyFields["grant"]; session: CaPolicyFields["session"] } {
  const g = p.grantControls;
  const strengthId = g?.authenticationStrength?.id;
  const controlCount = (g?.builtInControls.length ?? 0) + (g?.termsOfUse.length ?? 0) + (g?.customAuthenticationFactors.length ?? 0) + (strengthId ? 1 : 0);
  let grant: CaPolicyFields["grant"];
  // The operator is kept as it is, with a block too: AND stays AND.
  const operator = g?.operator === "AND" ? ("AND" as const) : g?.operator === "OR" ? undefined : g?.operator;
  if (operator !== undefined && operator !== "AND") limit("grantControls.operator", g?.operator, "provider", "azuread 3.7.0 accepts the operators AND and OR");
  if (g && controlCount > 0) {
    if (g.builtInControls.includes("block")) {
      if (controlCount > 1) limit("grantControls", g, "idac", "a block with other controls: the catalog's grant is either a block or controls");
      grant = { block: true, operator: operator === "AND" ? "AND" : undefined };
    } else {
      const strength = strengthId ? (STRENGTH_BY_ID.get(strengthId) ?? ctx.ref(strengthId)) : undefined;
      if (strengthId && !strength)
        limit(
          "grantControls.authenticationStrength",
          strengthId,
          "idac",
          `authentication strength ${strengthId} is not in the export (deleted?), so the catalog cannot refer to it`,
        );
      const outside = g.builtInControls.filter((x) => !(GRANT_CONTROLS as readonly string[]).includes(x));
      if (outside.length)
        limit("grantControls.builtInControls", outside, "provider", `azuread 3.7.0 accepts the built-in controls block, ${GRANT_CONTROLS.join(", ")}`);
      const termsOfUse = g.termsOfUse.filter((t) => GUID_RE.test(t));
      if (termsOfUse.length < g.termsOfUse.length)
        limit("grantControls.termsOfUse", g.termsOfUse, "idac", "terms of use are written by their agreement IDs (GUIDs)");
      if (g.customAuthenticationFactors.length && controlCount === g.customAuthenticationFactors.length) {
        limit(
          "grantControls.customAuthenticationFactors",
          g.customAuthenticationFactors,
          "provider",
          "custom controls alone: azuread 3.7.0 needs built_in_controls, " +
            "authentication_strength_policy_id or terms_of_use next to custom_authentication_factors",
        );
      }
      grant = {
        operator: operator === "AND" ? "AND" : undefined,
        controls: setOrUndefined(g.builtInControls.filter((x): x is (typeof GRANT_CONTROLS)[number] => (GRANT_CONTROLS as readonly string[]).includes(x))),
        authenticationStrength: strength,
        termsOfUse: setOrUndefined(termsOfUse.map((t) => t.toLowerCase())),
        customAuthenticationFactors: setOrUndefined(g.customAuthenticationFactors),
      };
    }
  }
  return { grant, session: sessionFromGraph(p.sessionControls, limit) };
}

function sessionFromGraph(s: GraphCaPolicy["sessionControls"], limit: Limit): CaPolicyFields["session"] {
  if (!s) return undefined;
  const f = s.signInFrequency?.isEnabled ? s.signInFrequency : undefined;
  const authenticationType = f?.authenticationType ?? "primaryAndSecondaryAuthentication";
  if (f && !(SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES as readonly string[]).includes(authenticationType)) {
    limit(
      "sessionControls.signInFrequency.authenticationType",
      authenticationType,
      "provider",
      `azuread 3.7.0 accepts ${SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES.join(" and ")}`,
    );
  }
  const auth = authenticationType === "secondaryAuthentication" ? ({ authenticationType: "secondaryAuthentication" } as const) : {};
  let signInFrequency: NonNullable<CaPolicyFields["session"]>["signInFrequency"];
  if (f && (f.frequencyInterval ?? "timeBased") === "everyTime") signInFrequency = "authenticationType" in auth ? { everyTime: true, ...auth } : "everyTime";
  else if (f) {
    const value = f.value ?? undefined;
    const fits = value !== undefined && Number.isInteger(value) && value >= 1 && value <= (f.type === "hours" ? 23 : 365);
    if ((f.type !== "hours" && f.type !== "days") || !fits)
      limit(
        "sessionControls.signInFrequency",
        { type: f.type, value: f.value },
        "idac",
        "the catalog takes 1 to 23 hours or 1 to 365 days (the values Entra offers)",
      );
    else signInFrequency = f.type === "hours" ? { hours: value, ...auth } : { days: value, ...auth };
  }
  const everyTime = signInFrequency === "everyTime" || (typeof signInFrequency === "object" && "everyTime" in signInFrequency);
  const restrictions = s.applicationEnforcedRestrictions?.isEnabled === true;
  const resilience = s.disableResilienceDefaults === true;
  for (const [on, path, attribute] of [
    [restrictions, "sessionControls.applicationEnforcedRestrictions", "application_enforced_restrictions_enabled"],
    [resilience, "sessionControls.disableResilienceDefaults", "disable_resilience_defaults"],
  ] as const) {
    if (on && everyTime) limit(path, true, "provider", `azuread 3.7.0 does not send ${attribute} with sign_in_frequency_interval everyTime`);
  }
  const mode = s.persistentBrowser?.isEnabled ? s.persistentBrowser.mode : undefined;
  if (mode && mode !== "always" && mode !== "never")
    limit("sessionControls.persistentBrowser.mode", mode, "provider", "azuread 3.7.0 accepts the persistent browser modes always and never");
  const cas = s.cloudAppSecurity?.isEnabled ? s.cloudAppSecurity.cloudAppSecurityType : undefined;
  const CAS = ["monitorOnly", "blockDownloads", "mcasConfigured"] as const;
  if (cas && !(CAS as readonly string[]).includes(cas))
    limit("sessionControls.cloudAppSecurity.cloudAppSecurityType", cas, "provider", `azuread 3.7.0 accepts the cloud app security policies ${CAS.join(", ")}`);
  const session = {
    signInFrequency,
    persistentBrowser: mode === "always" || mode === "never" ? (mode as "always" | "never") : undefined,
    applicationEnforcedRestrictions: restrictions && !everyTime ? true : undefined,
    cloudAppSecurity: cas && (CAS as readonly string[]).includes(cas) ? (cas as (typeof CAS)[number]) : undefined,
    disableResilienceDefaults: resilience && !everyTime ? true : undefined,
  };
  return Object.values(session).some((v) => v !== undefined) ? session : undefined;
}

/**
 * The persona a policy protects, for its catalog description (Entra keeps no such field): from a name that follows
 * the CA<number>-<Persona>-<PolicyType>-… convention, or else from whom the policy targets.
 */
function personaNote(displayName: string, targets: { all: boolean; roles: boolean; guests: boolean }): string | undefined {
  const named = /^CA\d{2,4}[-_ ]([A-Za-z][A-Za-z0-9]*)[-_ ]/.exec(displayName);
  if (named) return `Persona: ${named[1]} (from the policy name)`;
  if (targets.roles) return "Persona: Admins (inferred: the policy targets directory roles)";
  if (targets.guests) return "Persona: Guests (inferred: the policy targets guests and external users)";
  if (targets.all) return "Persona: Global (inferred: the policy targets all users)";
  return undefined;
}

// ─── What the provider can express ───────────────────────────────────────────────────────────────────────

/**
 * The Graph properties of a policy that azuread 3.7.0 reads and writes (internal/services/conditionalaccess at tag
 * v3.7.0: expandConditionalAccessConditionSet and its grant and session counterparts). A property outside these has
 * no attribute in the provider: no catalog could deploy it.
 */
const PROVIDER_PATHS: readonly string[] = [
  "displayName",
  "state",
  "conditions.applications.includeApplications",
  "conditions.applications.excludeApplications",
  "conditions.applications.includeUserActions",
  "conditions.authenticationFlows.transferMethods",
  "conditions.clientApplications.includeServicePrincipals",
  "conditions.clientApplications.excludeServicePrincipals",
  "conditions.clientApplications.servicePrincipalFilter.mode",
  "conditions.clientApplications.servicePrincipalFilter.rule",
  "conditions.clientAppTypes",
  "conditions.devices.deviceFilter.mode",
  "conditions.devices.deviceFilter.rule",
  "conditions.insiderRiskLevels",
  "conditions.locations.includeLocations",
  "conditions.locations.excludeLocations",
  "conditions.platforms.includePlatforms",
  "conditions.platforms.excludePlatforms",
  "conditions.servicePrincipalRiskLevels",
  "conditions.signInRiskLevels",
  "conditions.userRiskLevels",
  ...["include", "exclude"].flatMap((side) => [
    `conditions.users.${side}Users`,
    `conditions.users.${side}Groups`,
    `conditions.users.${side}Roles`,
    `conditions.users.${side}GuestsOrExternalUsers.guestOrExternalUserTypes`,
    `conditions.users.${side}GuestsOrExternalUsers.externalTenants.membershipKind`,
    `conditions.users.${side}GuestsOrExternalUsers.externalTenants.members`,
  ]),
  "grantControls.operator",
  "grantControls.builtInControls",
  "grantControls.authenticationStrength",
  "grantControls.customAuthenticationFactors",
  "grantControls.termsOfUse",
  "sessionControls.applicationEnforcedRestrictions.isEnabled",
  "sessionControls.cloudAppSecurity.isEnabled",
  "sessionControls.cloudAppSecurity.cloudAppSecurityType",
  "sessionControls.disableResilienceDefaults",
  "sessionControls.persistentBrowser.isEnabled",
  "sessionControls.persistentBrowser.mode",
  "sessionControls.signInFrequency.isEnabled",
  "sessionControls.signInFrequency.type",
  "sessionControls.signInFrequency.value",
  "sessionControls.signInFrequency.authenticationType",
  "sessionControls.signInFrequency.frequencyInterval",
];

/** What some properties the provider lacks are, in Entra's words. */
const WITHOUT_ATTRIBUTE: readonly [RegExp, string][] = [
  [/agent/i, "agent identities"],
  [/^conditions\.applications\.includeAuthenticationContextClassReferences/, "authentication contexts"],
  [/^conditions\.applications\.applicationFilter/, "an application filter (custom security attributes)"],
  [/^sessionControls\.secureSignInSession/, "token protection (secure sign-in session)"],
  [/^sessionControls\.continuousAccessEvaluation/, "continuous access evaluation"],
  [/^sessionControls\.(networkAccessSecurity|globalSecureAccessFilteringProfile)/, "Global Secure Access"],
  [/^conditions\.(times|deviceStates)|^conditions\.devices\.(include|exclude)/, "a condition Microsoft retired"],
];

/**
 * Who is the limit for a property of a policy an entry does not reproduce: the provider when azuread 3.7.0 has no
 * attribute for it (then the reason names the property), otherwise idac.
 */
export function caProviderLimit(path: string): string | undefined {
  if (PROVIDER_PATHS.some((p) => path === p || path.startsWith(`${p}.`))) return undefined;
  const what = WITHOUT_ATTRIBUTE.find(([re]) => re.test(path))?.[1];
  return `${what ? `${what}: ` : ""}azuread 3.7.0 has no attribute for ${path}`;
}

/**
 * Policies are compared on every property (the provider writes the whole policy), except the description azuread
 * 3.7.0 has no attribute for (it stays as it is in Entra).
 */
export const CA_COMPARED: HowCompared = {
  strict: true,
  kept: ["description"],
  prepare: caComparable,
  providerLimit: caProviderLimit,
  providerKnows: (path) => PROVIDER_PATHS.some((p) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`)),
};

/**
 * A policy in the form both sides are compared in: Graph's defaults spelled out (a sign-in frequency's authentication
 * type and interval), "nothing" in its other spellings removed (client app types `all`, guest types and transfer
 * methods `none`, an operator with no control), and `@odata.type` annotations dropped (an external tenants' kind is its membershipKind).
 */
export function caComparable(policy: Record<string, unknown>): Record<string, unknown> {
  const copy = withoutTypes(structuredClone(policy)) as {
    conditions?: Record<string, unknown> | null;
    grantControls?: Record<string, unknown> | null;
    sessionControls?: Record<string, unknown> | null;
  } & Record<string, unknown>;
  const c = copy.conditions;
  // "all" client app types is no condition at all.
  if (c && Array.isArray(c.clientAppTypes) && c.clientAppTypes.length === 1 && c.clientAppTypes[0] === "all") c.clientAppTypes = [];
  // Transfer methods "none" (the flags' zero value Graph keeps once the condition is cleared) is no condition either.
  const flows = c?.authenticationFlows as { transferMethods?: string | null } | null | undefined;
  if (c && flows && !(flows.transferMethods ?? "").split(",").some((t) => t.trim() && t.trim() !== "none")) c.authenticationFlows = null;
  const users = c?.users as Record<string, { guestOrExternalUserTypes?: string | null } | null> | undefined;
  for (const side of ["includeGuestsOrExternalUsers", "excludeGuestsOrExternalUsers"]) {
    const types = users?.[side]?.guestOrExternalUserTypes ?? "";
    if (users && users[side] && !types.split(",").some((t) => t.trim() && t.trim() !== "none")) users[side] = null;
  }
  // An operator with no control to combine says nothing: Graph keeps it on policies with session controls only.
  const g = copy.grantControls as
    { builtInControls?: unknown[]; termsOfUse?: unknown[]; customAuthenticationFactors?: unknown[]; authenticationStrength?: unknown } | null | undefined;
  if (g && !g.builtInControls?.length && !g.termsOfUse?.length && !g.customAuthenticationFactors?.length && !g.authenticationStrength)
    copy.grantControls = null;
  // The documented defaults of a sign-in frequency (azuread 3.7.0 documents the same).
  const f = copy.sessionControls?.signInFrequency as
    { isEnabled?: boolean; authenticationType?: string | null; frequencyInterval?: string | null } | null | undefined;
  if (f?.isEnabled) {
    f.authenticationType ??= "primaryAndSecondaryAuthentication";
    f.frequencyInterval ??= "timeBased";
  }
  return copy;
}

function withoutTypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTypes);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "@odata.type")
        .map(([k, v]) => [k, withoutTypes(v)]),
    );
  return value;
}

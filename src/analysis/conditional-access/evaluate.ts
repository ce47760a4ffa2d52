import { includesSomebody } from "../../model/ca-targeting";
import { findDirectoryRole } from "../../model/directory-roles";
import type { EnvironmentView } from "../../model/environment";
import type { ConditionalAccessPolicy } from "../../model/model";
import type { ConditionalAccessPolicySpec } from "../../schema/catalog";
import { groupsOfAppId, microsoftAppById, microsoftAppByName } from "./microsoft-apps";

/** Who signs in: what conditional access sees of a user. */
export interface Principal {
  readonly id: string;
  readonly userType: "member" | "guest";
  /**
   * Which kind of external user. For guests, always read; for members, read only when it names a kind of external
   * member (b2bCollaborationMember, b2bDirectConnectUser, serviceProvider, otherExternalUser): an internal member
   * is matched by no guestsOrExternalUsers setting.
   */
  readonly guestType: string;
  /** Every group the user is a member of, transitively (catalog IDs). */
  readonly groups: ReadonlySet<string>;
  /** Template IDs of the directory roles active during the sign-in. */
  readonly roles: ReadonlySet<string>;
  /** A specific account (UPN or object ID), lower case. */
  readonly user?: string;
  readonly breakGlass: boolean;
  readonly device: { readonly compliant: boolean; readonly domainJoined: boolean };
}

/** The network a sign-in comes from, as conditional access sees it. */
export interface SignInNetwork {
  /** In words: "203.0.113.7", "country CH", "named location hq-network", "any other network". */
  readonly label: string;
  /** The named locations (catalog IDs) the network is in. */
  readonly namedLocations: readonly string[];
  /** Whether the network counts as trusted (AllTrusted). */
  readonly trusted: boolean;
}

/** One sign-in: application (or user action), client, platform, location, risk, authentication flow. */
export interface SignIn {
  /**
   * A CA application keyword (Office365, AzureManagement, MicrosoftAdminPortals, IntuneEnrollment), a catalog
   * application ID, `microsoft:<application ID>` for a Microsoft application the catalog does not declare, or
   * `action:registerSecurityInfo`.
   */
  readonly app: string;
  readonly client: "browser" | "mobileAppsAndDesktopClients" | "exchangeActiveSync" | "other";
  readonly platform: "android" | "iOS" | "windows" | "macOS" | "linux" | "windowsPhone" | "unknown";
  /** The network; undefined for one that no named location lists and that is not trusted. */
  readonly location?: SignInNetwork;
  readonly signInRisk: "none" | "low" | "medium" | "high";
  readonly userRisk: "none" | "low" | "medium" | "high";
  readonly authenticationFlow?: "deviceCodeFlow" | "authenticationTransfer";
}

export interface PolicyResult {
  readonly policy: string;
  readonly state: "enabled" | "reportOnly" | "disabled";
  /** The policy certainly applies to the sign-in. */
  readonly applies: boolean;
  /**
   * Conditions the evaluator cannot decide for this sign-in (a device filter, insider risk, …), when every other
   * condition matches: the policy may apply, and is counted neither as applying nor as not applying.
   */
  readonly undecided?: readonly string[];
  /** Why it does not apply (the first condition that excludes the sign-in), or what it requires. */
  readonly reason: string;
  readonly grant?: ConditionalAccessPolicySpec["grant"];
}

/** A requirement of one applying policy. */
export interface Requirement {
  readonly policy: string;
  readonly operator: "AND" | "OR";
  readonly controls: readonly string[];
  /** Why the persona cannot meet it (its device), when it cannot: the sign-in is then blocked in effect. */
  readonly unmet?: string;
}

export interface Outcome {
  readonly blocked: boolean;
  /** Each applying policy's requirement (within a policy by its operator; all policies must be satisfied). */
  readonly requirements: readonly Requirement[];
  readonly mfa: boolean;
  /** Not blocked, but a requirement needs a device state the persona does not have. */
  readonly blockedInEffect: boolean;
  readonly session: readonly string[];
  /** Policies that may apply, with the conditions the evaluator cannot decide: the outcome may be stricter than shown. */
  readonly undecided: readonly { policy: string; conditions: readonly string[] }[];
}

export interface Decision {
  readonly enforced: Outcome;
  /** What the outcome would be if report-only policies were enabled. */
  readonly ifReportOnlyEnabled: Outcome;
  readonly policies: readonly PolicyResult[];
}

/** Kinds of external user whose account is a member (user type Member) in the resource tenant. */
const EXTERNAL_MEMBER_TYPES = new Set(["b2bCollaborationMember", "b2bDirectConnectUser", "serviceProvider", "otherExternalUser"]);

/**
 * The guestsOrExternalUsers kind a principal is matched by, or undefined for an internal member.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-users-groups#include
 */
function externalKind(u: Principal): string | undefined {
  if (u.userType === "guest") return u.guestType;
  return EXTERNAL_MEMBER_TYPES.has(u.guestType) ? u.guestType : undefined;
}

const MFA_STRENGTHS = new Set(["mfa", "passwordlessMfa", "phishingResistantMfa"]);

/**
 * Evaluates the environment's conditional access policies for one sign-in, with Entra's semantics: a policy applies
 * when the user is included and not excluded (exclusion wins; "all users" includes guests), the application is
 * included and not excluded (an application group such as Office365 includes its member applications), and every
 * configured condition matches (unconfigured conditions match everything). Block in any applying enabled policy
 * wins; otherwise every applying policy's grant must be satisfied, and a device control the persona's device cannot
 * meet blocks in effect. Report-only policies are evaluated but not enforced; disabled ones are ignored.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-policies
 */
export function evaluate(view: EnvironmentView, principal: Principal, signIn: SignIn): Decision {
  const results = compiled(view).map((p) => p.evaluate(principal, signIn));
  const outcome = (states: readonly string[]) =>
    combine(
      view,
      principal,
      results.filter((r) => r.applies && states.includes(r.state)),
      results.filter((r) => r.undecided && states.includes(r.state)).map((r) => ({ policy: r.policy, conditions: r.undecided! })),
    );
  return { enforced: outcome(["enabled"]), ifReportOnlyEnabled: outcome(["enabled", "reportOnly"]), policies: results };
}

/** A policy compiled for one environment: everything that does not depend on the sign-in worked out once. */
export interface CompiledPolicy {
  readonly id: string;
  readonly state: "enabled" | "reportOnly" | "disabled";
  /** Absent for a policy with session controls only. */
  readonly grant?: ConditionalAccessPolicySpec["grant"];
  readonly hasSession: boolean;
  /** The client app types the policy names (empty: all). */
  readonly clientAppTypes: readonly string[];
  /** Null when the user is in scope, otherwise why not (remembered per principal). */
  userScope(u: Principal): string | null;
  /** Null when the application (or user action) is targeted, otherwise why not. */
  appScope(app: string): string | null;
  /** Null when client, platform, location, risk and flow match, otherwise why not. */
  conditionScope(s: SignIn): string | null;
  /**
   * The conditions the evaluator cannot decide for a sign-in (device filter, insider risk, workload identities,
   * service principal risk, Exchange ActiveSync on a supported platform); empty when it can decide them all.
   */
  undecidedConditions(s: SignIn): readonly string[];
  /**
   * The conditions the evaluator cannot decide for a user in scope: the home tenant of an external user, when the
   * policy includes or excludes external users of the user's kind from listed tenants only (a persona names no tenant).
   */
  undecidedForUser(u: Principal): readonly string[];
  /** Whether the policy's conditions depend on the network at all. */
  readonly readsLocation: boolean;
  /**
   * Whether the policy applies only to sign-ins with a risk, an authentication flow or a user action: what a
   * coverage matrix of ordinary sign-ins to applications never shows (what-if does).
   */
  readonly onlyForSpecialSignIns: boolean;
  /** Whether the policy targets workload identities (service principals) rather than users. */
  readonly forWorkloadIdentities: boolean;
  evaluate(u: Principal, s: SignIn): PolicyResult;
}

const cache = new WeakMap<EnvironmentView, CompiledPolicy[]>();

/** The environment's policies, compiled once per environment view. */
export function compiled(view: EnvironmentView): CompiledPolicy[] {
  let list = cache.get(view);
  if (!list) cache.set(view, (list = view.catalog.conditionalAccessPolicies.map((p) => compile(view, p))));
  return list;
}

function compile(view: EnvironmentView, policy: ConditionalAccessPolicy): CompiledPolicy {
  const state = view.caState(policy);
  const spec = policy.spec;
  const users = spec.users;
  const roleIds = (names: readonly string[]) => new Set(names.map((n) => findDirectoryRole(n).role?.templateId).filter((x): x is string => x !== undefined));
  const includedRoles = roleIds(users.include.roles);
  const excludedRoles = roleIds(users.exclude.roles);
  const includedUsers = new Set(users.include.users.map((x) => view.person(x)));
  const excludedUsers = new Set(users.exclude.users.map((x) => view.person(x)));
  const g = spec.grant;
  const requires = !g ? "session controls only" : g.block ? "block" : controlsOf(g).join(` ${g.operator} `);
  const controls = `${requires}${g && spec.session ? " (+ session controls)" : ""}`;
  const applies: PolicyResult = { policy: policy.id, state, applies: true, reason: `applies: ${controls}`, ...(g ? { grant: g } : {}) };
  const mayApply = (conditions: readonly string[]): PolicyResult => ({
    policy: policy.id,
    state,
    applies: false,
    undecided: conditions,
    reason: `may apply: ${conditions.join(", ")} cannot be decided for this sign-in; requires ${controls}`,
    ...(g ? { grant: g } : {}),
  });
  const no = (reason: string): PolicyResult => ({ policy: policy.id, state, applies: false, reason });
  const scopes = new WeakMap<Principal, string | null>();
  const userScope = (u: Principal): string | null => {
    const cached = scopes.get(u);
    if (cached !== undefined) return cached;
    const kind = externalKind(u);
    const guestMatches = (types: readonly string[]) => kind !== undefined && types.includes(kind);
    const hasRole = (ids: Set<string>) => [...ids].some((r) => u.roles.has(r));
    const excludedGroup = users.exclude.groups.find((g) => u.groups.has(g));
    let result: string | null = null;
    if (u.breakGlass && spec.excludeBreakGlass) result = "excludes the break-glass accounts";
    else if (excludedGroup !== undefined) result = `excludes group ${excludedGroup}`;
    else if (hasRole(excludedRoles)) result = "excludes one of the user's roles";
    else if (u.user !== undefined && excludedUsers.has(u.user)) result = "excludes the user";
    else if (users.exclude.legacyGuestsOrExternalUsers && kind !== undefined) result = "excludes every guest and external user (GuestsOrExternalUsers)";
    // Excluded external users from listed tenants only: whether this one is excluded is its home tenant's question.
    else if (guestMatches(users.exclude.guestsOrExternalUsers) && !users.exclude.externalTenants) result = `excludes external users of kind ${kind}`;
    else if (!(
      users.include.all ||
      users.include.groups.some((g) => u.groups.has(g)) ||
      hasRole(includedRoles) ||
      (u.user !== undefined && includedUsers.has(u.user)) ||
      guestMatches(users.include.guestsOrExternalUsers) ||
      (users.include.legacyGuestsOrExternalUsers && kind !== undefined)
    ))
      result = "does not include the user";
    scopes.set(u, result);
    return result;
  };
  const undecidedForUser = (u: Principal): readonly string[] => {
    const kind = externalKind(u);
    if (kind === undefined) return [];
    const otherwiseIncluded =
      users.include.all ||
      users.include.legacyGuestsOrExternalUsers === true ||
      users.include.groups.some((g) => u.groups.has(g)) ||
      [...includedRoles].some((r) => u.roles.has(r)) ||
      (u.user !== undefined && includedUsers.has(u.user));
    const includedByTenant = !otherwiseIncluded && users.include.externalTenants !== undefined && users.include.guestsOrExternalUsers.includes(kind as never);
    const excludedByTenant = users.exclude.externalTenants !== undefined && users.exclude.guestsOrExternalUsers.includes(kind as never);
    return includedByTenant || excludedByTenant ? ["the external user's home tenant"] : [];
  };
  const apps = spec.applications;
  const appScope = (app: string): string | null => {
    if ("userActions" in apps)
      return app.startsWith("action:") && apps.userActions.includes(app.slice(7) as never) ? null : "targets a user action, not this sign-in";
    if (app.startsWith("action:")) return "targets applications, not user actions";
    const target = targetOf(view, app);
    const named = (list: readonly string[]) => list.find((t) => target.names.has(t));
    const excluded = named(apps.exclude);
    if (excluded !== undefined) return excluded === app ? "excludes the application" : `excludes ${excluded}, which contains the application`;
    return apps.include.includes("All") || named(apps.include) !== undefined ? null : "does not target the application";
  };
  // easSupported is Exchange ActiveSync from the platforms Microsoft supports for it: a subset the sign-in does not tell.
  const easOnlyAsSupported = (s: SignIn) => s.client === "exchangeActiveSync" && spec.clientAppTypes?.includes("easSupported") === true;
  const conditionScope = (s: SignIn): string | null => {
    if (spec.clientAppTypes?.length && !spec.clientAppTypes.includes(s.client) && !easOnlyAsSupported(s)) return `does not target ${s.client} clients`;
    if (spec.platforms) {
      const p = s.platform;
      if (spec.platforms.exclude.includes(p as never)) return `excludes platform ${p}`;
      if (!spec.platforms.include.includes("all") && !spec.platforms.include.includes(p as never)) return `does not target platform ${p}`;
    }
    if (spec.locations) {
      const at = (list: readonly string[]) =>
        list.find((l) => l === "All" || (l === "AllTrusted" && s.location?.trusted === true) || s.location?.namedLocations.includes(l) === true);
      const where = s.location?.label ?? "any other network";
      const excluded = at(spec.locations.exclude);
      if (excluded !== undefined) return `excludes location ${excluded} (${where})`;
      if (at(spec.locations.include) === undefined) return `does not target the location (${where})`;
    }
    if (spec.signInRiskLevels?.length && !spec.signInRiskLevels.includes(s.signInRisk)) return `does not target sign-in risk ${s.signInRisk}`;
    if (spec.userRiskLevels?.length && !spec.userRiskLevels.includes(s.userRisk)) return `does not target user risk ${s.userRisk}`;
    if (spec.authenticationFlows?.length && (!s.authenticationFlow || !spec.authenticationFlows.includes(s.authenticationFlow)))
      return "targets an authentication flow this sign-in does not use";
    return null;
  };
  // A persona is a user with no device, insider risk or workload identity the evaluator knows of.
  const fixed = [
    ...(spec.deviceFilter ? ["device filter"] : []),
    ...(spec.insiderRiskLevels?.length ? ["insider risk"] : []),
    ...(spec.clientApplications ? ["workload identities"] : []),
    ...(spec.servicePrincipalRiskLevels?.length ? ["service principal risk"] : []),
  ];
  const undecidedConditions = (s: SignIn): readonly string[] => {
    const eas = spec.clientAppTypes?.length && !spec.clientAppTypes.includes(s.client) && easOnlyAsSupported(s);
    return eas ? ["Exchange ActiveSync on a supported platform", ...fixed] : fixed;
  };
  return {
    id: policy.id,
    state,
    ...(g ? { grant: g } : {}),
    hasSession: spec.session !== undefined,
    clientAppTypes: spec.clientAppTypes ?? [],
    userScope,
    appScope,
    conditionScope,
    undecidedConditions,
    undecidedForUser,
    readsLocation: spec.locations !== undefined,
    forWorkloadIdentities: spec.clientApplications !== undefined && !includesSomebody(users.include),
    onlyForSpecialSignIns:
      "userActions" in apps || spec.authenticationFlows?.length || [spec.signInRiskLevels, spec.userRiskLevels].some((l) => l?.length && !l.includes("none"))
        ? true
        : false,
    evaluate(u, s) {
      if (state === "disabled") return no("disabled");
      const why = userScope(u) ?? appScope(s.app) ?? conditionScope(s);
      if (why !== null) return no(why);
      const undecided = [...undecidedForUser(u), ...undecidedConditions(s)];
      return undecided.length ? mayApply(undecided) : applies;
    },
  };
}

/** What a sign-in's application is known as: its own name, its catalog IDs, and the keyword groups that contain it. */
interface AppTarget {
  readonly names: ReadonlySet<string>;
}

const targets = new WeakMap<EnvironmentView, Map<string, AppTarget>>();

/**
 * The names a policy can target a sign-in's application by: a keyword names itself; a catalog application is named
 * by its ID, by every catalog application with the same client ID, and by the Microsoft groups its client ID belongs
 * to; `microsoft:<application ID>` likewise.
 */
function targetOf(view: EnvironmentView, app: string): AppTarget {
  let byApp = targets.get(view);
  if (!byApp) targets.set(view, (byApp = new Map()));
  let t = byApp.get(app);
  if (t) return t;
  const names = new Set<string>([app]);
  const declared = view.catalog.applications.find((a) => a.id === app);
  const microsoft = app.startsWith("microsoft:") ? (microsoftAppById(app.slice(10)) ?? microsoftAppByName(app.slice(10))) : undefined;
  const clientId = declared ? declared.spec.clientId.toLowerCase() : microsoft?.appId;
  if (clientId !== undefined) for (const a of view.catalog.applications) if (a.spec.clientId.toLowerCase() === clientId) names.add(a.id);
  for (const g of microsoft?.groups ?? groupsOfAppId(clientId)) names.add(g);
  byApp.set(app, (t = { names }));
  return t;
}

/** A grant's controls in one list: built-in controls, `strength:<id>`, `termsOfUse:<id>`, `customControl:<id>`. */
function controlsOf(grant: Grant): string[] {
  return [
    ...grant.controls,
    ...(grant.authenticationStrength ? [`strength:${grant.authenticationStrength}`] : []),
    ...grant.termsOfUse.map((t) => `termsOfUse:${t}`),
    ...grant.customAuthenticationFactors.map((f) => `customControl:${f}`),
  ];
}

type Grant = NonNullable<ConditionalAccessPolicySpec["grant"]>;

/** Single-factor methods: a custom strength that allows one of them alone does not guarantee MFA. */
const SINGLE_FACTOR = new Set([
  "password",
  "sms",
  "voice",
  "federatedSingleFactor",
  "x509CertificateSingleFactor",
  "temporaryAccessPassOneTime",
  "temporaryAccessPassMultiUse",
  "email",
]);

function isMfaStrength(view: EnvironmentView, id: string): boolean {
  if (MFA_STRENGTHS.has(id)) return true;
  const custom = view.catalog.authenticationStrengths.find((x) => x.id === id);
  return custom !== undefined && custom.spec.allowedCombinations.every((c) => !SINGLE_FACTOR.has(c));
}

/** Why the principal's device cannot provide a control, or undefined when it can (or the control is no device state). */
function deviceLacks(u: Principal, control: string): string | undefined {
  if (control === "compliantDevice" && !u.device.compliant) return "requires a compliant device: this persona's device is not compliant";
  if (control === "domainJoinedDevice" && !u.device.domainJoined)
    return "requires a Microsoft Entra hybrid joined device: this persona's device is not domain joined";
  return undefined;
}

const requirements = new WeakMap<Grant, Map<string, Requirement>>();

/**
 * {@link requirementOf}, remembered per grant, policy and device state (all it depends on): the coverage matrix
 * combines the same policies in many cells.
 */
function requirementFor(u: Principal, policy: string, grant: Grant): Requirement {
  let known = requirements.get(grant);
  if (!known) requirements.set(grant, (known = new Map()));
  const key = `${u.device.compliant ? "C" : "-"}${u.device.domainJoined ? "J" : "-"}${policy}`;
  let r = known.get(key);
  if (!r) known.set(key, (r = requirementOf(u, policy, grant)));
  return r;
}

/** The requirement of one applying policy, with why the principal cannot meet it (if it cannot). */
function requirementOf(u: Principal, policy: string, grant: Grant): Requirement {
  const controls = controlsOf(grant);
  const lacking = controls.map((c) => deviceLacks(u, c));
  const unmet =
    grant.operator === "AND" || controls.length === 1
      ? lacking.find((x) => x !== undefined)
      : lacking.every((x) => x !== undefined)
        ? lacking.filter((x) => x !== undefined).join("; and ")
        : undefined;
  return { policy, operator: grant.operator, controls, ...(unmet !== undefined ? { unmet } : {}) };
}

/** Combines the applying policies' grants into one outcome; `undecided` are the policies that may apply. */
export function combine(
  view: EnvironmentView,
  u: Principal,
  applying: readonly { policy: string; grant?: ConditionalAccessPolicySpec["grant"]; hasSession?: boolean; reason?: string }[],
  undecided: readonly { policy: string; conditions: readonly string[] }[] = [],
): Outcome {
  const blocked = applying.some((r) => r.grant?.block);
  const required = applying.filter((r) => r.grant && !r.grant.block).map((r) => requirementFor(u, r.policy, r.grant!));
  const mfa = required.some((q) => certainlyMfa(view, q));
  const session = applying.filter((r) => r.hasSession ?? r.reason?.includes("session")).map((r) => r.policy);
  return { blocked, requirements: required, mfa, blockedInEffect: !blocked && required.some((q) => q.unmet !== undefined), session, undecided };
}

const mfaRequirements = new WeakMap<EnvironmentView, WeakMap<Requirement, boolean>>();

/**
 * Whether a requirement certainly means MFA: whatever alternative is chosen (AND, or every OR option is MFA).
 * Remembered per requirement (requirements are shared, see {@link requirementFor}).
 */
function certainlyMfa(view: EnvironmentView, q: Requirement): boolean {
  let known = mfaRequirements.get(view);
  if (!known) mfaRequirements.set(view, (known = new WeakMap()));
  let mfa = known.get(q);
  if (mfa === undefined) {
    const isMfa = (c: string) => c === "mfa" || (c.startsWith("strength:") && isMfaStrength(view, c.slice(9)));
    known.set(q, (mfa = q.operator === "AND" || q.controls.length === 1 ? q.controls.some(isMfa) : q.controls.every(isMfa)));
  }
  return mfa;
}

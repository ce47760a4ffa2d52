import { findDirectoryRole } from "../../model/directory-roles";
import type { EnvironmentView } from "../../model/environment";
import type { ConditionalAccessPolicy } from "../../model/model";
import type { ConditionalAccessPolicySpec } from "../../schema/catalog";

/** Who signs in: what conditional access sees of a user. */
export interface Principal {
  readonly id: string;
  readonly userType: "member" | "guest";
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

/** One sign-in: application (or user action), client, platform, location, risk, authentication flow. */
export interface SignIn {
  /** A CA application keyword (Office365, AzureManagement, MicrosoftAdminPortals), a catalog application ID, or `action:registerSecurityInfo`. */
  readonly app: string;
  readonly client: "browser" | "mobileAppsAndDesktopClients" | "exchangeActiveSync" | "other";
  readonly platform: "android" | "iOS" | "windows" | "macOS" | "linux" | "windowsPhone" | "unknown";
  /** A named location ID, or undefined for an unknown network. */
  readonly location?: string;
  readonly signInRisk: "none" | "low" | "medium" | "high";
  readonly userRisk: "none" | "low" | "medium" | "high";
  readonly authenticationFlow?: "deviceCodeFlow" | "authenticationTransfer";
}

export interface PolicyResult {
  readonly policy: string;
  readonly state: "enabled" | "reportOnly" | "disabled";
  readonly applies: boolean;
  /** Why it does not apply (the first condition that excludes the sign-in), or what it requires. */
  readonly reason: string;
  readonly grant?: ConditionalAccessPolicySpec["grant"];
}

export interface Outcome {
  readonly blocked: boolean;
  /** Each applying policy's requirement (within a policy by its operator; all policies must be satisfied). */
  readonly requirements: readonly { policy: string; operator: "AND" | "OR"; controls: readonly string[] }[];
  readonly mfa: boolean;
  readonly session: readonly string[];
}

export interface Decision {
  readonly enforced: Outcome;
  /** What the outcome would be if report-only policies were enabled. */
  readonly ifReportOnlyEnabled: Outcome;
  readonly policies: readonly PolicyResult[];
}

const MFA_STRENGTHS = new Set(["mfa", "passwordlessMfa", "phishingResistantMfa"]);

/**
 * Evaluates the environment's conditional access policies for one sign-in, with Entra's semantics: a policy applies
 * when the user is included and not excluded (exclusion wins; "all users" includes guests), the application is
 * included and not excluded, and every configured condition matches (unconfigured conditions match everything).
 * Block in any applying enabled policy wins; otherwise every applying policy's grant must be satisfied. Report-only
 * policies are evaluated but not enforced; disabled ones are ignored.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-policies
 */
export function evaluate(view: EnvironmentView, principal: Principal, signIn: SignIn): Decision {
  const results = compiled(view).map((p) => p.evaluate(principal, signIn));
  const outcome = (states: readonly string[]) => combine(view, results.filter((r) => r.applies && states.includes(r.state)));
  return { enforced: outcome(["enabled"]), ifReportOnlyEnabled: outcome(["enabled", "reportOnly"]), policies: results };
}

interface CompiledPolicy {
  evaluate(u: Principal, s: SignIn): PolicyResult;
}

const cache = new WeakMap<EnvironmentView, CompiledPolicy[]>();

/** Policies with everything that does not depend on the sign-in worked out once per environment. */
function compiled(view: EnvironmentView): CompiledPolicy[] {
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
  const trusted = new Set(view.catalog.namedLocations.filter((l) => l.spec.ip?.trusted).map((l) => l.id));
  const requires = spec.grant.block ? "block" : [...spec.grant.controls, ...(spec.grant.authenticationStrength ? [`strength:${spec.grant.authenticationStrength}`] : [])].join(` ${spec.grant.operator} `);
  const applies: PolicyResult = { policy: policy.id, state, applies: true, reason: `applies: ${requires}${spec.session ? " (+ session controls)" : ""}`, grant: spec.grant };
  const no = (reason: string): PolicyResult => ({ policy: policy.id, state, applies: false, reason });
  // Whether the user is in scope depends only on the principal: remembered per principal.
  const userScope = new WeakMap<Principal, PolicyResult | null>();
  const scope = (u: Principal): PolicyResult | null => {
    const cached = userScope.get(u);
    if (cached !== undefined) return cached;
    const guestMatches = (types: readonly string[]) => u.userType === "guest" && types.includes(u.guestType);
    const hasRole = (ids: Set<string>) => [...ids].some((r) => u.roles.has(r));
    let result: PolicyResult | null = null;
    if (u.breakGlass && spec.excludeBreakGlass) result = no("excludes the break-glass accounts");
    else if (users.exclude.groups.some((g) => u.groups.has(g))) result = no("excludes one of the user's groups");
    else if (hasRole(excludedRoles)) result = no("excludes one of the user's roles");
    else if (u.user !== undefined && excludedUsers.has(u.user)) result = no("excludes the user");
    else if (guestMatches(users.exclude.guestsOrExternalUsers)) result = no("excludes this kind of guest");
    else if (!(users.include.all || users.include.groups.some((g) => u.groups.has(g)) || hasRole(includedRoles) || (u.user !== undefined && includedUsers.has(u.user)) || guestMatches(users.include.guestsOrExternalUsers))) result = no("does not include the user");
    userScope.set(u, result);
    return result;
  };
  return {
    evaluate(u, s) {
      if (state === "disabled") return no("disabled");
      const outOfScope = scope(u);
      if (outOfScope) return outOfScope;
      const apps = spec.applications;
      if ("userActions" in apps) {
        if (!s.app.startsWith("action:") || !apps.userActions.includes(s.app.slice(7) as never)) return no("targets a user action, not this sign-in");
      } else {
        if (s.app.startsWith("action:")) return no("targets applications, not user actions");
        if (apps.exclude.includes(s.app)) return no("excludes the application");
        if (!apps.include.includes("All") && !apps.include.includes(s.app)) return no("does not target the application");
      }
      if (spec.clientAppTypes?.length && !spec.clientAppTypes.includes(s.client)) return no(`does not target ${s.client} clients`);
      if (spec.platforms) {
        const p = s.platform;
        if (spec.platforms.exclude.includes(p as never)) return no(`excludes platform ${p}`);
        if (!spec.platforms.include.includes("all") && !spec.platforms.include.includes(p as never)) return no(`does not target platform ${p}`);
      }
      if (spec.locations) {
        const isTrusted = s.location !== undefined && trusted.has(s.location);
        const at = (list: readonly string[]) => list.includes("All") || (list.includes("AllTrusted") && isTrusted) || (s.location !== undefined && list.includes(s.location));
        if (at(spec.locations.exclude)) return no("excludes the location");
        if (!at(spec.locations.include)) return no("does not target the location");
      }
      if (spec.signInRiskLevels?.length && !spec.signInRiskLevels.includes(s.signInRisk)) return no(`does not target sign-in risk ${s.signInRisk}`);
      if (spec.userRiskLevels?.length && !spec.userRiskLevels.includes(s.userRisk)) return no(`does not target user risk ${s.userRisk}`);
      if (spec.authenticationFlows?.length && (!s.authenticationFlow || !spec.authenticationFlows.includes(s.authenticationFlow))) return no("targets an authentication flow this sign-in does not use");
      return applies;
    },
  };
}

/** Single-factor methods: a custom strength that allows one of them alone does not guarantee MFA. */
const SINGLE_FACTOR = new Set(["password", "sms", "voice", "federatedSingleFactor", "x509CertificateSingleFactor", "temporaryAccessPassOneTime", "temporaryAccessPassMultiUse", "email"]);

function isMfaStrength(view: EnvironmentView, id: string): boolean {
  if (MFA_STRENGTHS.has(id)) return true;
  const custom = view.catalog.authenticationStrengths.find((x) => x.id === id);
  return custom !== undefined && custom.spec.allowedCombinations.every((c) => !SINGLE_FACTOR.has(c));
}

function combine(view: EnvironmentView, applying: readonly PolicyResult[]): Outcome {
  const blocked = applying.some((r) => r.grant?.block);
  const requirements = applying
    .filter((r) => r.grant && !r.grant.block)
    .map((r) => ({ policy: r.policy, operator: r.grant!.operator, controls: [...r.grant!.controls, ...(r.grant!.authenticationStrength ? [`strength:${r.grant!.authenticationStrength}`] : [])] }));
  // MFA is certain only when a policy requires it whatever alternative is chosen (AND, or every OR option is MFA).
  const mfa = requirements.some((q) => {
    const isMfa = (c: string) => c === "mfa" || (c.startsWith("strength:") && isMfaStrength(view, c.slice(9)));
    return q.operator === "AND" || q.controls.length === 1 ? q.controls.some(isMfa) : q.controls.every(isMfa);
  });
  return { blocked, requirements, mfa, session: applying.filter((r) => r.reason.includes("session")).map((r) => r.policy) };
}

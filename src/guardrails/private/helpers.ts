import { findDirectoryRole, HIGHLY_PRIVILEGED_ROLE_NAMES_LOWER } from "../../model/directory-roles";
import type { ConditionalAccessPolicy, Entry } from "../../model/model";
import type { RuleContext, Violation } from "../types";

/** A violation located at the entry itself (or a value inside it). */
export function at(entry: Entry<{ id: string }>, section: string, message: string, path: readonly (string | number)[] = []): Violation {
  return { at: path.length ? entry.source.locate(path) : entry.source, entry: { section, id: entry.id }, message };
}

/** A violation about the environment as a whole (a missing baseline policy), located at the environment. */
export function atEnvironment(ctx: RuleContext, message: string): Violation {
  return { at: ctx.view.environment.source, entry: { section: "environments", id: ctx.view.environment.id }, message };
}

export const state = (ctx: RuleContext, p: ConditionalAccessPolicy) => ctx.view.caState(p);
export const enabled = (ctx: RuleContext) => ctx.catalog.conditionalAccessPolicies.filter((p) => state(ctx, p) === "enabled");

const targetsAllApps = (p: ConditionalAccessPolicy) =>
  "include" in p.spec.applications && p.spec.applications.include.includes("All") && p.spec.applications.exclude.length === 0;
const noExclusions = (p: ConditionalAccessPolicy) => {
  const x = p.spec.users.exclude;
  return x.groups.length + x.users.length + x.roles.length + x.guestsOrExternalUsers.length === 0;
};

/**
 * ScubaGear's counting rule: a policy counts towards a baseline control only when it is enabled, includes all
 * users and all applications, and excludes nobody but the declared emergency-access accounts (which idac adds) —
 * and, in idac, selects no subset of devices, insider risk or workload identities the baseline checks do not read.
 */
function counts(ctx: RuleContext, p: ConditionalAccessPolicy): boolean {
  return state(ctx, p) === "enabled" && p.spec.users.include.all && targetsAllApps(p) && noExclusions(p) && selectsNoSubset(p);
}

/** No device filter, insider risk, workload identities or service principal risk narrows who or what the policy covers. */
export function selectsNoSubset(p: ConditionalAccessPolicy): boolean {
  const s = p.spec;
  return !s.deviceFilter && !s.insiderRiskLevels?.length && !s.clientApplications && !s.servicePrincipalRiskLevels?.length;
}

/** What selects a subset of who or what a policy covers, in words (empty when nothing does). */
function narrowing(p: ConditionalAccessPolicy): string[] {
  const s = p.spec;
  return [
    ...(s.deviceFilter ? [`devices ${s.deviceFilter.mode === "include" ? "matching" : "not matching"} its device filter`] : []),
    ...(s.insiderRiskLevels?.length ? [`insider risk ${s.insiderRiskLevels.join(", ")}`] : []),
    ...(s.clientApplications ? ["the workload identities it names"] : []),
    ...(s.servicePrincipalRiskLevels?.length ? [`service principal risk ${s.servicePrincipalRiskLevels.join(", ")}`] : []),
  ];
}

/** Client app types that together are every client (easSupported is part of exchangeActiveSync). */
const EVERY_CLIENT = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"] as const;

/** No condition narrows the policy (client apps, platforms, locations, devices, risk, flows, workload identities). */
export function unconditional(p: ConditionalAccessPolicy): boolean {
  const s = p.spec;
  const clients = !s.clientAppTypes || s.clientAppTypes.length === 0 || EVERY_CLIENT.every((c) => s.clientAppTypes!.includes(c));
  return (
    clients &&
    !s.platforms &&
    !s.locations &&
    !s.deviceFilter &&
    !s.clientApplications &&
    !s.signInRiskLevels?.length &&
    !s.userRiskLevels?.length &&
    !s.servicePrincipalRiskLevels?.length &&
    !s.insiderRiskLevels?.length &&
    !s.authenticationFlows?.length
  );
}

export const blocks = (p: ConditionalAccessPolicy) => p.spec.grant?.block === true;
/** Requires MFA: the mfa control or any authentication strength (each includes MFA). */
export const requiresMfa = (p: ConditionalAccessPolicy) =>
  p.spec.grant?.controls.includes("mfa") === true || p.spec.grant?.authenticationStrength !== undefined;

const PHISHING_RESISTANT_METHODS = new Set(["fido2", "windowsHelloForBusiness", "x509CertificateMultiFactor"]);
/** Requires the built-in phishing-resistant strength, or a custom one made only of phishing-resistant methods. */
export function requiresPhishingResistant(ctx: RuleContext, p: ConditionalAccessPolicy): boolean {
  const s = p.spec.grant?.authenticationStrength;
  if (!s) return false;
  if (s === "phishingResistantMfa") return true;
  const custom = ctx.catalog.authenticationStrengths.find((x) => x.id === s);
  return custom !== undefined && custom.spec.allowedCombinations.every((c) => PHISHING_RESISTANT_METHODS.has(c));
}

export const requiresManagedDevice = (p: ConditionalAccessPolicy) => {
  const g = p.spec.grant;
  return (
    !!g &&
    !g.block &&
    (g.controls.includes("compliantDevice") || g.controls.includes("domainJoinedDevice")) &&
    (g.operator === "OR" || g.controls.length === 1 || g.controls.every((c) => c === "compliantDevice" || c === "domainJoinedDevice"))
  );
};

/** Template IDs of the roles a policy includes. */
function includedRoleIds(p: ConditionalAccessPolicy): Set<string> {
  return new Set(p.spec.users.include.roles.map((r) => findDirectoryRole(r).role!.templateId));
}

/** Directory roles that must be protected as privileged: ScubaGear's list plus every role the catalog grants through PIM. */
function privilegedRoleIds(ctx: RuleContext): Set<string> {
  const ids = new Set(HIGHLY_PRIVILEGED_ROLE_NAMES_LOWER.map((n) => findDirectoryRole(n).role!.templateId));
  for (const p of ctx.catalog.privilegedRoles) ids.add(p.directoryRoleTemplateId);
  return ids;
}

/**
 * Whether a policy applies to every privileged role: each privileged role included, or all users with no privileged
 * role excluded (excluding the Directory Synchronization Accounts role, as MT.1020 asks, leaves every admin in).
 */
export function coversPrivilegedRoles(ctx: RuleContext, p: ConditionalAccessPolicy): boolean {
  const privileged = privilegedRoleIds(ctx);
  if (p.spec.users.include.all) return !p.spec.users.exclude.roles.some((r) => privileged.has(findDirectoryRole(r).role!.templateId));
  const included = includedRoleIds(p);
  return [...privileged].every((id) => included.has(id));
}

/** Days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";

/** What a baseline rule looks for, to say which policy nearly counts and why it does not. */
export interface BaselineCheck {
  /** What a counting policy does, as a verb phrase: "blocks legacy authentication". */
  readonly does: string;
  /** The control that decides what counts: "MS.AAD.1.1". */
  readonly control: string;
  /** The policy does what the control asks for (ignoring who and what it targets). */
  readonly matches: (p: ConditionalAccessPolicy) => boolean;
  /** The control also needs the policy to be unconditional (no client, platform, location, risk or flow narrowing). */
  readonly unconditional?: boolean;
  /** The message when no policy does it at all. */
  readonly missing: string;
}

/**
 * A baseline rule's result: compliant when a policy does what the control asks and counts (see {@link counts});
 * otherwise one finding. A policy for all users and all applications that does what the control asks but does not
 * count (it excludes someone, excludes applications, is report-only, or has conditions) is a near miss: the finding
 * is at it and names why. Without a near miss, the finding is at the environment: the policy is missing.
 */
export function baseline(ctx: RuleContext, check: BaselineCheck): Violation[] {
  const all = ctx.catalog.conditionalAccessPolicies.filter((p) => check.matches(p) && state(ctx, p) !== "disabled");
  if (all.some((p) => counts(ctx, p) && (!check.unconditional || unconditional(p)))) return [];
  // A policy narrowed by conditions (MFA on medium sign-in risk) is another policy, not a near miss of an unconditional one.
  const near = all.filter(
    (p) =>
      p.spec.users.include.all && "include" in p.spec.applications && p.spec.applications.include.includes("All") && (!check.unconditional || unconditional(p)),
  );
  if (!near.length) return [atEnvironment(ctx, check.missing)];
  const reasons = near.map((p) => ({ p, why: whyNotCounted(ctx, p) })).sort((a, b) => a.why.rank - b.why.rank || (a.p.id < b.p.id ? -1 : 1));
  const [first, ...others] = reasons;
  const also = others.length ? ` Also ${others.map((o) => `${o.p.id} ${o.why.text}`).join("; ")}.` : "";
  return [
    at(first!.p, "conditionalAccessPolicies", `${first!.p.id} ${check.does} but ${first!.why.text}: ${check.control} counts only ${first!.why.counts}.${also}`),
  ];
}

/** Why a policy for all users and all applications does not count, the nearest miss first (an exclusion). */
function whyNotCounted(ctx: RuleContext, p: ConditionalAccessPolicy): { rank: number; text: string; counts: string } {
  const x = p.spec.users.exclude;
  const excluded = [
    ...x.groups.map((g) => `group ${g}`),
    ...x.roles.map((r) => `role ${r}`),
    ...x.users.map((u) => `user ${u}`),
    ...x.guestsOrExternalUsers.map((k) => `external users of kind ${k}`),
  ];
  if (excluded.length) return { rank: 0, text: `excludes ${excluded.join(", ")}`, counts: "policies that exclude nobody but the break-glass accounts" };
  const apps = "include" in p.spec.applications ? p.spec.applications.exclude : [];
  if (apps.length) return { rank: 1, text: `excludes application(s) ${apps.join(", ")}`, counts: "policies for all applications with no exclusion" };
  const subset = narrowing(p);
  if (subset.length)
    return {
      rank: 2,
      text: `applies only to ${subset.join(" and ")}`,
      counts: "policies that select no subset of devices, insider risk or workload identities",
    };
  if (state(ctx, p) === "reportOnly") return { rank: 3, text: `is report-only in environment '${ctx.view.environment.id}'`, counts: "enabled policies" };
  return { rank: 4, text: "is not enabled", counts: "enabled policies" };
}

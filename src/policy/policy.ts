import type { SourceLocation } from "../errors/issue";
import type { Catalog, Entry, Persona, SodRule } from "../model/model";

/** What a finding does to the run: error fails validate (exit 1), warning and info are reported. */
export type Level = "error" | "warning" | "info";

export interface LevelSetting {
  readonly rule: string;
  readonly level: Level;
  readonly environments?: readonly string[] | undefined;
  readonly at: SourceLocation;
}

/** A suppression, central (under `guardrails:`) or on an entry (`suppress:`), with what it is bound to. */
export interface SuppressionSetting {
  readonly rule: string;
  readonly reason: string;
  readonly expires: string;
  readonly ticket?: string | undefined;
  /** Only findings on this catalog entry. */
  readonly entry?: string | undefined;
  /** Only findings in this catalog section (set for suppressions declared on an entry). */
  readonly section?: string | undefined;
  readonly at: SourceLocation;
}

export interface PlanGateLimits {
  readonly maxDeletes: number;
  readonly maxChanges: number;
  readonly maxMembershipRemovals: number;
}

export interface BreakGlassSetting {
  /** Account object IDs, lower case, sorted. */
  readonly accounts: readonly string[];
  /** The break-glass group's object ID, lower case. */
  readonly group?: string;
  readonly at: SourceLocation;
}

/**
 * Everything in a catalog that decides whether a change passes review: guardrail levels and suppressions, how long
 * a suppression may last, the plan gate's limits, the break-glass objects of each environment, the SoD rules and the
 * personas the coverage rules evaluate. A pull request can change all of it, so with a protected base the policy
 * that applies is the base's, and a change of it is a policy change that needs its own intent (docs/security.md).
 */
export interface GuardrailPolicy {
  readonly levels: readonly LevelSetting[];
  readonly suppressions: readonly SuppressionSetting[];
  readonly suppressionMaxDays: number;
  readonly planGate: PlanGateLimits;
  /** Per environment ID. */
  readonly breakGlass: ReadonlyMap<string, BreakGlassSetting>;
  /** The verified domains each environment declares (people outside them are findings), lower case. */
  readonly domains: ReadonlyMap<string, { readonly names: readonly string[]; readonly at: SourceLocation }>;
  readonly sodRules: readonly SodRule[];
  readonly personas: readonly Persona[];
  /** Where the central configuration is declared (policies/guardrails.yaml), when it is. */
  readonly at?: SourceLocation;
}

/** Catalog sections whose entries can carry `suppress:`. */
export const SUPPRESSIBLE_SECTIONS = [
  "administrativeUnits",
  "groups",
  "accessPackageCatalogs",
  "businessRoles",
  "privilegedRoles",
  "namedLocations",
  "authenticationStrengths",
  "conditionalAccessPolicies",
] as const;

type Suppressible = Entry<{ id: string; suppress?: readonly { rule: string; reason: string; expires: string; ticket?: string | undefined }[] | undefined }>;

/** The policy a catalog declares. */
export function policyOf(catalog: Catalog): GuardrailPolicy {
  const suppressions: SuppressionSetting[] = [...catalog.guardrails.suppressions];
  for (const section of SUPPRESSIBLE_SECTIONS) {
    for (const entry of catalog[section] as readonly Suppressible[]) {
      (entry.spec.suppress ?? []).forEach((s, i) => suppressions.push({ ...s, entry: entry.id, section, at: entry.source.locate(["suppress", i]) }));
    }
  }
  const breakGlass = new Map<string, BreakGlassSetting>();
  const domains = new Map<string, { names: string[]; at: SourceLocation }>();
  for (const env of catalog.environments) {
    if (env.spec.domains) domains.set(env.id, { names: env.spec.domains.map((d) => d.toLowerCase()).sort(), at: env.source.locate(["domains"]) });
    const bg = env.spec.breakGlass;
    breakGlass.set(env.id, {
      accounts: bg.accounts.map((a) => a.toLowerCase()).sort(),
      ...(bg.group ? { group: bg.group.toLowerCase() } : {}),
      at: env.source.locate(["breakGlass"]),
    });
  }
  return {
    levels: catalog.guardrails.levels,
    suppressions,
    suppressionMaxDays: catalog.guardrails.suppressionMaxDays,
    planGate: catalog.guardrails.planGate,
    breakGlass,
    domains,
    sodRules: catalog.sodRules,
    personas: catalog.personas,
    ...(catalog.guardrails.at ? { at: catalog.guardrails.at } : {}),
  };
}

/** The level a rule has in an environment under a policy: the pack's, unless a level setting says otherwise (the last wins). */
export function levelIn(policy: GuardrailPolicy, rule: { id: string; level: Level }, environment: string): Level {
  let level = rule.level;
  for (const l of policy.levels) if (l.rule === rule.id && (!l.environments || l.environments.includes(environment))) level = l.level;
  return level;
}

/**
 * The catalog as a policy sees it: the policy's break-glass objects, SoD rules and personas in place of the
 * catalog's own. SoD rules and personas that name entries the catalog no longer has are left out (the change that
 * removed them is a policy change, reported on its own).
 */
export function underPolicy(catalog: Catalog, policy: GuardrailPolicy): Catalog {
  const ids = new Map<string, Set<string>>();
  const has = (section: "businessRoles" | "groups" | "privilegedRoles" | "applications", id: string) => {
    let known = ids.get(section);
    if (!known) ids.set(section, (known = new Set(catalog[section].map((e) => e.id))));
    return known.has(id);
  };
  const entitlementExists = (ref: string) => {
    const [kind, id] = [ref.slice(0, ref.indexOf(":")), ref.slice(ref.indexOf(":") + 1)];
    if (kind === "role") return has("businessRoles", id);
    if (kind === "group") return has("groups", id);
    if (kind === "privilegedRole") return has("privilegedRoles", id);
    const [app, role] = id.split("/");
    return catalog.applications.some((a) => a.id === app && a.spec.appRoles.some((r) => r.id === role));
  };
  const environments = catalog.environments.map((env) => {
    const bg = policy.breakGlass.get(env.id);
    const domains = policy.domains.get(env.id);
    const spec = {
      ...env.spec,
      ...(bg ? { breakGlass: { accounts: [...bg.accounts], ...(bg.group ? { group: bg.group } : {}) } } : {}),
      domains: domains ? [...domains.names] : undefined,
    };
    return { ...env, spec };
  });
  return {
    ...catalog,
    environments,
    sodRules: policy.sodRules.filter((r) => r.spec.conflictingSets.every((s) => s.entitlements.every(entitlementExists))),
    personas: policy.personas.filter((p) => p.spec.groups.every((g) => has("groups", g)) && p.spec.requestedRoles.every((r) => has("businessRoles", r))),
  };
}

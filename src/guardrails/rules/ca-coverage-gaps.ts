import { coverageMatrix, type Coverage, type Gap } from "../../analysis/conditional-access/coverage";
import type { EnvironmentView } from "../../model/environment";
import { at, atEnvironment } from "../private/helpers";
import type { RuleContext, Violation } from "../types";

const cache = new WeakMap<EnvironmentView["catalog"], Map<string, Coverage>>();
/** The coverage matrix of an environment, computed once for all the rules that read it. */
function coverageOf(ctx: RuleContext): Coverage {
  let byEnv = cache.get(ctx.catalog);
  if (!byEnv) cache.set(ctx.catalog, (byEnv = new Map()));
  let c = byEnv.get(ctx.view.environment.id);
  if (!c) byEnv.set(ctx.view.environment.id, (c = coverageMatrix(ctx.view)));
  return c;
}

/**
 * One finding per root cause: at the policy that would close the gap (it excludes someone, or is disabled or
 * report-only), at the declared persona when the gap concerns only that persona and no policy, and otherwise at the
 * environment (a baseline policy is missing).
 */
function gaps(ctx: RuleContext, kind: Gap["kind"]): Violation[] {
  return coverageOf(ctx)
    .gaps.filter((g) => g.kind === kind)
    .map((g) => {
      const message = `${g.message} (environment '${ctx.view.environment.id}')`;
      const policy = g.policy !== undefined ? ctx.catalog.conditionalAccessPolicies.find((p) => p.id === g.policy) : undefined;
      if (policy) return at(policy, "conditionalAccessPolicies", message);
      const declared = g.personas.length === 1 ? ctx.catalog.personas.find((p) => p.id === g.personas[0]) : undefined;
      return declared ? at(declared, "personas", message) : atEnvironment(ctx, message);
    });
}

/** Every persona needs MFA or is blocked for every application, client and platform. */
export const caCoversEveryPersona = (ctx: RuleContext) => gaps(ctx, "no-mfa-or-block");
/** Legacy clients are blocked for every persona. */
export const caBlocksLegacyForEveryPersona = (ctx: RuleContext) => gaps(ctx, "legacy-not-blocked");
/** The break-glass account is never blocked and never asked for anything it cannot provide. */
export const caNeverBlocksBreakGlass = (ctx: RuleContext) => gaps(ctx, "break-glass-blocked");
/** No persona is locked out of everything. */
export const caLocksNobodyOut = (ctx: RuleContext) => gaps(ctx, "locked-out");

import type { RuleContext, Violation } from "../types";
import { atEnvironment, counts, requiresPhishingResistant, unconditional } from "../private/helpers";

/** Every user signs in with phishing-resistant MFA. MS.AAD.3.1 */
export function caRequiresPhishingResistantMfaForAll(ctx: RuleContext): Violation[] {
  const ok = ctx.catalog.conditionalAccessPolicies.some((p) => counts(ctx, p) && unconditional(p) && requiresPhishingResistant(ctx, p));
  return ok ? [] : [atEnvironment(ctx, `No enabled policy requires a phishing-resistant authentication strength of all users for all apps in environment '${ctx.view.environment.id}'.`)];
}

import type { RuleContext, Violation } from "../types";
import { baseline, requiresPhishingResistant } from "../private/helpers";

/** Every user signs in with phishing-resistant MFA. MS.AAD.3.1 */
export function caRequiresPhishingResistantMfaForAll(ctx: RuleContext): Violation[] {
  return baseline(ctx, {
    does: "requires a phishing-resistant authentication strength",
    control: "MS.AAD.3.1",
    matches: (p) => requiresPhishingResistant(ctx, p),
    unconditional: true,
    missing: `No enabled policy requires a phishing-resistant authentication strength of all users for all apps in environment '${ctx.view.environment.id}'.`,
  });
}

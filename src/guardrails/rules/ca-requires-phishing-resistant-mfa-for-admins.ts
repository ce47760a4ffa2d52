import type { RuleContext, Violation } from "../types";
import { atEnvironment, coversPrivilegedRoles, requiresPhishingResistant, state } from "../private/helpers";

/** Highly privileged roles sign in with phishing-resistant MFA. MS.AAD.3.6 */
export function caRequiresPhishingResistantMfaForAdmins(ctx: RuleContext): Violation[] {
  const ok = ctx.catalog.conditionalAccessPolicies.some(
    (p) =>
      state(ctx, p) === "enabled" &&
      coversPrivilegedRoles(ctx, p) &&
      requiresPhishingResistant(ctx, p) &&
      "include" in p.spec.applications &&
      p.spec.applications.include.includes("All"),
  );
  return ok
    ? []
    : [
        atEnvironment(
          ctx,
          `No enabled policy requires phishing-resistant MFA of every highly privileged ` +
            `role (ScubaGear's list and the catalog's privileged roles) for all apps in environment '` +
            `${ctx.view.environment.id}'.`,
        ),
      ];
}

import type { RuleContext, Violation } from "../types";
import { atEnvironment, requiresManagedDevice, selectsNoSubset, state } from "../private/helpers";

/** Registering security information needs a managed device or a trusted location. MS.AAD.3.8, MT.1011 */
export function caProtectsSecurityInfoRegistration(ctx: RuleContext): Violation[] {
  const ok = ctx.catalog.conditionalAccessPolicies.some((p) => {
    if (state(ctx, p) !== "enabled" || !p.spec.users.include.all || !selectsNoSubset(p)) return false;
    const apps = p.spec.applications;
    if (!("userActions" in apps) || !apps.userActions.includes("registerSecurityInfo")) return false;
    const outsideTrusted = p.spec.locations?.exclude.includes("AllTrusted") === true;
    const g = p.spec.grant;
    return requiresManagedDevice(p) || g?.block === true || (outsideTrusted && !!g && g.controls.length + (g.authenticationStrength ? 1 : 0) > 0);
  });
  return ok
    ? []
    : [
        atEnvironment(
          ctx,
          `No enabled policy restricts security information registration to managed devices or trusted locations in environment '${ctx.view.environment.id}'.`,
        ),
      ];
}

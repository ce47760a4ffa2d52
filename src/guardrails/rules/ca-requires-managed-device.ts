import type { RuleContext, Violation } from "../types";
import { atEnvironment, counts, requiresManagedDevice } from "../private/helpers";

/** Every user signs in from a managed device (compliant or hybrid joined). MS.AAD.3.7, MT.1001 */
export function caRequiresManagedDevice(ctx: RuleContext): Violation[] {
  const ok = ctx.catalog.conditionalAccessPolicies.some((p) => counts(ctx, p) && requiresManagedDevice(p));
  return ok ? [] : [atEnvironment(ctx, `No enabled policy for all users and all apps requires a compliant or hybrid-joined device in environment '${ctx.view.environment.id}'.`)];
}

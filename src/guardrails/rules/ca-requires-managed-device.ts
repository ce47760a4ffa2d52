import type { ConditionalAccessPolicy } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { baseline, requiresManagedDevice } from "../private/helpers";

/** Every user signs in from a managed device (compliant or hybrid joined). MS.AAD.3.7, MT.1001 */
export function caRequiresManagedDevice(ctx: RuleContext): Violation[] {
  return baseline(ctx, {
    does: "requires a compliant or hybrid-joined device",
    control: "MS.AAD.3.7",
    matches: (p: ConditionalAccessPolicy) => requiresManagedDevice(p),
    missing: `No enabled policy for all users and all apps requires a compliant or hybrid-joined device in environment '${ctx.view.environment.id}'.`,
  });
}

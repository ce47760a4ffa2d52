import type { RuleContext, Violation } from "../types";
import { atEnvironment } from "../private/helpers";
import { globalAdministrators } from "./priv-global-admin-count";

/** Fewer than five Global Administrators, counting break-glass accounts (Microsoft recommends fewer than five). MT.1032 */
export function privFewGlobalAdmins(ctx: RuleContext): Violation[] {
  const n = globalAdministrators(ctx).size;
  return n <= 4
    ? []
    : [
        atEnvironment(
          ctx,
          `Environment '${ctx.view.environment.id}' has ${n} Global Administrators (break-glass accounts included); Microsoft recommends fewer than five.`,
        ),
      ];
}

import type { RuleContext, Violation } from "../types";
import { atEnvironment, blocks, enabled } from "../private/helpers";

/** Device platforms the organisation does not support are blocked. MT.1015 */
export function caBlocksUnknownPlatforms(ctx: RuleContext): Violation[] {
  const ok = enabled(ctx).some(
    (p) => p.spec.users.include.all && blocks(p) && p.spec.platforms?.include.includes("all") && p.spec.platforms.exclude.length > 0,
  );
  return ok
    ? []
    : [
        atEnvironment(
          ctx,
          `No enabled policy blocks unknown or unsupported device platforms (include all, ` +
            `exclude the supported ones) in environment '${ctx.view.environment.id}'.`,
        ),
      ];
}

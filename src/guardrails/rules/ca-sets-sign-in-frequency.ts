import { isEveryTime } from "../../schema/catalog";
import type { RuleContext, Violation } from "../types";
import { atEnvironment, enabled } from "../private/helpers";

/** A sign-in frequency limits how long a session on an unmanaged device lasts. MT.1018 */
export function caSetsSignInFrequency(ctx: RuleContext): Violation[] {
  const ok = enabled(ctx).some((p) => p.spec.session?.signInFrequency !== undefined && !isEveryTime(p.spec.session.signInFrequency));
  return ok ? [] : [atEnvironment(ctx, `No enabled policy sets a sign-in frequency in environment '${ctx.view.environment.id}'.`)];
}

import type { RuleContext, Violation } from "../types";
import { atEnvironment, enabled } from "../private/helpers";

/** Browser sessions are not persistent where devices are not managed. MT.1017 */
export function caLimitsBrowserPersistence(ctx: RuleContext): Violation[] {
  const ok = enabled(ctx).some((p) => p.spec.session?.persistentBrowser === "never");
  return ok ? [] : [atEnvironment(ctx, `No enabled policy sets persistent browser sessions to never in environment '${ctx.view.environment.id}'.`)];
}

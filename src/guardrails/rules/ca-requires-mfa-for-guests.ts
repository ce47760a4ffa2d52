import type { RuleContext, Violation } from "../types";
import { atEnvironment, enabled, requiresMfa, unconditional } from "../private/helpers";

/** Guests and external users need MFA. MT.1016 */
export function caRequiresMfaForGuests(ctx: RuleContext): Violation[] {
  const ok = enabled(ctx).some(
    (p) =>
      (p.spec.users.include.all || p.spec.users.include.guestsOrExternalUsers.includes("b2bCollaborationGuest")) &&
      p.spec.users.exclude.guestsOrExternalUsers.length === 0 &&
      unconditional(p) &&
      requiresMfa(p) &&
      "include" in p.spec.applications &&
      p.spec.applications.include.includes("All"),
  );
  return ok ? [] : [atEnvironment(ctx, `No enabled policy requires MFA of guests for all apps in environment '${ctx.view.environment.id}'.`)];
}

import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** The longest a temporary access pass should work: a working day. */
export const TAP_MAX_MINUTES = 480;

/**
 * A temporary access pass is a password that satisfies MFA: it works once and for hours, not days, both in the
 * policy and in joiner workflows that issue one.
 */
export function authTapOneTimeShort(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const p of ctx.catalog.authenticationMethodsPolicies) {
    const t = p.spec.temporaryAccessPass;
    if (!t || t.state !== "enabled") continue;
    if (!t.oneTimeUse)
      out.push(at(p, "authenticationMethodsPolicies", "Temporary access passes can be used more than once.", ["temporaryAccessPass", "oneTimeUse"]));
    if (t.maximumLifetimeMinutes > TAP_MAX_MINUTES)
      out.push(
        at(p, "authenticationMethodsPolicies", `Temporary access passes may last ${t.maximumLifetimeMinutes} minutes; at most ${TAP_MAX_MINUTES}.`, [
          "temporaryAccessPass",
          "maximumLifetimeMinutes",
        ]),
      );
  }
  for (const w of ctx.catalog.lifecycleWorkflows) {
    w.spec.tasks.forEach((task, i) => {
      if (task.task !== "generateTemporaryAccessPass") return;
      if (task.tapOneTimeUse !== true)
        out.push(at(w, "lifecycleWorkflows", `Workflow '${w.id}' issues temporary access passes that can be used more than once.`, ["tasks", i, "task"]));
      if ((task.tapLifetimeMinutes ?? 0) > TAP_MAX_MINUTES)
        out.push(
          at(
            w,
            "lifecycleWorkflows",
            `Workflow '${w.id}' issues temporary access passes that last ${task.tapLifetimeMinutes} minutes; at most ${TAP_MAX_MINUTES}.`,
            ["tasks", i, "tapLifetimeMinutes"],
          ),
        );
    });
  }
  return out;
}

import type { LifecycleWorkflow } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { at, atEnvironment } from "../private/helpers";

const disablesOnTheDay = (w: LifecycleWorkflow) =>
  w.spec.enabled &&
  w.spec.scheduled &&
  w.spec.category === "leaver" &&
  (w.spec.trigger.daysAfterLeave === 0 || w.spec.trigger.daysBeforeLeave !== undefined) &&
  w.spec.tasks.some((t) => t.task === "disableUserAccount" && t.enabled);

/**
 * When the catalog automates joiners, movers and leavers, a leaver workflow disables sign-in on the leave date (or
 * before it), running on schedule: a leaver's account that keeps working after the last day is the classic orphan.
 */
export function jmlLeaverDisablesSignIn(ctx: RuleContext): Violation[] {
  const workflows = ctx.catalog.lifecycleWorkflows;
  if (workflows.length === 0 || workflows.some(disablesOnTheDay)) return [];
  const leavers = workflows.filter((w) => w.spec.category === "leaver");
  if (leavers.length === 0)
    return [atEnvironment(ctx, `Lifecycle workflows automate ${workflows.map((w) => `'${w.id}'`).join(", ")}, but no leaver workflow disables sign-in.`)];
  return leavers.map((w) => {
    const why = !w.spec.enabled
      ? "is disabled"
      : !w.spec.scheduled
        ? "runs only on demand"
        : !w.spec.tasks.some((t) => t.task === "disableUserAccount" && t.enabled)
          ? "does not disable the account"
          : `runs ${w.spec.trigger.daysAfterLeave} days after the leave date`;
    return at(w, "lifecycleWorkflows", `Leaver workflow '${w.id}' ${why}; no workflow disables sign-in on the leave date.`);
  });
}

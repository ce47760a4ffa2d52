import { caStateOverride } from "../../model/environment";
import type { RuleContext, Violation } from "../types";
import { at, state } from "../private/helpers";

/** A new policy is created report-only (or disabled) and enabled only after it ran in report-only. */
export function caNewPoliciesStartReportOnly(ctx: RuleContext): Violation[] {
  if (!ctx.base) return [];
  const before = new Map(ctx.base.conditionalAccessPolicies.map((p) => [p.id, p]));
  const baseEnv = ctx.base.environments.find((e) => e.id === ctx.view.environment.id);
  const baseState = (id: string) => {
    const p = before.get(id);
    if (!p) return undefined;
    return (baseEnv && caStateOverride(baseEnv.spec, id)) ?? p.spec.state;
  };
  return ctx.catalog.conditionalAccessPolicies.flatMap((p) => {
    if (state(ctx, p) !== "enabled") return [];
    const prior = baseState(p.id) ?? (p.spec.previousIds ?? []).map(baseState).find((s) => s !== undefined);
    if (prior === "enabled" || prior === "reportOnly") return [];
    const what = prior === undefined ? "is new and enabled" : `goes from ${prior} to enabled`;
    return [
      at(p, "conditionalAccessPolicies", `Policy '${p.id}' ${what} in environment '${ctx.view.environment.id}' without having run in report-only first.`, [
        "state",
      ]),
    ];
  });
}

import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** A stage approved by the requestor's manager has a backup approver (requestors without a manager exist). MT.1109 */
export function govManagerApprovalHasBackup(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const r of ctx.catalog.businessRoles) {
    const a = r.spec.assignment;
    if (a?.type !== "request" || !("stages" in a.approval)) continue;
    a.approval.stages.forEach((s, si) => {
      if (s.approvers.every((x) => x === "manager" || x === "sponsors") && s.backupApprovers.length === 0)
        out.push(
          at(
            r,
            "businessRoles",
            `Stage ${si + 1} of '${r.id}' is approved only by the requestor's manager or ` +
              `sponsors and has no backup approver: requests of people without one can never be approved.`,
            ["assignment", "approval", "stages", si],
          ),
        );
    });
  }
  return out;
}

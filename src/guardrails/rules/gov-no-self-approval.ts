import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Requestors can never approve their own request: no approver group is also a requestor group. */
export function govNoSelfApproval(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const r of ctx.catalog.businessRoles) {
    const a = r.spec.assignment;
    if (a?.type !== "request" || !("stages" in a.approval)) continue;
    const requestorGroups = new Set(a.requestors.scope === "groups" ? a.requestors.groups : []);
    a.approval.stages.forEach((s, si) =>
      s.approvers.forEach((ap, i) => {
        if (ap.startsWith("group:") && requestorGroups.has(ap.slice(6)))
          out.push(
            at(
              r,
              "businessRoles",
              `In '${r.id}', group '${ap.slice(6)}' may both request and approve: members could approve each other's requests or their own.`,
              ["assignment", "approval", "stages", si, "approvers", i],
            ),
          );
      }),
    );
  }
  return out;
}

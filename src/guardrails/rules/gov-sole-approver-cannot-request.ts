import type { BusinessRole } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";
import { groupIndex } from "../private/indexes";
import { canRequest, knownMembers, requestOf, type CanRequest } from "../private/requestors";

/**
 * No approval stage is decided by one person alone who can also request the package: Microsoft Learn says approvers
 * cannot approve their own access package requests, so that person's own request has nobody else to decide it, and
 * the four-eyes principle rests on a service behaviour a reviewer of the catalog cannot see.
 */
export function govSoleApproverIsNotARequestor(ctx: RuleContext): Violation[] {
  return soleApprovers(ctx).flatMap(({ role, stage, person, request }) =>
    request.can === "yes"
      ? [
          at(
            role,
            "businessRoles",
            `Stage ${stage + 1} of access package '${role.id}' is approved by ${person} ` +
              `alone, who can also request the package (${request.why}): nobody else decides on their ` +
              `own request.`,
            ["assignment", "approval", "stages", stage, "approvers"],
          ),
        ]
      : [],
  );
}

/** Where the catalog cannot decide whether a stage's only approver can request the package, it says so. */
export function govSoleApproverIsKnownNotToRequest(ctx: RuleContext): Violation[] {
  return soleApprovers(ctx).flatMap(({ role, stage, person, request }) =>
    request.can === "unknown"
      ? [
          at(
            role,
            "businessRoles",
            `Stage ${stage + 1} of access package '${role.id}' is approved by ${person} ` +
              `alone, and idac cannot tell whether they can request the package: ${request.why}. If ` +
              `they can, nobody else decides on their own request.`,
            ["assignment", "approval", "stages", stage, "approvers"],
          ),
        ]
      : [],
  );
}

interface SoleApprover {
  readonly role: BusinessRole;
  readonly stage: number;
  readonly person: string;
  readonly request: CanRequest;
}

/**
 * Stages whose primary approvers are one person: listed once or several times under different spellings, or as
 * the only known member of an approver group. The manager, sponsors, and groups whose members are not all known
 * count as somebody else, so those stages are left alone.
 */
function soleApprovers(ctx: RuleContext): SoleApprover[] {
  const out: SoleApprover[] = [];
  for (const role of ctx.catalog.businessRoles) {
    const a = requestOf(role);
    if (!a || !("stages" in a.approval)) continue;
    a.approval.stages.forEach((s, stage) => {
      const people = new Set<string>();
      for (const approver of s.approvers) {
        if (approver === "manager" || approver === "sponsors") return;
        if (approver.startsWith("group:")) {
          const g = groupIndex(ctx.catalog).get(approver.slice("group:".length));
          const known = g && knownMembers(ctx, g);
          if (!known || known.unknown) return;
          known.members.forEach((m) => people.add(m));
        } else people.add(ctx.view.person(approver));
      }
      if (people.size !== 1) return;
      const person = [...people][0]!;
      out.push({ role, stage, person, request: canRequest(ctx, a, person) });
    });
  }
  return out;
}

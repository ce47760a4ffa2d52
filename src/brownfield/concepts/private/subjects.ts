import type * as Graph from "@microsoft/microsoft-graph-types";
import type { GraphView } from "../context";

/**
 * Approvers, reviewers and requestor groups between Graph subject sets and the catalog's words (`manager`,
 * `sponsors`, `group:<id>`, a person), both directions side by side: access package policies and PIM activation
 * approval use the same vocabulary.
 */

/** A catalog approver or reviewer as a Graph subject set. */
export function subjectToGraph(ref: string, view: GraphView): Graph.SubjectSet {
  if (ref === "manager") return { "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 } as Graph.SubjectSet;
  if (ref === "sponsors") return { "@odata.type": "#microsoft.graph.targetUserSponsors" } as Graph.SubjectSet;
  if (ref.startsWith("group:"))
    return { "@odata.type": "#microsoft.graph.groupMembers", groupId: view.objectId("group", ref.slice("group:".length)) } as Graph.SubjectSet;
  return { "@odata.type": "#microsoft.graph.singleUser", userId: view.user(ref).id } as Graph.SubjectSet;
}

/** A Graph subject set as the catalog writes it, or the problem that keeps it from being written. */
export function subjectFromGraph(
  s: { "@odata.type": string; userId?: string | null | undefined; groupId?: string | null | undefined; managerLevel?: number | null | undefined },
  ctx: { ref(objectId: string): string | undefined; person(id: string): string },
): { subject: string } | { problem: string } {
  const t = s["@odata.type"];
  if (t === "#microsoft.graph.requestorManager" && (s.managerLevel ?? 1) === 1) return { subject: "manager" };
  if (t === "#microsoft.graph.targetUserSponsors") return { subject: "sponsors" };
  if (t === "#microsoft.graph.singleUser" && s.userId) return { subject: ctx.person(s.userId) };
  if (t === "#microsoft.graph.groupMembers" && s.groupId) {
    const r = ctx.ref(s.groupId);
    return r ? { subject: `group:${r}` } : { problem: `approver or reviewer group ${s.groupId} is not imported` };
  }
  return { problem: `${t ?? "a subject"} cannot be expressed as an approver or reviewer` };
}

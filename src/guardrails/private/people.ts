import type { Catalog, Entry } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { at } from "./helpers";
import { oncePerCatalog } from "./indexes";
import { requestOf } from "./requestors";
import { effectiveSensitivity } from "./sensitivity";

/** Where a person is named, and how much rides on the name being right. */
export interface PersonReference {
  readonly entry: Entry<{ id: string }>;
  readonly section: string;
  readonly path: readonly (string | number)[];
  /** As written in the catalog. */
  readonly ref: string;
  /** What the person is there, in catalog terms: "owner of the PIM group of 'global-admin'". */
  readonly role: string;
  /**
   * privileged: PIM groups (owners, eligible and active members, activation approvers) and role-assignable groups
   * (owners, members); sensitiveApproval: approvers of highly confidential packages; other: everything else.
   */
  readonly context: "privileged" | "sensitiveApproval" | "other";
}

const isPerson = (ref: string) => ref !== "manager" && ref !== "sponsors" && ref !== "self" && !ref.startsWith("group:");

const cache = new WeakMap<Catalog, PersonReference[]>();

/**
 * Every person the catalog names, with where and in which context (the same in every environment; computed once
 * per catalog). Approver keywords and groups are not people.
 */
function personReferences(ctx: RuleContext): PersonReference[] {
  return oncePerCatalog(cache, ctx.catalog, () => collect(ctx.catalog));
}

function collect(catalog: Catalog): PersonReference[] {
  const out: PersonReference[] = [];
  const one = (
    entry: Entry<{ id: string }>,
    section: string,
    context: PersonReference["context"],
    role: string,
    ref: string,
    path: readonly (string | number)[],
  ) => {
    if (isPerson(ref)) out.push({ entry, section, path, ref, role, context });
  };
  const add = (
    entry: Entry<{ id: string }>,
    section: string,
    context: PersonReference["context"],
    role: string,
    list: readonly string[],
    path: readonly (string | number)[],
  ) => list.forEach((ref, i) => one(entry, section, context, role, ref, [...path, i]));
  for (const g of catalog.groups) {
    const context = g.spec.assignableToRole ? "privileged" : "other";
    add(g, "groups", context, `owner of group '${g.id}'`, g.spec.owners, ["owners"]);
    if (g.spec.membership.type === "assigned") add(g, "groups", context, `member of group '${g.id}'`, g.spec.membership.members, ["membership", "members"]);
  }
  for (const r of catalog.businessRoles) {
    add(r, "businessRoles", "other", `owner of business role '${r.id}'`, r.spec.owners, ["owners"]);
    const a = requestOf(r);
    if (!a) continue;
    const context = effectiveSensitivity(catalog, r).level === "highlyConfidential" ? "sensitiveApproval" : "other";
    if ("stages" in a.approval) {
      a.approval.stages.forEach((s, si) => {
        const stage = ["assignment", "approval", "stages", si];
        add(r, "businessRoles", context, `approver of access package '${r.id}'`, s.approvers, [...stage, "approvers"]);
        add(r, "businessRoles", context, `backup approver of access package '${r.id}'`, s.backupApprovers, [...stage, "backupApprovers"]);
        add(r, "businessRoles", context, `escalation approver of access package '${r.id}'`, s.escalation?.approvers ?? [], [
          ...stage,
          "escalation",
          "approvers",
        ]);
      });
    }
    if (Array.isArray(a.review?.reviewers))
      add(r, "businessRoles", "other", `reviewer of access package '${r.id}'`, a.review.reviewers, ["assignment", "review", "reviewers"]);
  }
  for (const p of catalog.privilegedRoles) {
    add(p, "privilegedRoles", "privileged", `owner of the PIM group of '${p.id}'`, p.spec.group.owners, ["group", "owners"]);
    p.spec.eligible.forEach((e, i) => one(p, "privilegedRoles", "privileged", `eligible for '${p.id}'`, e.principal, ["eligible", i, "principal"]));
    p.spec.active.forEach((e, i) => one(p, "privilegedRoles", "privileged", `active member of '${p.id}'`, e.principal, ["active", i, "principal"]));
    add(p, "privilegedRoles", "privileged", `activation approver of '${p.id}'`, p.spec.activation.approvers ?? [], ["activation", "approvers"]);
  }
  for (const c of catalog.conditionalAccessPolicies) {
    add(c, "conditionalAccessPolicies", "other", `user included in conditional access policy '${c.id}'`, c.spec.users.include.users, [
      "users",
      "include",
      "users",
    ]);
    add(c, "conditionalAccessPolicies", "other", `user excluded from conditional access policy '${c.id}'`, c.spec.users.exclude.users, [
      "users",
      "exclude",
      "users",
    ]);
  }
  for (const p of catalog.personas) if (p.spec.user) one(p, "personas", "other", `account of persona '${p.id}'`, p.spec.user, ["user"]);
  return out;
}

/**
 * Findings for people of one context written as a UPN whose domain, as the environment sees it (after upnDomains),
 * is not one of the environment's declared domains. Object IDs are not checked; without declared domains there is
 * nothing to compare with (IDAC-HYG-009 asks for them).
 */
export function peopleOutsideDomains(ctx: RuleContext, context: PersonReference["context"]): Violation[] {
  const domains = ctx.view.environment.spec.domains;
  if (!domains) return [];
  const env = ctx.view.environment.id;
  return personReferences(ctx)
    .filter((p) => p.context === context)
    .flatMap((p) => {
      const upn = ctx.view.person(p.ref);
      const i = upn.lastIndexOf("@");
      if (i < 0 || domains.includes(upn.slice(i + 1))) return [];
      const written = upn === p.ref.toLowerCase() ? "" : ` (written ${p.ref})`;
      return [
        at(
          p.entry,
          p.section,
          `${upn}${written}, ${p.role}, is not in a domain of environment '${env}' (` +
            `${domains.join(", ")}): a look-alike or foreign domain is a different account.`,
          p.path,
        ),
      ];
    });
}

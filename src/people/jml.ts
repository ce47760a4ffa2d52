import type { EnvironmentView } from "../model/environment";
import type { Catalog } from "../model/model";
import { HR_ATTRIBUTES } from "../schema/hr-conditions";
import { mayRequest, personAccess, policiesFor, RESIDUAL_KINDS, type AccessSource, type EntitlementKey, type PersonAccess } from "./access";
import { ruleSubject, type Person } from "./person";
import { clauseOutcomes, ruleTree } from "./rule";
import { personConflicts, type PersonConflict } from "./sod";
import { workflowsTriggered, type WorkflowRun } from "./workflows";

export type ChangeStatus = "gained" | "retained" | "lost";

export interface EntitlementChange {
  readonly entitlement: EntitlementKey;
  readonly status: ChangeStatus;
  /** Sources after the change (gained, retained) or before it (lost). */
  readonly sources: readonly AccessSource[];
  /** The rule clauses whose outcome changed and caused the gain or loss. */
  readonly because: readonly string[];
}

/** Access that does not follow an HR change: Entra keeps it until it ends or is reviewed. */
export interface Residue {
  readonly source: AccessSource;
  /** What the source grants. */
  readonly entitlements: readonly EntitlementKey[];
  /** When it ends, or why it does not end by itself. */
  readonly ends: string;
  /** For a requested role: whether the person could still request it now (false: the move took them out of its requestors). */
  readonly requestableNow?: boolean;
}

export interface SodChange {
  readonly conflict: PersonConflict;
  readonly status: "existed before" | "caused by" | "gone after";
}

/** An object a person owns or approves for: what is orphaned when they leave. */
export interface Responsibility {
  readonly what: string;
  readonly id: string;
  readonly as: "owner" | "approver" | "backup approver" | "escalation approver" | "activation approver" | "reviewer";
}

export interface JmlResult {
  readonly kind: "join" | "move" | "leave";
  readonly before?: PersonAccess;
  readonly after: PersonAccess;
  /** The HR values that change: attribute → [before, after]. */
  readonly changed: readonly { readonly attribute: string; readonly from?: string; readonly to?: string }[];
  readonly entitlements: readonly EntitlementChange[];
  readonly residue: readonly Residue[];
  readonly sod: readonly SodChange[];
  readonly policies: { readonly before: readonly string[]; readonly after: readonly string[] };
  readonly responsibilities: readonly Responsibility[];
  /** Lifecycle workflows the join, move or leave starts for the person. */
  readonly workflows: readonly WorkflowRun[];
}

/** Reasons an HR change cannot be applied: unknown attributes, with the closest one. */
export function settableAttributes(): string[] {
  return [...Object.keys(HR_ATTRIBUTES).filter((a) => a !== "userType"), "accountEnabled", "userType", "displayName", "employeeLeaveDateTime"];
}

/** The person with HR values changed (an empty value removes the attribute). */
export function withChanges(person: Person, set: Readonly<Record<string, string>>): Person {
  const hr: Record<string, string> = { ...person.hr };
  let next: Person = person;
  for (const [attribute, value] of Object.entries(set)) {
    if (attribute === "accountEnabled") next = { ...next, accountEnabled: /^(true|yes|1)$/i.test(value) };
    else if (attribute === "userType") next = { ...next, userType: /^guest$/i.test(value) ? "Guest" : "Member" };
    else if (attribute === "displayName") next = { ...next, displayName: value };
    else if (attribute === "employeeLeaveDateTime") next = { ...next, employeeLeaveDateTime: value };
    else if (value === "") delete hr[attribute];
    else hr[attribute] = value;
  }
  return { ...next, hr };
}

/** A mover: what the person gains, retains and loses when HR values change, and what stays behind. */
export function move(view: EnvironmentView, person: Person, set: Readonly<Record<string, string>>, today: string): JmlResult {
  return compare(view, "move", person, withChanges(person, set), today);
}

/** A leaver: the account disabled; what drops at once, what stays until it ends, and what they own or approve. */
export function leave(view: EnvironmentView, person: Person, today: string): JmlResult {
  return compare(view, "leave", person, { ...person, accountEnabled: false }, today);
}

/** A joiner: everything the new HR row gives at once, and what they could request. */
export function join(view: EnvironmentView, person: Person, _today: string): JmlResult {
  const after = personAccess(view.catalog, person);
  const byKey = groupByEntitlement(after);
  return {
    kind: "join",
    after,
    changed: Object.entries(person.hr).map(([attribute, to]) => ({ attribute, to })),
    entitlements: [...byKey].map(([entitlement, sources]) => ({
      entitlement,
      status: "gained" as const,
      sources,
      because: sources.flatMap((s) => s.clauses ?? []).filter(unique),
    })),
    residue: [],
    sod: personConflicts(view.catalog, after).map((conflict) => ({ conflict, status: "caused by" as const })),
    policies: { before: [], after: policiesFor(view, after).map((p) => p.policy) },
    responsibilities: responsibilities(view, person),
    workflows: workflowsTriggered(view.catalog, "join", person),
  };
}

function compare(view: EnvironmentView, kind: "move" | "leave", beforePerson: Person, afterPerson: Person, today: string): JmlResult {
  const { catalog } = view;
  const before = personAccess(catalog, beforePerson);
  const after = personAccess(catalog, afterPerson);
  const b = groupByEntitlement(before);
  const a = groupByEntitlement(after);
  const entitlements: EntitlementChange[] = [];
  for (const key of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const was = b.get(key);
    const is = a.get(key);
    if (was && is) entitlements.push({ entitlement: key, status: "retained", sources: is, because: [] });
    else if (is) entitlements.push({ entitlement: key, status: "gained", sources: is, because: flipped(catalog, is, beforePerson, afterPerson, false) });
    else entitlements.push({ entitlement: key, status: "lost", sources: was!, because: flipped(catalog, was!, beforePerson, afterPerson, true) });
  }
  const conflictsBefore = personConflicts(catalog, before);
  const conflictsAfter = personConflicts(catalog, after);
  const keyOf = (c: PersonConflict) => `${c.rule}\u0000${c.sets.join("\u0000")}`;
  const afterKeys = new Set(conflictsAfter.map(keyOf));
  const beforeKeys = new Set(conflictsBefore.map(keyOf));
  const sod: SodChange[] = [
    ...conflictsBefore.map((conflict) => ({ conflict, status: afterKeys.has(keyOf(conflict)) ? ("existed before" as const) : ("gone after" as const) })),
    ...conflictsAfter.filter((c) => !beforeKeys.has(keyOf(c))).map((conflict) => ({ conflict, status: "caused by" as const })),
  ];
  return {
    kind,
    before,
    after,
    changed: changes(beforePerson, afterPerson),
    entitlements,
    residue: residue(catalog, after, today),
    sod,
    policies: { before: policiesFor(view, before).map((p) => p.policy), after: policiesFor(view, after).map((p) => p.policy) },
    responsibilities: kind === "leave" ? responsibilities(view, beforePerson) : [],
    // A leaver's HR values are those before leaving; a mover's workflows read the values after the move.
    workflows:
      kind === "leave"
        ? workflowsTriggered(catalog, "leave", beforePerson)
        : workflowsTriggered(
            catalog,
            "move",
            afterPerson,
            changes(beforePerson, afterPerson).map((c) => c.attribute),
          ),
  };
}

const unique = <T>(v: T, i: number, all: readonly T[]) => all.indexOf(v) === i;

function groupByEntitlement(access: PersonAccess): Map<EntitlementKey, AccessSource[]> {
  const m = new Map<EntitlementKey, AccessSource[]>();
  for (const g of access.grants) {
    const list = m.get(g.entitlement);
    if (list) list.push(g.source);
    else m.set(g.entitlement, [g.source]);
  }
  return m;
}

/** The clauses of the sources' rules whose outcome differs between before and after (what caused the change). */
function flipped(catalog: Catalog, sources: readonly AccessSource[], before: Person, after: Person, lost: boolean): string[] {
  const out: string[] = [];
  for (const s of sources) {
    const rule =
      s.kind === "birthright"
        ? catalog.businessRoles.find((r) => r.id === s.id)?.membershipRule
        : s.kind === "dynamic-group"
          ? catalog.groups.find((g) => g.id === s.id)?.membershipRule
          : undefined;
    if (!rule) continue;
    const tree = ruleTree(rule);
    const was = clauseOutcomes(tree, ruleSubject(before));
    const is = clauseOutcomes(tree, ruleSubject(after));
    was.forEach((c, i) => {
      if (c.holds !== is[i]!.holds && (lost ? c.holds : is[i]!.holds)) out.push(c.text);
    });
  }
  return out.filter(unique);
}

function changes(before: Person, after: Person) {
  const out: { attribute: string; from?: string; to?: string }[] = [];
  for (const attribute of [...new Set([...Object.keys(before.hr), ...Object.keys(after.hr)])].sort()) {
    const from = before.hr[attribute];
    const to = after.hr[attribute];
    if (from !== to) out.push({ attribute, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  }
  if (before.accountEnabled !== after.accountEnabled)
    out.push({ attribute: "accountEnabled", from: String(before.accountEnabled), to: String(after.accountEnabled) });
  if (before.userType !== after.userType) out.push({ attribute: "userType", from: before.userType, to: after.userType });
  return out;
}

/** Access held through sources HR does not drive, with when each ends. */
function residue(catalog: Catalog, after: PersonAccess, today: string): Residue[] {
  const bySource = new Map<string, { source: AccessSource; entitlements: EntitlementKey[] }>();
  for (const g of after.grants) {
    if (!RESIDUAL_KINDS.has(g.source.kind)) continue;
    const key = `${g.source.kind}\u0000${g.source.id}`;
    const entry = bySource.get(key);
    if (entry) entry.entitlements.push(g.entitlement);
    else bySource.set(key, { source: g.source, entitlements: [g.entitlement] });
  }
  return [...bySource.values()].map(({ source, entitlements }) => {
    const role = source.kind === "request" ? catalog.businessRoles.find((r) => r.id === source.id) : undefined;
    return {
      source,
      entitlements,
      ends: endOf(source, today),
      ...(role ? { requestableNow: mayRequest(role, after.person, new Set(after.groups)) !== undefined } : {}),
    };
  });
}

function endOf(s: AccessSource, today: string): string {
  if (s.until) return s.until < today ? `${s.until} (past: remove it now)` : s.until;
  if (s.kind === "catalog-member") return "never: listed as a member in the catalog (remove it there)";
  if (s.kind === "direct") return "never: direct membership stays until removed or reviewed";
  return "unknown: no end date in the snapshot";
}

/** Objects in the catalog the person owns, approves for, or reviews. */
export function responsibilities(view: EnvironmentView, person: Person): Responsibility[] {
  const me = new Set([person.upn.toLowerCase(), view.person(person.upn)]);
  const is = (ref: string) => me.has(ref.toLowerCase()) || me.has(view.person(ref));
  const out: Responsibility[] = [];
  const { catalog } = view;
  for (const g of catalog.groups) for (const o of g.spec.owners) if (is(o)) out.push({ what: "group", id: g.id, as: "owner" });
  for (const r of catalog.businessRoles) {
    for (const o of r.spec.owners) if (is(o)) out.push({ what: "business role", id: r.id, as: "owner" });
    const a = r.spec.assignment;
    if (a?.type !== "request") continue;
    if ("stages" in a.approval)
      for (const s of a.approval.stages) {
        for (const x of s.approvers) if (is(x)) out.push({ what: "business role", id: r.id, as: "approver" });
        for (const x of s.backupApprovers) if (is(x)) out.push({ what: "business role", id: r.id, as: "backup approver" });
        for (const x of s.escalation?.approvers ?? []) if (is(x)) out.push({ what: "business role", id: r.id, as: "escalation approver" });
      }
    const reviewers = a.review?.reviewers;
    if (Array.isArray(reviewers)) for (const x of reviewers) if (is(x)) out.push({ what: "business role", id: r.id, as: "reviewer" });
  }
  for (const p of catalog.privilegedRoles) {
    for (const o of p.spec.group.owners) if (is(o)) out.push({ what: "privileged role", id: p.id, as: "owner" });
    for (const x of p.spec.activation.approvers ?? []) if (is(x)) out.push({ what: "privileged role", id: p.id, as: "activation approver" });
  }
  const seen = new Set<string>();
  return out.filter((r) => {
    const k = `${r.what}|${r.id}|${r.as}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

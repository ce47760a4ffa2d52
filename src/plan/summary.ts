import { createHash } from "node:crypto";
import { catalogTerms, displayNameOf, sectionOf, SECTIONS, SIGNIFICANT, type Section } from "./classify";
import { plannedMoves, type PlannedMove } from "./checks/moves";
import type { PlanJson, ResourceChange } from "./plan-json";

export type Action = "create" | "update" | "delete" | "replace" | "no-op" | "read" | "forget";

export interface AttributeChange {
  readonly attribute: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ChangeSummary {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly section: Section;
  readonly action: Action;
  /** Catalog terms: what the object is and its catalog ID. */
  readonly kind: string;
  readonly catalogId: string;
  readonly displayName?: string;
  readonly attributes: readonly AttributeChange[];
  /** For replacements: the attributes that force it (Terraform's replace_paths), and Terraform's reason. */
  readonly replacedBecauseOf?: readonly string[];
  readonly reason?: string;
}

export interface PlanSummary {
  readonly changes: readonly ChangeSummary[];
  readonly drift: readonly ChangeSummary[];
  /** Objects forgotten in one stack and imported into another (see {@link plannedMoves}); not listed in `changes`. */
  readonly moves: readonly PlannedMove[];
  readonly counts: Record<"create" | "update" | "delete" | "replace", number>;
  readonly risk: "none" | "low" | "medium" | "high" | "critical";
  /** SHA-256 of the normalized resource changes: equal fingerprints mean the same changes. */
  readonly fingerprint: string;
  /** The same, per stack (apply compares the plan of each stack with the one reviewed). */
  readonly stackFingerprints: Readonly<Record<string, string>>;
}

const KNOWN_AFTER_APPLY = "(known after apply)";

export function actionOf(actions: readonly string[]): Action {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.length === 1) return actions[0] as Action;
  return actions.includes("delete") ? "delete" : "update";
}

/** Summarises the plans of one or more stacks (name → plan JSON) in catalog terms, riskiest first. */
export function summarizePlans(plans: readonly { stack: string; plan: PlanJson }[]): PlanSummary {
  const changes: ChangeSummary[] = [];
  const drift: ChangeSummary[] = [];
  const moves = plannedMoves(plans);
  const moved = new Set(moves.map((m) => `${m.from} ${m.address}`));
  for (const { stack, plan } of plans) {
    for (const rc of plan.resource_changes) {
      if (rc.mode !== "managed" || moved.has(`${stack} ${rc.address}`)) continue;
      const s = summarizeChange(stack, rc);
      if (s.action !== "no-op" && s.action !== "read") changes.push(s);
    }
    for (const rc of plan.resource_drift) if (rc.mode === "managed") drift.push(summarizeChange(stack, rc));
  }
  const order = (c: ChangeSummary) => SECTIONS.indexOf(c.section) * 10 + ["delete", "replace", "forget", "update", "create"].indexOf(c.action);
  changes.sort((a, b) => order(a) - order(b) || (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0) || (a.address < b.address ? -1 : 1));
  const counts = { create: 0, update: 0, delete: 0, replace: 0 };
  for (const c of changes) if (c.action in counts) counts[c.action as keyof typeof counts]++;
  const stackFingerprints = Object.fromEntries(plans.map((p) => [p.stack, fingerprint([p])]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
  return { changes, drift, moves, counts, risk: riskOf(changes), fingerprint: fingerprint(plans), stackFingerprints };
}

function summarizeChange(stack: string, rc: ResourceChange): ChangeSummary {
  const action = actionOf(rc.change.actions);
  const { kind, catalogId } = catalogTerms(rc);
  const displayName = displayNameOf(rc);
  const significant = Object.hasOwn(SIGNIFICANT, rc.type) ? SIGNIFICANT[rc.type] : undefined;
  const before = (rc.change.before ?? {}) as Record<string, unknown>;
  const unknown = (rc.change.after_unknown ?? {}) as Record<string, unknown>;
  // Values Terraform will only know after apply are shown as such, not as removed.
  const after = {
    ...((rc.change.after ?? {}) as Record<string, unknown>),
    ...Object.fromEntries(
      Object.entries(unknown)
        .filter(([, v]) => v === true)
        .map(([k]) => [k, KNOWN_AFTER_APPLY]),
    ),
  };
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => (significant ? significant.includes(k) : true) && !["id", "object_id", "timeouts"].includes(k),
  );
  const attributes =
    action === "update" || action === "replace"
      ? keys
          .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
          .sort()
          .map((k) => ({ attribute: k, before: before[k], after: after[k] }))
      : [];
  return {
    stack,
    address: rc.address,
    type: rc.type,
    section: sectionOf(rc),
    action,
    kind,
    catalogId,
    ...(displayName ? { displayName } : {}),
    attributes,
    ...(action === "replace" ? { replacedBecauseOf: (rc.change.replace_paths ?? []).map((p) => p.join(".")).sort() } : {}),
    ...(rc.action_reason ? { reason: rc.action_reason } : {}),
  };
}

function riskOf(changes: readonly ChangeSummary[]): PlanSummary["risk"] {
  if (changes.length === 0) return "none";
  const destructive = (c: ChangeSummary) => c.action === "delete" || c.action === "replace";
  const controls = (c: ChangeSummary) => c.section === "privileged" || c.section === "conditional-access" || c.section === "governance";
  if (changes.some((c) => controls(c) && destructive(c))) return "critical";
  if (changes.some((c) => controls(c) || destructive(c))) return "high";
  if (changes.some((c) => c.section === "access-packages")) return "medium";
  return "low";
}

/**
 * SHA-256 over every non-no-op change, normalized: stack, address, actions, and the known after-values, with keys
 * sorted. Values known only after apply are left out, so the same reviewed change gives the same fingerprint when
 * planned again on the merge commit.
 */
function fingerprint(plans: readonly { stack: string; plan: PlanJson }[]): string {
  const normalized = plans
    .flatMap(({ stack, plan }) =>
      plan.resource_changes
        .filter((rc) => rc.mode === "managed" && !rc.change.actions.every((a) => a === "no-op" || a === "read"))
        .map((rc) => ({ stack, address: rc.address, actions: rc.change.actions, after: canonical(rc.change.after) })),
    )
    .sort((a, b) => (`${a.stack} ${a.address}` < `${b.stack} ${b.address}` ? -1 : 1));
  return createHash("sha256").update(JSON.stringify(normalized)).digest("hex");
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

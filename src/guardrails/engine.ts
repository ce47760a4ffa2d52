import { issueAt, type CatalogIssue, type SourceLocation } from "../errors/issue";
import { didYouMean } from "../errors/suggest";
import { environmentView } from "../model/environment";
import type { Catalog, Entry } from "../model/model";
import { ACCESS_GOVERNANCE_PACK, CONDITIONAL_ACCESS_PACK, HYGIENE_PACK, PRIVILEGED_ACCESS_PACK, SOD_PACK } from "./packs";
import type { Finding, Level, Rule, Suppression } from "./types";

/** Every rule of every pack, in pack order. */
export const ALL_RULES: readonly Rule[] = [...CONDITIONAL_ACCESS_PACK, ...PRIVILEGED_ACCESS_PACK, ...ACCESS_GOVERNANCE_PACK, ...HYGIENE_PACK, ...SOD_PACK];

export interface GuardrailOptions {
  /** YYYY-MM-DD; suppressions expire and eligibility is measured against it. */
  readonly today: string;
  readonly base?: Catalog;
  readonly rules?: readonly Rule[];
}

export interface GuardrailResult {
  readonly findings: readonly Finding[];
  /** Problems with the guardrail configuration itself (unknown rule IDs, expired suppressions): the catalog is invalid. */
  readonly issues: readonly CatalogIssue[];
}

/**
 * Runs every rule in every environment. A rule that throws is reported as UNKNOWN at error level and never counts
 * as a pass. Findings that are the same in several environments are reported once, naming the environments.
 */
export function runGuardrails(catalog: Catalog, options: GuardrailOptions): GuardrailResult {
  const rules = options.rules ?? ALL_RULES;
  const known = new Map(rules.map((r) => [r.id, r]));
  const { suppressions, issues } = collectSuppressions(catalog, known, options.today);
  const merged = new Map<string, Finding>();
  for (const env of catalog.environments) {
    const view = environmentView(catalog, env.id);
    for (const rule of rules) {
      const level = levelIn(catalog, rule, env.id);
      let violations;
      try {
        violations = rule.check({ catalog, view, today: options.today, ...(options.base ? { base: options.base } : {}) });
      } catch (err) {
        violations = [{ at: env.source, entry: { section: "environments", id: env.id }, message: `Rule could not be evaluated (${(err as Error).message}); an UNKNOWN result never counts as a pass.` }];
        add(merged, rule, "error", "unknown", env.id, violations[0]!);
        continue;
      }
      for (const v of violations) add(merged, rule, level, "fail", env.id, v);
    }
  }
  const findings = [...merged.values()].map((f) => {
    const s = suppressions.find((x) => x.rule === f.rule && (x.entry === undefined || x.entry === f.entry.id) && (x.section === undefined || x.section === f.entry.section));
    return s && f.status !== "unknown" ? { ...f, suppressed: { reason: s.reason, expires: s.expires, ...(s.ticket ? { ticket: s.ticket } : {}) } } : f;
  });
  findings.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.rule, b.rule) || cmp(a.message, b.message));
  return { findings, issues };
}

/** Whether any finding fails the run: an unsuppressed error-level (or UNKNOWN) result. */
export function failing(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.level === "error" && !f.suppressed);
}

function add(merged: Map<string, Finding>, rule: Rule, level: Level, status: Finding["status"], env: string, v: { at: SourceLocation; entry: { section: string; id: string }; message: string }) {
  const key = `${rule.id}|${v.entry.section}|${v.entry.id}|${v.at.file}|${v.at.line}|${v.at.col}|${v.message.replaceAll(`'${env}'`, "'*'")}`;
  const existing = merged.get(key);
  if (existing) {
    merged.set(key, { ...existing, environments: [...existing.environments, env], level: worst(existing.level, level) });
    return;
  }
  merged.set(key, {
    rule: rule.id,
    title: rule.title,
    severity: rule.severity,
    level,
    status,
    environments: [env],
    entry: v.entry,
    file: v.at.file,
    line: v.at.line,
    col: v.at.col,
    path: v.at.path,
    message: v.message,
    remediation: rule.remediation,
  });
}

function worst(a: Level, b: Level): Level {
  const order: Level[] = ["info", "warning", "error"];
  return order[Math.max(order.indexOf(a), order.indexOf(b))]!;
}

/** The rule's level in an environment: the pack's, unless `guardrails.levels` says otherwise (last declaration wins). */
function levelIn(catalog: Catalog, rule: Rule, env: string): Level {
  let level = rule.level;
  for (const l of catalog.guardrails.levels) if (l.rule === rule.id && (!l.environments || l.environments.includes(env))) level = l.level;
  return level;
}

type ActiveSuppression = Suppression & { entry?: string; section?: string };

function collectSuppressions(catalog: Catalog, known: Map<string, Rule>, today: string): { suppressions: ActiveSuppression[]; issues: CatalogIssue[] } {
  const issues: CatalogIssue[] = [];
  const suppressions: ActiveSuppression[] = [];
  const check = (s: ActiveSuppression) => {
    if (!known.has(s.rule)) {
      const hint = didYouMean(s.rule, known.keys());
      issues.push(issueAt(s.at, "GUARDRAIL_UNKNOWN_RULE", `Suppression names rule '${s.rule}', which does not exist.`, hint ? `Did you mean '${hint}'? See docs/RULES.md.` : "See docs/RULES.md for the rule IDs."));
    } else if (s.expires < today) {
      issues.push(issueAt(s.at, "GUARDRAIL_SUPPRESSION_EXPIRED", `Suppression of ${s.rule}${s.entry ? ` on '${s.entry}'` : ""} expired on ${s.expires} (reason was: ${s.reason}).`, "Fix the finding, or renew the suppression with a new expiry date after a fresh review."));
    } else suppressions.push(s);
  };
  for (const s of catalog.guardrails.suppressions) check({ ...s });
  const sections = ["administrativeUnits", "groups", "accessPackageCatalogs", "businessRoles", "privilegedRoles", "namedLocations", "authenticationStrengths", "conditionalAccessPolicies"] as const;
  for (const section of sections) {
    for (const entry of catalog[section] as readonly Entry<{ id: string; suppress?: { rule: string; reason: string; expires: string; ticket?: string | undefined }[] | undefined }>[]) {
      (entry.spec.suppress ?? []).forEach((s, i) => check({ ...s, at: entry.source.locate(["suppress", i]), entry: entry.id, section }));
    }
  }
  return { suppressions, issues };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

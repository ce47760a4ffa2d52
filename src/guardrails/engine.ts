import type { CatalogIssue, SourceLocation } from "../errors/issue";
import { environmentView } from "../model/environment";
import type { Catalog } from "../model/model";
import { timed } from "../profile/phases";
import { levelIn, policyOf, underPolicy, type GuardrailPolicy, type SuppressionSetting } from "../policy/policy";
import { ACCESS_GOVERNANCE_PACK, CONDITIONAL_ACCESS_PACK, HYGIENE_PACK, LIFECYCLE_AND_METHODS_PACK, PRIVILEGED_ACCESS_PACK, SOD_PACK } from "./packs";
import { checkPolicy, suppressionApplies } from "./policy-checks";
import { isControlId, type Finding, type Level, type Rule, type Violation } from "./types";

/** Every rule of every pack, in pack order. */
export const ALL_RULES: readonly Rule[] = [
  ...CONDITIONAL_ACCESS_PACK,
  ...PRIVILEGED_ACCESS_PACK,
  ...ACCESS_GOVERNANCE_PACK,
  ...HYGIENE_PACK,
  ...SOD_PACK,
  // --- lifecycle workflows, authentication methods, directory role settings ---
  ...LIFECYCLE_AND_METHODS_PACK,
];

export interface GuardrailOptions {
  /** YYYY-MM-DD; suppressions expire and eligibility is measured against it. */
  readonly today: string;
  readonly base?: Catalog;
  readonly rules?: readonly Rule[];
  /**
   * The policy the run applies (levels, suppressions, break-glass, SoD rules, personas). With a protected base,
   * the base's policy unless a change of it was allowed. @default the catalog's own
   */
  readonly policy?: GuardrailPolicy;
}

export interface GuardrailResult {
  readonly findings: readonly Finding[];
  /**
   * Problems with the policy the run applied (unknown rule IDs, environments or entries, expired or overlong
   * suppressions, protected rules lowered: errors that make the catalog invalid) and suppressions that matched
   * nothing (warnings).
   */
  readonly issues: readonly CatalogIssue[];
}

/**
 * Runs every rule in every environment. A rule that throws is reported as UNKNOWN at error level and never counts
 * as a pass. Findings that are the same in several environments are reported once, naming the environments.
 */
export function runGuardrails(catalog: Catalog, options: GuardrailOptions): GuardrailResult {
  const rules = options.rules ?? ALL_RULES;
  const policy = options.policy ?? policyOf(catalog);
  const evaluated = options.policy ? underPolicy(catalog, policy) : catalog;
  const { issues, rejected } = checkPolicy(catalog, policy, rules, options.today);
  const usable = policy.suppressions.filter((s) => !rejected.has(s));
  const merged = new Map<string, Finding>();
  for (const env of evaluated.environments) {
    const view = environmentView(evaluated, env.id);
    for (const rule of rules) {
      const level = levelIn(policy, rule, env.id);
      let violations: readonly Violation[];
      try {
        violations = checked(
          timed(`rule ${rule.id}`, () => rule.check({ catalog: evaluated, view, today: options.today, ...(options.base ? { base: options.base } : {}) })),
        );
      } catch (err) {
        const what = rule.source ? `Organisation rule ${rule.id} (${rule.source})` : "Rule";
        const why = err instanceof Error ? err.message : String(err);
        const v = {
          at: env.source,
          entry: { section: "environments", id: env.id },
          message: `${what} could not be evaluated (${why}); an UNKNOWN result never counts as a pass.`,
        };
        add(merged, rule, "error", "unknown", env.id, v);
        continue;
      }
      for (const v of violations) add(merged, rule, level, "fail", env.id, v);
    }
  }
  const used = new Set<SuppressionSetting>();
  const findings = [...merged.values()].map((f) => {
    const s = f.status === "unknown" ? undefined : usable.find((x) => suppressionApplies(x, f));
    if (!s) return f;
    used.add(s);
    return { ...f, suppressed: { reason: s.reason, expires: s.expires, ...(s.ticket ? { ticket: s.ticket } : {}) } };
  });
  findings.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.rule, b.rule) || cmp(a.message, b.message));
  const unused = usable
    .filter((s) => !used.has(s) && rules.some((r) => r.id === s.rule))
    .map((s): CatalogIssue => ({
      code: "GUARDRAIL_SUPPRESSION_UNUSED",
      severity: "warning",
      file: s.at.file,
      line: s.at.line,
      col: s.at.col,
      path: s.at.path,
      message: `The suppression of ${s.rule}${s.entry ? ` on '${s.entry}'` : ""} matches no finding.`,
      hint: "Remove it: a suppression that accepts nothing only widens what could be accepted later.",
    }));
  return { findings, issues: [...issues, ...unused] };
}

/** Whether any finding fails the run: an unsuppressed error-level (or UNKNOWN) result. */
export function failing(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.level === "error" && !f.suppressed);
}

function add(
  merged: Map<string, Finding>,
  rule: Rule,
  level: Level,
  status: Finding["status"],
  env: string,
  v: { at: SourceLocation; entry: { section: string; id: string }; message: string },
) {
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
    controls: rule.controls ?? rule.references.filter(isControlId),
  });
}

/**
 * The violations a check returned, when they are violations: organisation rules are code idac did not write, and a
 * check that returns a promise or malformed violations must not count as a pass (nor crash the run).
 */
function checked(result: unknown): readonly Violation[] {
  if (!Array.isArray(result))
    throw new Error(result instanceof Promise ? "the check returned a promise; checks are synchronous" : "the check did not return a list of violations");
  for (const v of result as unknown[]) {
    const x = v as Partial<Violation> | null;
    const at = x?.at;
    const ok =
      typeof x?.message === "string" &&
      typeof x.entry?.section === "string" &&
      typeof x.entry.id === "string" &&
      typeof at?.file === "string" &&
      Number.isInteger(at.line) &&
      Number.isInteger(at.col) &&
      typeof at.path === "string";
    if (!ok) throw new Error("the check returned a violation without message, entry { section, id } and at { file, line, col, path }");
  }
  return result as readonly Violation[];
}

function worst(a: Level, b: Level): Level {
  const order: Level[] = ["info", "warning", "error"];
  return order[Math.max(order.indexOf(a), order.indexOf(b))]!;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

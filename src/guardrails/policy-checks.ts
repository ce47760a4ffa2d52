import { issueAt, type CatalogIssue } from "../errors/issue";
import { didYouMean } from "../errors/suggest";
import type { Catalog } from "../model/model";
import { levelIn, type GuardrailPolicy, type SuppressionSetting } from "../policy/policy";
import { ENTRY_SECTIONS } from "../schema/catalog";
import { RETIRED_RULES } from "./packs/retired";
import type { Finding, Rule } from "./types";

export interface PolicyCheck {
  readonly issues: CatalogIssue[];
  /** Suppressions that are not applied because something is wrong with them. */
  readonly rejected: ReadonlySet<SuppressionSetting>;
}

/**
 * Checks a guardrail policy against the catalog and the rules: every rule, environment and entry it names exists; a
 * rule that protects the tenant stays at error level; a suppression has not expired, expires within the policy's
 * limit, and — for a rule at error level — is bound to one entry and carries a ticket. Each problem is a catalog
 * error at the setting's own position, and a suppression with a problem is not applied.
 */
export function checkPolicy(catalog: Catalog, policy: GuardrailPolicy, rules: readonly Rule[], today: string): PolicyCheck {
  const issues: CatalogIssue[] = [];
  const rejected = new Set<SuppressionSetting>();
  const known = new Map(rules.map((r) => [r.id, r]));
  const environments = catalog.environments.map((e) => e.id);
  const unknownRule = (rule: string, at: SuppressionSetting["at"], what: string) => {
    const retired = RETIRED_RULES.find((r) => r.id === rule);
    if (retired) {
      issues.push(
        issueAt(
          at,
          "GUARDRAIL_UNKNOWN_RULE",
          `${what} names rule '${rule}' (${retired.title}), which was retired: ${retired.reason}`,
          "Remove the setting; see 'Retired rule IDs' in docs/RULES.md.",
        ),
      );
      return;
    }
    const hint = didYouMean(rule, known.keys());
    issues.push(
      issueAt(
        at,
        "GUARDRAIL_UNKNOWN_RULE",
        `${what} names rule '${rule}', which does not exist.`,
        hint ? `Did you mean '${hint}'? See docs/RULES.md.` : "See docs/RULES.md for the rule IDs.",
      ),
    );
  };

  for (const l of policy.levels) {
    const rule = known.get(l.rule);
    if (!rule) {
      unknownRule(l.rule, l.at, "A level setting");
      continue;
    }
    for (const env of l.environments ?? []) {
      if (environments.includes(env)) continue;
      const hint = didYouMean(env, environments);
      issues.push(
        issueAt(
          l.at,
          "GUARDRAIL_UNKNOWN_ENVIRONMENT",
          `The level of ${l.rule} names environment '${env}', which the catalog does not declare.`,
          hint ? `Did you mean '${hint}'?` : `Declared environments: ${environments.join(", ")}.`,
        ),
      );
    }
    if (rule.protectsTenant && l.level !== "error") {
      issues.push(
        issueAt(
          l.at,
          "GUARDRAIL_PROTECTED_RULE",
          `${l.rule} (${rule.title}) protects the tenant itself and cannot be lowered to ${l.level}.`,
          "Remove the level setting; to accept one finding, suppress it on its entry with a reason, an expiry and a ticket.",
        ),
      );
    }
  }

  const entryIds = new Set(ENTRY_SECTIONS.flatMap((section) => (catalog[section] as readonly { id: string }[]).map((e) => e.id)));
  const latest = addDays(today, policy.suppressionMaxDays);
  for (const s of policy.suppressions) {
    const before = issues.length;
    const rule = known.get(s.rule);
    const on = s.entry ? ` on '${s.entry}'` : "";
    if (!rule) unknownRule(s.rule, s.at, "A suppression");
    else if (s.expires < today) {
      issues.push(
        issueAt(
          s.at,
          "GUARDRAIL_SUPPRESSION_EXPIRED",
          `Suppression of ${s.rule}${on} expired on ${s.expires} (reason was: ${s.reason}).`,
          "Fix the finding, or renew the suppression with a new expiry date after a fresh review.",
        ),
      );
    } else if (s.expires > latest) {
      issues.push(
        issueAt(
          s.at,
          "GUARDRAIL_SUPPRESSION_TOO_LONG",
          `Suppression of ${s.rule}${on} expires on ${s.expires}, more than ${policy.suppressionMaxDays} days ahead (at most ${latest}).`,
          "Choose an expiry within the limit and renew it after a fresh review; the limit is guardrails.suppressionMaxDays.",
        ),
      );
    }
    if (s.entry !== undefined && s.section === undefined && !entryIds.has(s.entry)) {
      const hint = didYouMean(s.entry, entryIds);
      issues.push(
        issueAt(
          s.at,
          "GUARDRAIL_UNKNOWN_ENTRY",
          `Suppression of ${s.rule} names entry '${s.entry}', which the catalog does not declare.`,
          hint ? `Did you mean '${hint}'?` : "Name the ID of the entry (or environment) the finding is on.",
        ),
      );
    }
    if (rule && (rule.protectsTenant || environments.some((env) => levelIn(policy, rule, env) === "error"))) {
      if (s.entry === undefined) {
        issues.push(
          issueAt(
            s.at,
            "GUARDRAIL_SUPPRESSION_UNBOUND",
            `Suppression of ${s.rule} applies to every entry, but ${s.rule} is at error level: a suppression of it must name one entry.`,
            "Add entry: <catalog ID> (the entry, or the environment for an environment-wide finding), or suppress it on the entry itself.",
          ),
        );
      }
      if (s.ticket === undefined) {
        issues.push(
          issueAt(
            s.at,
            "GUARDRAIL_SUPPRESSION_UNBOUND",
            `Suppression of ${s.rule}${on} has no ticket, but ${s.rule} is at error level.`,
            "Add ticket: <change or risk-acceptance reference>, so the acceptance can be traced.",
          ),
        );
      }
    }
    if (issues.length > before) rejected.add(s);
  }
  return { issues, rejected };
}

/** Whether a suppression accepts a finding: same rule, and the finding is on its entry (and section) when it names one. */
export function suppressionApplies(s: SuppressionSetting, f: Finding): boolean {
  return s.rule === f.rule && (s.entry === undefined || s.entry === f.entry.id) && (s.section === undefined || s.section === f.entry.section);
}

/** YYYY-MM-DD plus whole days. */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

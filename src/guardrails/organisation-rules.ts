import type { CatalogIssue, IssueCode } from "../errors/issue";
import { isOrganisationRule, type OrganisationRule } from "../rules";
import { RULE_ID } from "../schema/catalog";
import type { Rule } from "./types";

/** One loaded rule file: its catalog-relative path, its text (to point at an ID) and its module's exports. */
export interface RuleModule {
  readonly file: string;
  readonly text: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

/** The pack organisation rules are listed in. */
export const ORGANISATION_PACK = "organisation";

/**
 * The organisation rules a set of loaded files export, checked against the metadata contract: a valid ID that
 * collides neither with idac's own rules (`IDAC-` is reserved) nor with another rule, a level, a title, a fix, the
 * controls as a list, a check function, and `protectsTenant` only at error level. Every problem is an error at the
 * file (at the ID when it can be found); a rule with a problem is left out.
 */
export function organisationRules(modules: readonly RuleModule[], builtin: readonly { id: string }[]): { rules: Rule[]; issues: CatalogIssue[] } {
  const issues: CatalogIssue[] = [];
  const rules: Rule[] = [];
  const builtinIds = new Set(builtin.map((r) => r.id));
  const seen = new Map<string, string>();
  for (const m of [...modules].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const found = exportedRules(m.exports);
    if (found.length === 0) {
      issues.push({
        ...issueIn(
          m,
          undefined,
          "RULES_NONE_EXPORTED",
          `${m.file} exports no rule made with defineRule.`,
          'Export each rule: export const myRule = defineRule({ … }) with defineRule from "idac/rules" (see docs/rules.md).',
        ),
        severity: "warning",
      });
      continue;
    }
    for (const r of found) {
      const problems = contractProblems(r);
      const id = typeof r.id === "string" ? r.id : "";
      if (problems.length) {
        issues.push(
          issueIn(
            m,
            id,
            "RULES_INVALID",
            `Organisation rule ${id || "(without id)"} in ${m.file} is not valid: ${problems.join("; ")}.`,
            "Give every rule id, level, title, controls, fix and check as docs/rules.md shows.",
          ),
        );
        continue;
      }
      if (id.startsWith("IDAC-") || builtinIds.has(id)) {
        issues.push(
          issueIn(
            m,
            id,
            "RULES_RESERVED_ID",
            `Organisation rule ${id} in ${m.file} uses an ID reserved for idac's own rules${builtinIds.has(id) ? " (it is one of them)" : " (IDAC-…)"}.`,
            "Prefix your rule IDs with your organisation's code, such as MRO-NAMING-001.",
          ),
        );
        continue;
      }
      const other = seen.get(id);
      if (other !== undefined) {
        issues.push(
          issueIn(
            m,
            id,
            "RULES_DUPLICATE_ID",
            `Organisation rule ID ${id} in ${m.file} is already used by a rule in ${other}.`,
            "Give each rule its own ID; IDs are never reused.",
          ),
        );
        continue;
      }
      seen.set(id, m.file);
      rules.push(toRule(r, m.file));
    }
  }
  return { rules, issues };
}

/** Rules among a module's exports: each export that is a rule, or a list of rules (the default export included). */
function exportedRules(exports: Readonly<Record<string, unknown>>): OrganisationRule[] {
  const out: OrganisationRule[] = [];
  for (const name of Object.keys(exports).sort()) {
    const value = exports[name];
    if (isOrganisationRule(value)) {
      if (!out.includes(value)) out.push(value);
    } else if (Array.isArray(value)) {
      for (const v of value) if (isOrganisationRule(v) && !out.includes(v)) out.push(v);
    }
  }
  return out;
}

function contractProblems(r: OrganisationRule): string[] {
  const p: string[] = [];
  const text = (v: unknown) => typeof v === "string" && v.trim().length > 0;
  if (typeof r.id !== "string" || !RULE_ID.test(r.id)) p.push("id must be upper-case words joined by '-', such as MRO-NAMING-001");
  if (!["error", "warning", "info"].includes(r.level as string)) p.push("level must be error, warning or info");
  if (!text(r.title)) p.push("title must be a sentence (what a compliant catalog should do)");
  if (!text(r.fix)) p.push("fix must say how to fix a finding");
  if (!Array.isArray(r.controls) || !r.controls.every((c) => typeof c === "string")) p.push("controls must be a list of control IDs (it may be empty)");
  if (typeof r.check !== "function") p.push("check must be a function of the rule context returning a list of violations");
  if (r.severity !== undefined && !["low", "medium", "high", "critical"].includes(r.severity as string))
    p.push("severity must be low, medium, high or critical");
  if (r.protectsTenant !== undefined && typeof r.protectsTenant !== "boolean") p.push("protectsTenant must be true or false");
  if (r.protectsTenant === true && r.level !== "error") p.push("a rule that protects the tenant must be at level error");
  if (r.references !== undefined && !(Array.isArray(r.references) && r.references.every((x) => typeof x === "string")))
    p.push("references must be a list of strings");
  if (r.example !== undefined && typeof r.example !== "string") p.push("example must be a string");
  if (r.rationale !== undefined && typeof r.rationale !== "string") p.push("rationale must be a string");
  return p;
}

function toRule(r: OrganisationRule, file: string): Rule {
  const check = r.check;
  return {
    pack: ORGANISATION_PACK,
    id: r.id,
    title: r.title,
    severity: r.severity ?? "medium",
    level: r.level,
    rationale: r.rationale ?? r.title,
    remediation: r.fix,
    example: r.example ?? "",
    references: [...r.controls, ...(r.references ?? [])],
    controls: [...r.controls],
    ...(r.protectsTenant ? { protectsTenant: true } : {}),
    source: file,
    check: (ctx) => check(ctx),
  };
}

/** An issue in a rule file, at the first place its text spells the rule's ID (in quotes), else at the top. */
function issueIn(m: RuleModule, id: string | undefined, code: IssueCode, message: string, hint: string): CatalogIssue {
  let line = 1;
  let col = 1;
  const index = id
    ? [`"${id}"`, `'${id}'`, `\`${id}\``]
        .map((q) => m.text.indexOf(q))
        .filter((i) => i >= 0)
        .sort((a, b) => a - b)[0]
    : undefined;
  if (index !== undefined) {
    const before = m.text.slice(0, index).split("\n");
    line = before.length;
    col = before[before.length - 1]!.length + 1;
  }
  return { code, severity: "error", file: m.file, line, col, path: id ? `rules[${id}]` : "(file)", message, hint };
}

/**
 * Organisation rules: guardrail rules an organisation writes in its own catalog repository (`rules/*.ts`), run by
 * `idac validate` next to idac's own packs and protected by the same policy (levels, suppressions, the protected
 * base). This module is the public API (`import { defineRule } from "idac/rules"`); see docs/rules.md.
 *
 * @example
 * ```ts
 * import { defineRule, violationAt } from "idac/rules";
 *
 * export const catalogPrefix = defineRule({
 *   id: "MRO-NAMING-001",
 *   level: "warning",
 *   title: "Access package catalog IDs should start with cat-",
 *   controls: ["MRO-ISMS-5.18"],
 *   fix: "Rename the catalog's id to cat-<domain> (a new ID recreates the catalog: add replace: true).",
 *   check: (ctx) =>
 *     ctx.catalog.accessPackageCatalogs
 *       .filter((c) => !c.id.startsWith("cat-"))
 *       .map((c) => violationAt(c, "accessPackageCatalogs", `Catalog '${c.id}' does not start with cat-.`, ["id"])),
 * });
 * ```
 */
import type { Entry } from "./model/model";
import type { Level, RuleContext, Severity, Violation } from "./guardrails/types";

export type { Level, RuleContext, Severity, Violation } from "./guardrails/types";
export type { Catalog, Entry } from "./model/model";
export type { EnvironmentView } from "./model/environment";

/** What an organisation declares for one rule: the same metadata contract as idac's own rules. */
export interface RuleDefinition {
  /**
   * Stable ID, never reused: upper-case words joined by `-`, such as `MRO-NAMING-001`. `IDAC-` is reserved for
   * idac's own rules. Suppressions and level settings name it.
   */
  readonly id: string;
  /** What a finding does to the run: `error` fails validate (exit 1), `warning` and `info` are reported. */
  readonly level: Level;
  /** A "should" sentence: what a compliant catalog does. */
  readonly title: string;
  /**
   * The controls the rule checks: baseline controls (MS.AAD.x.y, MT.nnnn) or the organisation's own control IDs.
   * Findings, reports and SARIF carry them. May be empty.
   */
  readonly controls: readonly string[];
  /** How to fix a finding, in catalog terms. */
  readonly fix: string;
  /**
   * The rule protects the tenant itself: its level cannot be lowered below error and its findings can only be
   * suppressed on one entry with a ticket. Requires `level: "error"`. @default false
   */
  readonly protectsTenant?: boolean;
  /** @default "medium" */
  readonly severity?: Severity;
  /** Why the rule exists. @default the title */
  readonly rationale?: string;
  /** A catalog snippet that complies, shown by `idac rules`. @default none */
  readonly example?: string;
  /** Links for the reader (policies, Microsoft Learn pages). @default none */
  readonly references?: readonly string[];
  /**
   * A pure, synchronous function of the catalog as one environment sees it: the entries that do not comply. It runs
   * once per environment. A check that throws, or returns anything but a list of violations, is reported as an
   * UNKNOWN error-level finding naming the rule and its file; it never counts as a pass.
   */
  readonly check: (ctx: RuleContext) => readonly Violation[];
}

/** The mark idac recognises rules by; a registered symbol, so a rule made with another copy of idac is recognised too. */
export const RULE_MARK: unique symbol = Symbol.for("idac.organisation-rule") as never;

/** A rule made with {@link defineRule}: export it (or a list of them) from a file in `rules/`. */
export type OrganisationRule = RuleDefinition & { readonly [RULE_MARK]: true };

/**
 * Declares an organisation rule. The definition is checked when idac loads the file (an invalid one is reported
 * with the file, exit 2), not here, so that every problem of every rule file is reported at once.
 */
export function defineRule(definition: RuleDefinition): OrganisationRule {
  return Object.freeze({ ...definition, [RULE_MARK]: true as const });
}

/** Whether a value was made with {@link defineRule}. */
export function isOrganisationRule(value: unknown): value is OrganisationRule {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[RULE_MARK] === true;
}

/**
 * A violation at a catalog entry, or at a value inside it (`path` relative to the entry, such as `["displayName"]`),
 * with the entry's section (`groups`, `businessRoles`, `accessPackageCatalogs`, `conditionalAccessPolicies`, …).
 */
export function violationAt(entry: Entry<{ id: string }>, section: string, message: string, path: readonly (string | number)[] = []): Violation {
  return { at: path.length ? entry.source.locate(path) : entry.source, entry: { section, id: entry.id }, message };
}

import type { SourceLocation } from "../errors/issue";
import type { EnvironmentView } from "../model/environment";
import type { Catalog } from "../model/model";

import type { Level } from "../policy/policy";

export type { Level } from "../policy/policy";
export type Severity = "low" | "medium" | "high" | "critical";

/** Metadata of a rule, held by its pack. IDs are stable and never reused. */
export interface RuleMeta {
  readonly id: string;
  /** A "should" sentence. */
  readonly title: string;
  readonly severity: Severity;
  readonly level: Level;
  readonly rationale: string;
  readonly remediation: string;
  /** A catalog snippet that complies. */
  readonly example: string;
  /** MS.AAD.x.y, MT.nnnn, Microsoft Learn links. */
  readonly references: readonly string[];
  /**
   * The rule protects the tenant itself (break-glass, standing privilege, MFA, legacy authentication, lockout):
   * its level cannot be lowered below error. Its findings can only be suppressed per entry, with a ticket.
   */
  readonly protectsTenant?: boolean;
}

/** What a rule reports for one entry that does not comply; the engine adds rule and level. */
export interface Violation {
  readonly at: SourceLocation;
  /** Catalog section and ID of the entry concerned, or the environment for catalog-wide findings. */
  readonly entry: { readonly section: string; readonly id: string };
  readonly message: string;
}

/** What a rule sees: the catalog as one environment sees it, the base revision when known, and today's date. */
export interface RuleContext {
  readonly catalog: Catalog;
  readonly view: EnvironmentView;
  /** The catalog at the git base, when validate compares with one. */
  readonly base?: Catalog;
  /** YYYY-MM-DD, the day the rules run (injected, so results are reproducible). */
  readonly today: string;
}

/** A reference that is a baseline control ID: CISA ScubaGear's MS.AAD.x.y or Maester's MT.nnnn. */
export function isControlId(reference: string): boolean {
  return /^(MS\.AAD\.\d+\.\d+|MT\.\d{4})$/.test(reference);
}

/** A rule: pure function of the context; an empty list means compliant (or not applicable). */
export type RuleCheck = (ctx: RuleContext) => readonly Violation[];

export interface Rule extends RuleMeta {
  readonly check: RuleCheck;
  readonly pack: string;
  /** The controls findings carry. @default the references that are control IDs */
  readonly controls?: readonly string[];
  /** For an organisation rule: the file in the catalog repository that defines it (`rules/naming.ts`). */
  readonly source?: string;
}

export interface Finding {
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  /** The rule's level after environment re-levelling; UNKNOWN results are errors. */
  readonly level: Level;
  readonly status: "fail" | "unknown";
  readonly environments: readonly string[];
  readonly entry: { readonly section: string; readonly id: string };
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly path: string;
  readonly message: string;
  readonly remediation: string;
  /** The baseline controls the rule checks (MS.AAD.x.y, MT.nnnn): its references that are control IDs. */
  readonly controls: readonly string[];
  readonly suppressed?: { readonly reason: string; readonly expires: string; readonly ticket?: string | undefined };
}

import type { Catalog } from "../model/model";
import { policyChanges, unverifiablePolicy, type PolicyChange, type PolicyIntent, type PolicyRule } from "./changes";
import { policyOf, type GuardrailPolicy } from "./policy";

/** What was found at the protected base revision (see `loadCatalog`). */
export interface BaseState {
  /** The revision as the user named it. */
  readonly ref: string;
  readonly status: "valid" | "invalid" | "missing";
  readonly catalog?: Catalog;
}

export interface PolicyReview {
  /** Every change of the policy against the base, in the direction that lets more through. */
  readonly changes: readonly PolicyChange[];
  /** The changes whose intent was not given. */
  readonly blocked: readonly PolicyChange[];
  /** The policy that applies: the base's, unless every change of it was allowed (or there is no base). */
  readonly effective: GuardrailPolicy;
  /** Which policy applies. */
  readonly source: "base" | "catalog";
}

/**
 * Decides which guardrail policy applies to a catalog. Without a base (no repository, or `--no-base`) it is the
 * catalog's own. With a base, the base's policy applies until every change of it is allowed by its intent
 * (`policy-change`, `break-glass`): a pull request cannot lower a level, add a suppression or move break-glass
 * and have its own change judged by the policy it just wrote. `ruleCode` are the changes of the organisation's
 * rule files ({@link ruleCodeChange}), policy changes like the others.
 */
export function reviewPolicy(
  head: Catalog,
  base: BaseState | undefined,
  allow: readonly string[],
  rules: readonly PolicyRule[],
  ruleCode: readonly PolicyChange[] = [],
): PolicyReview {
  const own = policyOf(head);
  if (!base) return { changes: [], blocked: [], effective: own, source: "catalog" };
  const environments = head.environments.map((e) => e.id);
  const changes = [
    ...(base.catalog
      ? policyChanges(policyOf(base.catalog), own, rules, environments)
      : [unverifiablePolicy(base.ref, base.status === "invalid" ? "invalid" : "missing")]),
    ...ruleCode,
  ];
  const blocked = changes.filter((c) => !allow.includes(c.allowedBy));
  if (blocked.length === 0) return { changes, blocked, effective: own, source: "catalog" };
  // Nothing of the base to fall back on: the pull request's policy is shown, but the change is blocked anyway.
  return { changes, blocked, effective: base.catalog ? policyOf(base.catalog) : own, source: base.catalog ? "base" : "catalog" };
}

/** The flags that allow policy changes, for `--allow` validation. */
export const POLICY_INTENTS: readonly PolicyIntent[] = ["policy-change", "break-glass"];

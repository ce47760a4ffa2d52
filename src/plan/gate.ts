import type { PlanJson } from "./plan-json";
import { plannedChange, type ChangeCheck, type Finding, type GateContext, type PlannedChange } from "./checks/change";
import { crossStackReplacements } from "./checks/moves";
import { PlanIndex } from "./checks/plan-index";
import { DESTRUCTIVE_CHECKS, stackFindings } from "./checks/destructive";
import { CONDITIONAL_ACCESS_CHECKS } from "./checks/conditional-access";
import { BREAK_GLASS_CHECKS } from "./checks/break-glass";
import { PIM_POLICY_CHECKS } from "./checks/pim-policy";
import { PRIVILEGED_MEMBERSHIP_CHECKS } from "./checks/privileged-membership";
import { MEMBERSHIP_RULE_CHECKS } from "./checks/membership-rule";
import { FOREIGN_CHECKS } from "./checks/foreign";
import { LIFECYCLE_AND_METHODS_CHECKS } from "./checks/lifecycle-and-methods";
import { GOVERNANCE_REVIEW_CHECKS } from "./checks/governance-reviews";
import type { AllowFlag, GateOptions } from "./gate-options";

export { ALLOW_FLAGS, DEFAULT_GATE, type AllowFlag, type GateLimits, type GateOptions } from "./gate-options";

export interface Trip {
  readonly stack: string;
  readonly address?: string;
  readonly condition: AllowFlag;
  /** What weakens, in catalog terms, with before → after. */
  readonly message: string;
  /** The flag (and PR label) that allows it. */
  readonly allowedBy: AllowFlag;
  readonly allowed: boolean;
}

/** Every check of one resource change, by family. */
const CHECKS: readonly ChangeCheck[] = [
  ...DESTRUCTIVE_CHECKS,
  ...CONDITIONAL_ACCESS_CHECKS,
  ...BREAK_GLASS_CHECKS,
  ...PIM_POLICY_CHECKS,
  ...PRIVILEGED_MEMBERSHIP_CHECKS,
  ...MEMBERSHIP_RULE_CHECKS,
  ...FOREIGN_CHECKS,
  // --- lifecycle workflows, authentication methods, directory role settings ---
  ...LIFECYCLE_AND_METHODS_CHECKS,
  // --- access reviews, SoD enforcement, automatic assignment ---
  ...GOVERNANCE_REVIEW_CHECKS,
  // --- end access reviews, SoD enforcement, automatic assignment ---
];

/**
 * The risk gate: every change that needs explicit intent, whether it is allowed, and by which flag. The gate fails
 * when any trip is not allowed. Checks read attributes by meaning (before → after), never the JSON as text; the plans
 * given together are one environment, and references between them (cdktf cross-stack outputs) are followed.
 */
export function gatePlans(plans: readonly { stack: string; plan: PlanJson }[], options: GateOptions): Trip[] {
  const ctx: GateContext = {
    index: new PlanIndex(plans),
    breakGlass: {
      accounts: new Set(options.breakGlass.accounts.map((a) => a.toLowerCase())),
      groups: new Set(options.breakGlass.groups.map((g) => g.toLowerCase())),
    },
  };
  const trips: Trip[] = [];
  const add = (stack: string, f: Finding) =>
    trips.push({
      stack,
      ...(f.address ? { address: f.address } : {}),
      condition: f.condition,
      message: f.message,
      allowedBy: f.condition,
      allowed: options.allow.includes(f.condition),
    });
  const all: PlannedChange[] = [];
  for (const { stack, plan } of plans) {
    const changes = plan.resource_changes.filter((rc) => rc.mode === "managed").map((rc) => plannedChange(stack, rc));
    for (const change of changes) for (const check of CHECKS) for (const f of check(change, ctx)) add(stack, f);
    for (const f of stackFindings(stack, changes, options.limits)) add(stack, f);
    all.push(...changes);
  }
  // A group that changes stacks without a move (removed + import) is destroyed and created again.
  for (const f of crossStackReplacements(all)) add(f.stack, f);
  return trips;
}

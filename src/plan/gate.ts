import type { PlanJson } from "./plan-json";
import { plannedChange, type ChangeCheck, type Finding, type GateContext } from "./checks/change";
import { PlanIndex } from "./checks/plan-index";
import { DESTRUCTIVE_CHECKS, stackFindings } from "./checks/destructive";
import { CONDITIONAL_ACCESS_CHECKS } from "./checks/conditional-access";
import { BREAK_GLASS_CHECKS } from "./checks/break-glass";
import { PIM_POLICY_CHECKS } from "./checks/pim-policy";
import { PRIVILEGED_MEMBERSHIP_CHECKS } from "./checks/privileged-membership";
import { MEMBERSHIP_RULE_CHECKS } from "./checks/membership-rule";
import { FOREIGN_CHECKS } from "./checks/foreign";

/**
 * What can be allowed, each by `--allow <flag>` or the pull request label `allow-<flag>`:
 * - `destroy`, `replace`: deleting a protected object, replacing any object, a rename that destroys, too many deletes;
 * - `large-change`: too many creates and updates, or membership removals, in one stack;
 * - `enable-ca`: enabling a conditional access policy that did not run in report-only;
 * - `break-glass`: a policy that does not exclude (or includes) the break-glass accounts or group, or a break-glass
 *   ID added to or removed from any other resource;
 * - `weaken-ca`: an enabled policy stops enforcing, narrows its scope, weakens its grant or loosens its session
 *   controls; an authentication strength or named location that lets more through;
 * - `weaken-pim`: a PIM for Groups policy turns a requirement off, allows longer, or changes its approvers;
 * - `standing-access`: active (standing) membership of a privileged group, or a directory role to anything but a
 *   role-assignable group;
 * - `privileged-owners`: owners of a role-assignable or PIM group added or removed;
 * - `membership-rule`: the dynamic rule of a group that grants access changes, matches everyone or nobody, or pauses;
 * - `foreign`: a resource idac does not emit (type or name), or an app role of Microsoft Graph;
 * - `policy-change`: the guardrail policy differs from the protected base's.
 */
export const ALLOW_FLAGS = [
  "destroy",
  "replace",
  "enable-ca",
  "large-change",
  "break-glass",
  "weaken-ca",
  "weaken-pim",
  "standing-access",
  "privileged-owners",
  "membership-rule",
  "foreign",
  "policy-change",
] as const;
export type AllowFlag = (typeof ALLOW_FLAGS)[number];

export interface GateLimits {
  /** Per stack. @default 0 */
  readonly maxDeletes: number;
  /** Creates plus updates per stack. @default 25 */
  readonly maxChanges: number;
  /** Members removed from groups per stack. @default 50 */
  readonly maxMembershipRemovals: number;
}

export interface GateOptions {
  readonly allow: readonly AllowFlag[];
  /** Non-negative integers: the command line refuses anything else before the gate runs. */
  readonly limits: GateLimits;
  /** Object IDs of the break-glass accounts and group(s) of the environment whose plans are gated. */
  readonly breakGlass: { readonly accounts: readonly string[]; readonly groups: readonly string[] };
}

export const DEFAULT_GATE: GateOptions = {
  allow: [],
  limits: { maxDeletes: 0, maxChanges: 25, maxMembershipRemovals: 50 },
  breakGlass: { accounts: [], groups: [] },
};

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
  for (const { stack, plan } of plans) {
    const changes = plan.resource_changes.filter((rc) => rc.mode === "managed").map((rc) => plannedChange(stack, rc));
    for (const change of changes) for (const check of CHECKS) for (const f of check(change, ctx)) add(stack, f);
    for (const f of stackFindings(stack, changes, options.limits)) add(stack, f);
  }
  return trips;
}

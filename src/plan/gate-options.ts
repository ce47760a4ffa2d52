// The gate's options and their defaults, apart from the checks so the command line can name them in its help
// without loading the gate.

/**
 * What can be allowed, each by `--allow <flag>` or the pull request label `allow-<flag>`:
 * - `destroy`, `replace`: deleting a protected object, replacing any object, a rename that destroys, too many deletes;
 * - `large-change`: too many creates and updates, or membership removals, in one stack;
 * - `enable-ca`: enabling a conditional access policy that did not run in report-only;
 * - `break-glass`: a policy that does not exclude (or includes) the break-glass accounts or group, or a break-glass
 *   ID added to or removed from any other resource;
 * - `weaken-ca`: an enabled policy stops enforcing, narrows its scope, weakens its grant or loosens its session
 *   controls; an authentication strength or named location that lets more through;
 * - `weaken-pim`: a PIM for Groups policy or a directory role's PIM rule turns a requirement off, allows longer, or changes
 *   its approvers;
 * - `standing-access`: active (standing) membership of a privileged group, or a directory role to anything but a
 *   role-assignable group;
 * - `privileged-owners`: owners of a role-assignable or PIM group added or removed;
 * - `membership-rule`: the dynamic rule of a group that grants access changes, matches everyone or nobody, or pauses;
 * - `foreign`: a resource idac does not emit (type or name), or an app role of Microsoft Graph;
 * - `policy-change`: the guardrail policy differs from the protected base's;
 * - `weaken-governance`: an access review deleted, less frequent or loosened, an incompatibility removed, an automatic
 *   assignment widened; a leaver workflow deleted, disabled, delayed, rescoped or losing a task; SMS or voice sign-in
 *   turned on, a strong method turned off, temporary access passes longer-lived or reusable, passkey attestation or
 *   Authenticator context off, the registration campaign off; an access review deleted, made less frequent or
 *   looser (no auto-apply, approve on no response, fewer reviewers' duties); a request-time incompatibility removed; an
 *   automatic assignment widened.
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
  "weaken-governance",
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

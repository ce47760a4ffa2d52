/** Exit codes, decided here only. */
export const EXIT = {
  /** Everything is fine. */
  ok: 0,
  /** The catalog is valid but findings remain (guardrails, plan gate). */
  findings: 1,
  /** The catalog (or another input) is invalid: nothing was written. */
  invalidInput: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

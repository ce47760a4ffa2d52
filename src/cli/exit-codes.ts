/** Exit codes, decided here only. */
export const EXIT = {
  /** Everything is fine. */
  ok: 0,
  /** The catalog is valid but findings remain (guardrails, plan gate). */
  findings: 1,
  /** The catalog (or another input) is invalid: nothing was written. */
  invalidInput: 2,
  /**
   * The reader of stdout went away (`idac coverage … | head`) before the command finished: it was stopped, and what it
   * would have decided is unknown. As a process a closed pipe ends (128 + SIGPIPE), so `set -o pipefail` fails the step.
   */
  outputClosed: 141,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Wall-clock time per phase of a run (load, schema, resolve, each guardrail rule), recorded only once enabled: the
 * CLI enables it when `IDAC_PROFILE` is set and prints the totals to stderr, so a benchmark can show where a run
 * spends its time. Disabled, a phase costs one function call.
 */
const totals = new Map<string, { wallMs: number; cpuMs: number }>();
let enabled = false;

/** Starts recording (the totals so far are kept). */
export function enablePhaseTimings(): void {
  enabled = true;
}

/** Runs `run`, adding its wall and CPU time to `phase` when recording. */
export function timed<T>(phase: string, run: () => T): T {
  if (!enabled) return run();
  const stop = started(phase);
  try {
    return run();
  } finally {
    stop();
  }
}

/** {@link timed} for asynchronous work: the time until the promise settles. */
export async function timedAsync<T>(phase: string, run: () => Promise<T>): Promise<T> {
  if (!enabled) return run();
  const stop = started(phase);
  try {
    return await run();
  } finally {
    stop();
  }
}

/**
 * The recorded phases in the order they first ran: wall time, and CPU time of the whole process meanwhile (the
 * garbage collector included), which a busy machine does not inflate.
 */
export function phaseTimings(): { readonly phase: string; readonly wallMs: number; readonly cpuMs: number }[] {
  return [...totals].map(([phase, t]) => ({ phase, ...t }));
}

function started(phase: string): () => void {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    const t = totals.get(phase) ?? { wallMs: 0, cpuMs: 0 };
    totals.set(phase, { wallMs: t.wallMs + performance.now() - wall, cpuMs: t.cpuMs + (used.user + used.system) / 1000 });
  };
}

/**
 * Runs `work` without recording JavaScript stack traces. cdktf records a full-depth stack trace for every token it
 * creates (each attribute reference, each nested block of a provider construct) whatever the App's `stackTraces`
 * setting, which only covers annotations; with source maps on, formatting those traces costs more than building the
 * resources. V8 records a trace only while `Error.stackTraceLimit` is a plain number, so for the duration of `work` the
 * limit is an accessor that reads 0 and ignores writes (cdktf raises the limit before each capture). Errors thrown
 * meanwhile keep their message and lose their stack; the limit is restored afterwards, also when `work` throws.
 */
export function withoutStackTraces<T>(work: () => T): T {
  const original = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
  if (!original || !("value" in original)) return work(); // already off (a nested call), or changed by someone else
  Object.defineProperty(Error, "stackTraceLimit", { configurable: true, enumerable: original.enumerable ?? true, get: () => 0, set: () => {} });
  try {
    return work();
  } finally {
    Object.defineProperty(Error, "stackTraceLimit", original);
  }
}

import { setFlagsFromString } from "node:v8";

/**
 * How far V8 may let the heap grow past the memory still live after a full collection, in percent, while a process
 * synthesizes. Left to itself V8 grows it by up to four times when collecting is cheap, as it is when cdktf builds a
 * large tenant: synthesizing 74,000 resources then peaks at about 1.8 GB for about 0.5 GB live. Doubling at most keeps
 * the peak near 1 GB, for a few more full collections in about the same time.
 */
export const SYNTH_HEAP_GROWING_PERCENT = 100;

/** Flags with which whoever started Node chose its heap size or growth: those are kept as given. */
const HEAP_FLAGS = /--(max-old-space-size|max-heap-size|heap-growing-percent|max_old_space_size|max_heap_size|heap_growing_percent)\b/;

/**
 * Bounds the heap growth of this process for synthesis (see {@link SYNTH_HEAP_GROWING_PERCENT}), unless Node was
 * started with its own heap settings (`node --max-old-space-size=…`, `NODE_OPTIONS`). For processes that synthesize
 * (the `synth` command and its worker processes), not for a library that embeds idac: it changes the whole process.
 * @returns whether the setting was applied
 */
export function boundHeapGrowthForSynthesis(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ""): boolean {
  if (execArgv.some((a) => HEAP_FLAGS.test(a)) || HEAP_FLAGS.test(nodeOptions)) return false;
  setFlagsFromString(`--heap-growing-percent=${SYNTH_HEAP_GROWING_PERCENT}`);
  return true;
}

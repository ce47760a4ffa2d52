import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkOutputFolder, markerText, OUTPUT_MARKER, type OutputFolderOptions } from "./output-folder";

/**
 * Replaces an output folder atomically: checks it ({@link checkOutputFolder}), lets `write` fill a new sibling
 * folder, adds the marker, and swaps it in only when `write` succeeded, so a failed or interrupted run leaves the
 * previous output as it was. Returns the real path written and what `write` returned.
 */
export async function replaceFolder<T>(
  out: string,
  options: OutputFolderOptions,
  write: (staging: string) => Promise<T> | T,
): Promise<{ outdir: string; result: T }> {
  const target = await checkOutputFolder(out, options);
  await mkdir(path.dirname(target), { recursive: true });
  await recoverInterruptedSwap(target);
  const staging = `${target}.staging-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await mkdir(staging);
    const result = await write(staging);
    await writeFile(path.join(staging, OUTPUT_MARKER), markerText(options.kind), { flag: "wx" });
    const previous = `${target}.previous-${process.pid}-${randomBytes(4).toString("hex")}`;
    await withSignalsDeferred(async () => {
      const hadPrevious = await exists(target);
      if (hadPrevious) await rename(target, previous);
      await rename(staging, target);
      if (hadPrevious) await rm(previous, { recursive: true, force: true });
    });
    return { outdir: target, result };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * The swap is two renames. An interrupt (Ctrl-C, a cancelled CI job's SIGTERM) between them would leave no output
 * at all, so those signals wait until the swap is done, then take effect.
 */
async function withSignalsDeferred(work: () => Promise<void>): Promise<void> {
  const received: NodeJS.Signals[] = [];
  const defer = (signal: NodeJS.Signals) => void received.push(signal);
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) process.on(s, defer);
  try {
    await work();
  } finally {
    for (const s of signals) process.off(s, defer);
    if (received.length) process.kill(process.pid, received[0]);
  }
}

/**
 * A run killed outright (SIGKILL, power loss) between the two renames leaves the previous output under its
 * temporary name: put it back before anything else, and clear staging folders of runs that are gone. Only siblings
 * named `<target>.staging-<pid>-<hex>` and `<target>.previous-<pid>-<hex>` are touched.
 */
export async function recoverInterruptedSwap(target: string): Promise<void> {
  const dir = path.dirname(target);
  const base = path.basename(target);
  const siblings = await readdir(dir).catch(() => [] as string[]);
  const previous = siblings.filter((n) => n.startsWith(`${base}.previous-`)).sort();
  if (!(await exists(target)) && previous.length) await rename(path.join(dir, previous[previous.length - 1]!), target);
  for (const name of siblings) {
    const m = name.startsWith(base) ? /^\.(?:staging|previous)-(\d+)-[0-9a-f]+$/.exec(name.slice(base.length)) : null;
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

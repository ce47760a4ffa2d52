import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Manifest } from "cdktf";
import { StackLayoutError } from "../dependencies";

/** What a worker synthesizes: one environment of the catalog at `catalogRoot`, into `outdir`. */
export interface WorkerTask {
  readonly catalogRoot: string;
  readonly environment: string;
  readonly outdir: string;
  /** The base revision whose catalog decides which objects move between stacks. @default none */
  readonly base?: string;
}

/** A worker's answer: the stacks it wrote, every construct problem it found (nothing written), or why it failed. */
export type WorkerReply =
  { readonly stacks: string[] } | { readonly problems: readonly string[] } | { readonly layout: readonly string[] } | { readonly error: string };

/** Every problem the workers found, in environment order, or the errors that stopped them. */
export class ParallelSynthFailed extends Error {
  constructor(
    message: string,
    public readonly problems: readonly string[],
  ) {
    super(message);
    this.name = "ParallelSynthFailed";
  }
}

/**
 * Synthesizes the first environment in this process and each other one in a worker process of its own, as many at a
 * time as the machine has cores. Each writes its stacks into a folder of its own; the stacks are then moved into
 * `outdir/stacks` and their manifest entries merged into one `manifest.json` (cdktf's own writer, so the bytes are those
 * of one app). Stack names are returned in environment order. Every environment is synthesized to the end, so all
 * problems are reported at once.
 */
export async function synthesizeInParallel(
  catalogRoot: string,
  environments: readonly string[],
  outdir: string,
  here: (environment: string, outdir: string) => string[],
  base?: string,
): Promise<string[]> {
  const tasks = environments.map((environment, i) => ({
    catalogRoot,
    environment,
    outdir: path.join(outdir, `.environment-${i}`),
    ...(base !== undefined ? { base } : {}),
  }));
  for (const task of tasks) await mkdir(task.outdir);
  const replies: Promise<WorkerReply>[] = [];
  const lanes = Math.max(1, availableParallelism() - 1);
  for (let i = 1; i < tasks.length; i++) replies.push(i <= lanes ? runWorker(tasks[i]!) : replies[i - 1 - lanes]!.then(() => runWorker(tasks[i]!)));
  replies.unshift(Promise.resolve(inProcess(() => here(tasks[0]!.environment, tasks[0]!.outdir))));
  const answers = await Promise.all(replies);

  const problems = answers.flatMap((r) => ("problems" in r ? r.problems : []));
  const errors = answers.flatMap((r, i) => ("error" in r ? [`environment ${environments[i]}: ${r.error}`] : []));
  if (errors.length) throw new ParallelSynthFailed(errors.join("\n"), problems);
  if (problems.length) throw new ParallelSynthFailed("", problems);
  const layout = answers.flatMap((r) => ("layout" in r ? r.layout : []));
  if (layout.length) throw new StackLayoutError(layout);

  let manifest: Manifest | undefined;
  const names: string[] = [];
  for (const [i, task] of tasks.entries()) {
    const part = JSON.parse(await readFile(path.join(task.outdir, Manifest.fileName), "utf8")) as { version: string; stacks: Manifest["stacks"] };
    manifest ??= new Manifest(part.version, outdir, false);
    for (const name of (answers[i] as { stacks: string[] }).stacks) {
      await rename(path.join(task.outdir, Manifest.stacksFolder, name), path.join(outdir, Manifest.stacksFolder, name));
      manifest.stacks[name] = part.stacks[name]!;
      names.push(name);
    }
    await rm(task.outdir, { recursive: true, force: true });
  }
  manifest?.writeToFile();
  return names;
}

/** The in-process environment's outcome as a worker would report it. */
function inProcess(synthesize: () => string[]): WorkerReply {
  try {
    return { stacks: synthesize() };
  } catch (err) {
    if (err instanceof StackLayoutError) return { layout: err.problems };
    if (err instanceof Error && "problems" in err && Array.isArray(err.problems)) return { problems: err.problems as string[] };
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Runs one worker process; its own output goes to this process's stdout and stderr. */
function runWorker(task: WorkerTask): Promise<WorkerReply> {
  const worker = workerModule();
  return new Promise((resolve) => {
    let reply: WorkerReply | undefined;
    const child = fork(worker.file, [], { execArgv: worker.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
    child.once("message", (m) => (reply = m as WorkerReply));
    child.once("error", (err) => (reply ??= { error: err.message }));
    child.once("exit", (code, signal) => resolve(reply ?? { error: `the worker process stopped (${signal ?? `exit code ${code}`}) before it answered` }));
    child.send(task);
  });
}

/**
 * The worker's module: src/stacks/synth-worker.ts in the sources (run through tsx, which the worker then loads too), or
 * the bundled `dist/synth-worker.js`, next to the built entry or one folder up from the chunk that holds this code.
 */
function workerModule(): { file: string; execArgv: string[] } {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) {
    const built = ["./synth-worker.js", "../synth-worker.js"].map((f) => fileURLToPath(new URL(f, here))).find((f) => existsSync(f));
    if (!built) throw new Error("internal: dist/synth-worker.js is missing (rebuild idac: npm run build)");
    return { file: built, execArgv: [] };
  }
  // idac's own tsx, wherever the process runs (bin/idac.js registers tsx through its API, not a command-line flag).
  const tsx = typeof import.meta.resolve === "function" ? import.meta.resolve("tsx") : "tsx";
  return { file: fileURLToPath(new URL("../synth-worker.ts", here)), execArgv: ["--import", tsx] };
}

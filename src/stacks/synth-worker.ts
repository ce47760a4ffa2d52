/**
 * A worker process of parallel synthesis ({@link synthesizeInParallel}): loads the catalog and its extension from the
 * catalog root, synthesizes one environment into the folder it is given, and reports the stack names, the construct
 * problems, or the error. It runs the same code as synthesis in one process, so each stack's files are the same bytes.
 */
import { hasErrors } from "../errors/issue";
import { loadCatalog } from "../resolve/load-catalog";
import { ConstructProblems, synthesizeInto } from "./app";
import { StackLayoutError } from "./dependencies";
import { boundHeapGrowthForSynthesis } from "./heap-growth";
import { loadExtension } from "./load-extension";
import type { WorkerReply, WorkerTask } from "./private/parallel";

boundHeapGrowthForSynthesis();

process.once("message", (task: WorkerTask) => {
  void run(task).then(
    (reply) => process.send!(reply, () => process.disconnect()),
    (err: unknown) => process.send!({ error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply, () => process.disconnect()),
  );
});

async function run(task: WorkerTask): Promise<WorkerReply> {
  const { catalog, issues, base } = await loadCatalog(task.catalogRoot, task.base !== undefined ? { base: task.base } : {});
  if (!catalog || hasErrors(issues)) return { error: `the catalog at ${task.catalogRoot} no longer loads without errors (was it changed during synth?)` };
  const extend = await loadExtension(task.catalogRoot);
  try {
    return { stacks: synthesizeInto(catalog, task.outdir, { environments: [task.environment], ...(extend ? { extend } : {}), ...(base ? { base } : {}) }) };
  } catch (err) {
    if (err instanceof ConstructProblems) return { problems: err.problems };
    if (err instanceof StackLayoutError) return { layout: err.problems };
    throw err;
  }
}

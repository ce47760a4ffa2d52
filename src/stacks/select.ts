import { existsSync } from "node:fs";
import { cp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { TerraformStack } from "cdktf";
import { Manifest, TerraformOutput } from "cdktf";
import { didYouMean } from "../errors/suggest";
import type { Catalog } from "../model/model";
import { checkOutputFolder, OUTPUT_MARKER } from "../output/output-folder";
import { replaceFolder } from "../output/replace-folder";
import { buildApp, ConstructProblems, maxStackResources, prepareStacks, synthOutputOptions, type SynthOptions } from "./app";
import { checkStackSizes, synthesizeChecked } from "./dependencies";
import { withoutStackTraces } from "./private/stack-traces";

/** The stacks named with `--stack` cannot be written alone: unknown names, or kept stacks that would no longer fit. */
export class StackSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackSelectionError";
  }
}

export interface SelectedSynthResult {
  /** The stacks written, in output order. */
  readonly stacks: string[];
  /** The real path of the output folder. */
  readonly outdir: string;
}

/**
 * Synthesizes only the named stacks into `outdir`, keeping the other stacks of its previous output as they were. The
 * whole app is still built and every stack prepared, so the named stacks' references to other stacks are those of a
 * full synth; only their files are written and their manifest entries replaced. When a kept stack's file lacks an
 * output a named stack now reads (a new cross-stack reference), nothing is written: that stack is named in the error.
 * The folder is replaced atomically as by a full synth ({@link synthesize}): the previous output is copied to a
 * staging folder, the named stacks are written over it, and the staging folder is swapped in only when all succeeded.
 */
export async function synthesizeStacks(
  catalog: Catalog,
  outdir: string,
  stacks: readonly string[],
  options: Omit<SynthOptions, "catalogRoot"> = {},
): Promise<SelectedSynthResult> {
  const outputOptions = synthOutputOptions(options.protect);
  const previous = await checkOutputFolder(outdir, outputOptions);
  const { outdir: target, result } = await replaceFolder(outdir, outputOptions, (staging) => synthesizeSelected(catalog, staging, previous, stacks, options));
  return { stacks: result, outdir: target };
}

async function synthesizeSelected(
  catalog: Catalog,
  outdir: string,
  previous: string,
  names: readonly string[],
  options: Pick<SynthOptions, "environments" | "extend" | "base">,
): Promise<string[]> {
  const app = buildApp(catalog, outdir, options);
  const unknown = names.filter((n) => !app.stackNames.includes(n));
  if (unknown.length) throw unknownStacks(unknown, app.stackNames);
  const problems = app.node.findAll().flatMap((c) => c.node.validate());
  if (problems.length) throw new ConstructProblems(problems);

  checkStackSizes(app, maxStackResources(catalog));

  let all: TerraformStack[] = [];
  // Every stack's references to other stacks, with the outputs they read in the stacks they live in, are known once
  // the stacks are prepared (see prepareStacks).
  const order = synthesizeChecked(app, () => withoutStackTraces(() => (all = prepareStacks(app, options.extend !== undefined))));
  const selected = order.filter((n) => names.includes(n));
  const stale: { stack: string; missing: string[] }[] = [];
  for (const stack of all) {
    if (selected.includes(stack.node.id)) continue;
    const missing = await missingOutputs(stack, path.join(previous, Manifest.stacksFolder, stack.node.id, "cdk.tf.json"));
    if (missing.length) stale.push({ stack: stack.node.id, missing });
  }
  if (stale.length) throw staleStacks(stale);

  if (existsSync(previous)) {
    await cp(previous, outdir, { recursive: true, preserveTimestamps: true, filter: (src) => path.basename(src) !== OUTPUT_MARKER });
    for (const name of selected) await rm(path.join(outdir, Manifest.stacksFolder, name), { recursive: true, force: true });
  }
  const session = { outdir, skipValidation: false, manifest: app.manifest };
  withoutStackTraces(() => all.filter((s) => selected.includes(s.node.id)).forEach((stack) => stack.synthesizer.synthesize(session)));
  await writeManifest(app.manifest, path.join(outdir, Manifest.fileName));
  return selected;
}

/**
 * The cross-stack outputs the stack declares now that its file in the previous output does not declare. A stack the
 * folder has no file of is not checked: the folder holds only some stacks, and the others' state is what counts.
 */
async function missingOutputs(stack: TerraformStack, file: string): Promise<string[]> {
  const needed = stack.node.children
    .filter((c): c is TerraformOutput => c instanceof TerraformOutput && c.node.id.startsWith("cross-stack-output-"))
    .map((o) => o.friendlyUniqueId);
  if (!needed.length || !existsSync(file)) return [];
  const kept = (JSON.parse(await readFile(file, "utf8")) as { output?: Record<string, unknown> }).output ?? {};
  return needed.filter((n) => !Object.hasOwn(kept, n)).sort();
}

/** The previous output's manifest with the written stacks' entries replaced, in cdktf's own format. */
async function writeManifest(manifest: Manifest, file: string): Promise<void> {
  if (existsSync(file)) {
    const kept = (JSON.parse(await readFile(file, "utf8")) as { stacks?: Manifest["stacks"] }).stacks ?? {};
    for (const [name, entry] of Object.entries(kept)) if (!Object.hasOwn(manifest.stacks, name)) manifest.stacks[name] = entry;
  }
  manifest.writeToFile();
}

function unknownStacks(unknown: readonly string[], known: readonly string[]): StackSelectionError {
  const lines = unknown.map((name) => {
    const suggestion = didYouMean(name, known);
    return `  - '${name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ""}`;
  });
  return new StackSelectionError(`Unknown stack(s):\n${lines.join("\n")}\nKnown stacks: ${known.join(", ")}.\nNothing was written.`);
}

function staleStacks(stale: readonly { stack: string; missing: readonly string[] }[]): StackSelectionError {
  const lines = stale.map((s) => `  - ${s.stack} lacks ${s.missing.length} output(s) they read, e.g. ${s.missing[0]}`);
  return new StackSelectionError(
    `The output folder's copy of these stacks is older than the stacks selected:\n${lines.join("\n")}\n` +
      `  hint: synthesize them too (${stale.map((s) => `--stack ${s.stack}`).join(" ")}), or every stack. Nothing was written.`,
  );
}

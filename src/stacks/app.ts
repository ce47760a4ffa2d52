import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { App, TerraformStack } from "cdktf";
import { environmentView } from "../model/environment";
import type { Catalog } from "../model/model";
import type { LegacyShape, OutputFolderOptions } from "../output/output-folder";
import { replaceFolder } from "../output/replace-folder";
import { availableParallelism } from "node:os";
import { DEFAULT_MAX_STACK_RESOURCES } from "../schema/idac-file";
import { asLayoutError, checkStackSizes, synthesizeChecked } from "./dependencies";
import { buildEnvironmentStacks } from "./environment";
import type { Extension } from "./extensions";
import { ParallelSynthFailed, synthesizeInParallel } from "./private/parallel";
import { withoutStackTraces } from "./private/stack-traces";

export interface SynthResult {
  /** Stack names, e.g. `prod-conditional-access`, in output order. */
  readonly stacks: readonly string[];
  readonly outdir: string;
}

export interface SynthOptions {
  /** Synthesize only these environments. @default every environment */
  readonly environments?: readonly string[];
  /** Folders the output must neither be nor contain, such as the catalog root. @default the working directory only */
  readonly protect?: OutputFolderOptions["protect"];
  /** The organisation's extension (`extend` of `stacks/extensions.ts`), called once per environment. @default none */
  readonly extend?: Extension;
  /**
   * The folder the catalog was loaded from, when `extend` is its own `stacks/extensions.*` (or it has none): two or more
   * environments are then synthesized in worker processes, one environment each and as many at a time as there are
   * cores, each loading the catalog and its extension from this folder (only for catalogs of 5,000 groups, business
   * roles and conditional access policies or more: below that, loading the catalog again costs more than it saves).
   * The output is the same bytes.
   * @default every environment in this process
   */
  readonly catalogRoot?: string;
  /**
   * The catalog at the base revision (the protected branch): objects whose stack changed since are moved with
   * `removed` and `import` blocks instead of being destroyed and created. @default no comparison
   */
  readonly base?: Catalog;
  /** The base revision `base` was read at, for worker processes, which read it again. @default none */
  readonly baseRef?: string;
}

/**
 * cdktf output written before idac marked its folders: `manifest.json` and `stacks/<stack>/` only. Folders inside a
 * stack are not looked into (a pipeline runs `terraform init` there); anything else at the top means the folder is
 * not (only) cdktf output, and it is refused.
 */
export const LEGACY_CDKTF_OUTPUT: LegacyShape = {
  description: "cdktf output of an earlier idac (only manifest.json and stacks/<stack>/)",
  accepts: async (dir: string, entries: readonly Dirent[]) => {
    for (const e of entries) {
      if (e.name === "manifest.json" && e.isFile()) continue;
      if (e.name !== "stacks" || !e.isDirectory()) return false;
      const stacks = await readdir(path.join(dir, "stacks"), { withFileTypes: true });
      if (!stacks.every((s) => s.isDirectory())) return false;
    }
    return true;
  },
};

/** How synth checks its output folder: earlier synth output (marked, or of the legacy shape) is replaced, nothing else. */
export function synthOutputOptions(protect: SynthOptions["protect"] = []): OutputFolderOptions {
  return { kind: "synth", protect, legacy: LEGACY_CDKTF_OUTPUT };
}

/**
 * Synthesizes every environment's stacks into `outdir` atomically: the output is written to a temporary sibling
 * folder and swapped in only when synthesis succeeded, so a failed or interrupted run leaves the previous output
 * as it was. The folder must be new, empty, or earlier synth output (see {@link replaceFolder}).
 */
export async function synthesize(catalog: Catalog, outdir: string, options: SynthOptions = {}): Promise<SynthResult> {
  const environments = catalog.environments.map((e) => e.id).filter((id) => !options.environments || options.environments.includes(id));
  const root = options.catalogRoot;
  const write =
    root !== undefined &&
    environments.length > 1 &&
    availableParallelism() > 1 &&
    catalogEntries(catalog) >= PARALLEL_FROM_ENTRIES &&
    // Workers read the base again from its revision; a base given only as a catalog is synthesized here.
    (options.base === undefined || options.baseRef !== undefined)
      ? (staging: string) => synthesizeEnvironmentsInParallel(catalog, root, environments, staging, options)
      : (staging: string) => synthesizeInto(catalog, staging, options);
  const { outdir: target, result } = await replaceFolder(outdir, synthOutputOptions(options.protect), write);
  return { stacks: result, outdir: target };
}

/**
 * From how many groups, business roles and conditional access policies environments are synthesized in parallel: a
 * worker process loads the catalog again, which costs more than it saves in a smaller catalog.
 */
const PARALLEL_FROM_ENTRIES = 5_000;

function catalogEntries(catalog: Catalog): number {
  return catalog.groups.length + catalog.businessRoles.length + catalog.conditionalAccessPolicies.length;
}

/** This process and worker processes synthesize the environments; their problems are reported as one process reports them. */
async function synthesizeEnvironmentsInParallel(
  catalog: Catalog,
  catalogRoot: string,
  environments: readonly string[],
  outdir: string,
  options: Pick<SynthOptions, "extend" | "base" | "baseRef">,
): Promise<string[]> {
  const here = (environment: string, dir: string) => synthesizeInto(catalog, dir, { ...options, environments: [environment] });
  try {
    return await synthesizeInParallel(catalogRoot, environments, outdir, here, options.baseRef);
  } catch (err) {
    if (err instanceof ParallelSynthFailed && !err.message) throw new ConstructProblems(err.problems);
    throw err;
  }
}

/** Builds the cdktf app and writes it to `outdir` (no atomicity: callers use {@link synthesize}). */
export function synthesizeInto(catalog: Catalog, outdir: string, options: Pick<SynthOptions, "environments" | "extend" | "base"> = {}): string[] {
  const app = buildApp(catalog, outdir, options);
  const problems = app.node.findAll().flatMap((c) => c.node.validate());
  if (problems.length) throw new ConstructProblems(problems);
  checkStackSizes(app, maxStackResources(catalog));
  return synthesizeChecked(app, () =>
    withoutStackTraces(() => {
      const stacks = prepareStacks(app, options.extend !== undefined);
      const session = { outdir: app.outdir, skipValidation: app.skipValidation, manifest: app.manifest };
      for (const stack of stacks) stack.synthesizer.synthesize(session);
      // What App.synth() does after the stacks: the app's own validations, then the manifest.
      const validations = app.skipValidation ? [] : app.node.validate();
      if (validations.length) throw new Error(`App-level validation failed with the following errors:\n  ${validations.join("\n  ")}`);
      app.manifest.writeToFile();
    }),
  );
}

/**
 * The app's stacks, prepared for synthesis. cdktf's `App.synth()` first resolves every stack's configuration once
 * only to find references between stacks and add the outputs and remote states they need (about a quarter of the
 * synthesis of a large tenant). The catalog's constructs make those when they are built (see Registry.at), so the
 * pass is run only when an extension added constructs, which may hold references to other stacks' objects.
 */
export function prepareStacks(app: App, extended: boolean): TerraformStack[] {
  const stacks = app.node.children.filter(TerraformStack.isStack);
  if (extended) for (const stack of stacks) stack.prepareStack();
  return stacks;
}

/** The catalog's stack ceiling (idac.yaml `stacks.maxResources`). */
export function maxStackResources(catalog: Catalog): number {
  return catalog.stackSettings?.maxResources ?? DEFAULT_MAX_STACK_RESOURCES;
}

/** Every problem construct validations found, in every stack of every environment; nothing was written. */
export class ConstructProblems extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`${problems.length} problem(s) in constructs declared in TypeScript (stacks/extensions.ts):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConstructProblems";
  }
}

/**
 * Builds the cdktf app of the catalog: every environment's stacks from the catalog, then the organisation's
 * extension (which adds constructs to stacks by name), then each stack's moved and removed blocks. Nothing is
 * written until `synth()`; construct validations (`node.addValidation`) run then and fail it with every problem.
 */
export function buildApp(
  catalog: Catalog,
  outdir: string,
  options: Pick<SynthOptions, "environments" | "extend" | "base"> = {},
): App & { readonly stackNames: string[] } {
  // No stack trace per construct and token: nobody reads them in the output, and recording them is a large share of synthesis.
  const app = new App({ outdir, skipValidation: false, stackTraces: false });
  const names: string[] = [];
  try {
    for (const env of catalog.environments) {
      if (options.environments && !options.environments.includes(env.id)) continue;
      // The catalog's constructs are built without stack traces (see withoutStackTraces); the extension keeps them for its errors.
      const built = withoutStackTraces(() => buildEnvironmentStacks(app, environmentView(catalog, env.id), options.base));
      options.extend?.(built.extensionContext());
      withoutStackTraces(() => built.finish());
      for (const stack of built.stacks) names.push(stack.plan.name);
    }
  } catch (err) {
    throw asLayoutError(app, err);
  }
  return Object.assign(app, { stackNames: names });
}

import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { synthesizeInto } from "../../stacks/app";
import { StackLayoutError } from "../../stacks/dependencies";
import { loadCatalogFilesAt } from "../../load/git";
import type { Catalog } from "../../model/model";
import { fromFiles, withStackSettingsAt } from "../../resolve/load-catalog";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";
import { catalogOrReport, revisionOrReport } from "./private/catalog";

export interface StacksOptions {
  readonly catalog: string;
  /** Only stacks whose synthesized configuration differs from the one at this git revision. */
  readonly changedSince?: string;
  readonly format: "json" | "lines";
}

/** Synthesized stacks, name → cdk.tf.json text; with a base, objects whose stack changed since are moved. */
async function synthesized(catalog: Catalog, base?: Catalog): Promise<{ stacks: Map<string, string>; order: string[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), "idac-stacks-"));
  try {
    const order = synthesizeInto(catalog, dir, base ? { base } : {});
    const out = new Map<string, string>();
    for (const name of await readdir(path.join(dir, "stacks"))) out.set(name, await readFile(path.join(dir, "stacks", name, "cdk.tf.json"), "utf8"));
    return { stacks: out, order };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Lists the stacks (for a CI matrix). With --changed --base <ref>, only those whose synthesized Terraform differs from
 * the catalog at that revision (stacks added or removed count as changed), so a pull request plans what it touches.
 */
export async function runStacks(options: StacksOptions, out: Output = processOutput): Promise<ExitCode> {
  const baseCommit = options.changedSince !== undefined ? await revisionOrReport(options.catalog, options.changedSince, "--base", out) : undefined;
  if (options.changedSince !== undefined && !baseCommit) return EXIT.invalidInput;
  const current = await catalogOrReport(options.catalog, out);
  if (!current) return EXIT.invalidInput;
  const files = baseCommit ? await loadCatalogFilesAt(options.catalog, baseCommit) : undefined;
  const base = baseCommit && files && files.files.length ? (await withStackSettingsAt(fromFiles(files), options.catalog, baseCommit)).catalog : undefined;
  // Apply order (each stack after the stacks it reads from), so a matrix with max-parallel 1 applies them in turn.
  // A stack objects move out of is synthesized with their removed blocks, so it counts as changed.
  let synthesizedNow;
  try {
    synthesizedNow = await synthesized(current, base);
  } catch (err) {
    if (!(err instanceof StackLayoutError)) throw err;
    out.stderr(`${err.message}\n`);
    return EXIT.invalidInput;
  }
  const { stacks: now, order } = synthesizedNow;
  let names = order.filter((n) => now.has(n));
  if (baseCommit) {
    const before = base ? (await synthesized(base)).stacks : new Map<string, string>();
    const removed = [...before.keys()].filter((n) => !now.has(n)).sort();
    names = [...names, ...removed].filter((n) => now.get(n) !== before.get(n));
  }
  out.stdout(options.format === "json" ? JSON.stringify(names) + "\n" : names.map((n) => `${n}\n`).join(""));
  return EXIT.ok;
}

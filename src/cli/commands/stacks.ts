import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { synthesizeInto } from "../../stacks/app";
import { loadCatalogFilesAt } from "../../load/git";
import type { Catalog } from "../../model/model";
import { planStacks } from "../../model/stacks";
import { fromFiles } from "../../resolve/load-catalog";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";
import { catalogOrReport, revisionOrReport } from "./private/catalog";

export interface StacksOptions {
  readonly catalog: string;
  /** Only stacks whose synthesized configuration differs from the one at this git revision. */
  readonly changedSince?: string;
  readonly format: "json" | "lines";
}

/** Synthesized stacks, name → cdk.tf.json text. */
async function synthesized(catalog: Catalog): Promise<Map<string, string>> {
  const dir = await mkdtemp(path.join(tmpdir(), "idac-stacks-"));
  try {
    synthesizeInto(catalog, dir);
    const out = new Map<string, string>();
    for (const name of await readdir(path.join(dir, "stacks"))) out.set(name, await readFile(path.join(dir, "stacks", name, "cdk.tf.json"), "utf8"));
    return out;
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
  const now = await synthesized(current);
  // Chain order (directory, groups, access, privileged, conditional access), so a matrix with max-parallel 1
  // applies each stack after the stacks it reads from.
  const order = current.environments.flatMap((e) => planStacks(current, e.id).map((p) => p.name));
  let names = order.filter((n) => now.has(n));
  if (baseCommit) {
    const files = await loadCatalogFilesAt(options.catalog, baseCommit);
    const base = files && files.files.length ? fromFiles(files).catalog : undefined;
    const before = base ? await synthesized(base) : new Map<string, string>();
    const removed = [...before.keys()].filter((n) => !now.has(n)).sort();
    names = [...names, ...removed].filter((n) => now.get(n) !== before.get(n));
  }
  out.stdout(options.format === "json" ? JSON.stringify(names) + "\n" : names.map((n) => `${n}\n`).join(""));
  return EXIT.ok;
}

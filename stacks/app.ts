import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { App } from "cdktf";
import { environmentView } from "../src/model/environment";
import type { Catalog } from "../src/model/model";
import { buildEnvironmentStacks } from "./environment";

export interface SynthResult {
  /** Stack names, e.g. `prod-conditional-access`, in output order. */
  readonly stacks: readonly string[];
  readonly outdir: string;
}

/**
 * Synthesizes every environment's stacks into `outdir` atomically: the output is written to a temporary sibling
 * folder and swapped in only when synthesis succeeded, so a failed or interrupted run leaves the previous output
 * as it was.
 */
export async function synthesize(catalog: Catalog, outdir: string, options: { environments?: readonly string[] } = {}): Promise<SynthResult> {
  const target = path.resolve(outdir);
  await mkdir(path.dirname(target), { recursive: true });
  const staging = `${target}.staging-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    const stacks = synthesizeInto(catalog, staging, options);
    const previous = `${target}.previous-${process.pid}-${randomBytes(4).toString("hex")}`;
    const hadPrevious = await exists(target);
    if (hadPrevious) await rename(target, previous);
    await rename(staging, target);
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
    return { stacks, outdir: target };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Builds the cdktf app and writes it to `outdir` (no atomicity: callers use {@link synthesize}). */
export function synthesizeInto(catalog: Catalog, outdir: string, options: { environments?: readonly string[] } = {}): string[] {
  const app = new App({ outdir, skipValidation: false });
  const names: string[] = [];
  for (const env of catalog.environments) {
    if (options.environments && !options.environments.includes(env.id)) continue;
    for (const stack of buildEnvironmentStacks(app, environmentView(catalog, env.id))) names.push(stack.plan.name);
  }
  app.synth();
  return names;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { synthesizeInto } from "../../stacks/app";

export type TfJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  terraform?: Record<string, unknown>;
  output?: Record<string, unknown>;
  provider?: Record<string, unknown>;
};

/** Loads a catalog folder, synthesizes it into a temporary folder and returns each stack's Terraform JSON. */
export async function synthCatalog(root: string): Promise<Record<string, TfJson>> {
  const { catalog, issues } = await loadCatalog(root);
  if (!catalog) throw new Error(`catalog invalid:\n${issues.map((i) => `${i.file}:${i.line} ${i.message}`).join("\n")}`);
  const outdir = await mkdtemp(path.join(tmpdir(), "idac-synth-"));
  synthesizeInto(catalog, outdir);
  const stacks: Record<string, TfJson> = {};
  for (const name of await readdir(path.join(outdir, "stacks"))) {
    stacks[name] = JSON.parse(await readFile(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as TfJson;
  }
  return stacks;
}

/** All resources of one type across the given stacks, by logical ID. */
export function resources(stacks: Record<string, TfJson>, type: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const stack of Object.values(stacks)) Object.assign(out, stack.resource?.[type] ?? {});
  return out;
}

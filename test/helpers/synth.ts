import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { synthesizeInto } from "../../src/stacks/app";
import { readTree, writeCatalog } from "./catalog";

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

/** Writes a catalog (path → YAML) to a temporary folder, synthesizes it and returns the output tree (path → text). */
export async function synthFiles(files: Record<string, string>): Promise<Record<string, string>> {
  const root = await writeCatalog(files, { withEnvironment: false });
  const { catalog, issues } = await loadCatalog(root);
  if (!catalog) throw new Error(`generated catalog is invalid:\n${issues.map((i) => `${i.file}:${i.line} ${i.message}`).join("\n")}`);
  const out = await mkdtemp(path.join(tmpdir(), "idac-prop-"));
  synthesizeInto(catalog, out);
  const tree = await readTree(out);
  await rm(out, { recursive: true, force: true });
  await rm(root, { recursive: true, force: true });
  return tree;
}

/** Each stack's Terraform JSON in an output tree, by stack name. */
export function stacksOf(tree: Record<string, string>): Record<string, TfJson> {
  return Object.fromEntries(
    Object.entries(tree)
      .filter(([f]) => f.endsWith("cdk.tf.json"))
      .map(([f, t]) => [f.split("/")[1]!, JSON.parse(t) as TfJson]),
  );
}

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDocument, isSeq, isMap } from "yaml";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { synthesizeInto } from "../../src/stacks/app";
import { readTree, writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";

async function synthTree(files: Record<string, string>): Promise<Record<string, string>> {
  const { catalog, issues } = await loadCatalog(await writeCatalog(files));
  if (!catalog) throw new Error(JSON.stringify(issues));
  const out = await mkdtemp(path.join(tmpdir(), "idac-det-"));
  synthesizeInto(catalog, out);
  return readTree(out);
}

/**
 * Reverses the keys of every mapping, every list of entries (mappings with an id) and every list of plain values
 * (owners, groups, approvers, controls: sets). Lists whose order means something (approval stages) stay as written.
 */
function reorder(text: string): string {
  const doc = parseDocument(text);
  const walk = (node: unknown): void => {
    if (isSeq(node)) {
      const entries = node.items.every((i) => isMap(i) && i.has("id"));
      const scalars = node.items.every((i) => !isMap(i) && !isSeq(i));
      if (entries || scalars) node.items.reverse();
      node.items.forEach(walk);
    } else if (isMap(node)) {
      node.items.reverse();
      node.items.forEach((p) => walk(p.value));
    }
  };
  walk(doc.contents);
  return doc.toString();
}

/** Terraform addresses (type.logical_id) of every resource in a synthesized tree. */
function addresses(tree: Record<string, string>): string[] {
  return Object.entries(tree)
    .filter(([f]) => f.endsWith("cdk.tf.json"))
    .flatMap(([f, text]) => {
      const json = JSON.parse(text) as { resource?: Record<string, Record<string, unknown>> };
      return Object.entries(json.resource ?? {}).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${f.split("/")[1]}:${type}.${id}`));
    })
    .sort();
}

describe("synthesized output", () => {
  it("is byte-identical when files are renamed and entries and keys reordered", async () => {
    const original = await synthTree(SMALL_CATALOG);
    const renamed = Object.fromEntries(
      Object.entries(SMALL_CATALOG).map(([name, text], i) => [name.replace(/[^/]+\.yaml$/, `zz-${Object.keys(SMALL_CATALOG).length - i}.yaml`), reorder(text)]),
    );
    expect(Object.keys(renamed)).not.toEqual(Object.keys(SMALL_CATALOG));
    const shuffled = await synthTree(renamed);
    expect(Object.keys(shuffled).sort()).toEqual(Object.keys(original).sort());
    for (const file of Object.keys(original)) expect(shuffled[file], file).toBe(original[file]);
  });

  it("is byte-identical when synthesized twice", async () => {
    expect(await synthTree(SMALL_CATALOG)).toEqual(await synthTree(SMALL_CATALOG));
  });

  it("keeps every Terraform address when display names change", async () => {
    const original = await synthTree(SMALL_CATALOG);
    const renamed = Object.fromEntries(
      Object.entries(SMALL_CATALOG).map(([f, text]) => [f, text.replace(/displayName: ([^,}\n]+)/g, "displayName: Renamed $1")]),
    );
    expect(renamed["roles/finance.yaml"]).toContain("Renamed Finance AP");
    const after = await synthTree(renamed);
    expect(addresses(after)).toEqual(addresses(original));
    expect(after["stacks/test-groups/cdk.tf.json"]).toContain("Renamed Finance AP");
  });
});

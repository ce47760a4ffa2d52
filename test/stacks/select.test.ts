import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Catalog } from "../../src/model/model";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { synthesize } from "../../src/stacks/app";
import { synthesizeStacks } from "../../src/stacks/select";
import { readTree, writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";

async function small(): Promise<Catalog> {
  const { catalog, issues } = await loadCatalog(await writeCatalog(SMALL_CATALOG));
  if (!catalog) throw new Error(JSON.stringify(issues));
  return catalog;
}

const outDir = async () => path.join(await mkdtemp(path.join(tmpdir(), "idac-select-")), "out");

describe("synthesizing selected stacks", () => {
  it("rewrites only the named stacks over the previous output, which then equals a full synth", async () => {
    const catalog = await small();
    const full = await outDir();
    await synthesize(catalog, full);
    const expected = await readTree(full);
    const out = await outDir();
    await synthesize(catalog, out);
    const groups = path.join(out, "stacks/test-groups/cdk.tf.json");
    const finance = path.join(out, "stacks/test-access-finance/cdk.tf.json");
    await writeFile(groups, (await readFile(groups, "utf8")).replace('"azuread"', '"azuread" '));
    await writeFile(finance, "{}");

    const result = await synthesizeStacks(catalog, out, ["test-access-finance"]);

    expect(result.stacks).toEqual(["test-access-finance"]);
    const tree = await readTree(out);
    expect(tree["stacks/test-access-finance/cdk.tf.json"]).toEqual(expected["stacks/test-access-finance/cdk.tf.json"]);
    expect(tree["stacks/test-groups/cdk.tf.json"]).not.toEqual(expected["stacks/test-groups/cdk.tf.json"]); // kept as it was
    expect(tree["manifest.json"]).toEqual(expected["manifest.json"]);
  });

  it("writes only the named stacks and their manifest entries into a new folder", async () => {
    const out = await outDir();
    await synthesizeStacks(await small(), out, ["test-groups"]);
    const tree = await readTree(out);
    expect(Object.keys(tree).sort()).toEqual([".idac-output", "manifest.json", "stacks/test-groups/cdk.tf.json"]);
    expect(Object.keys((JSON.parse(tree["manifest.json"]!) as { stacks: object }).stacks)).toEqual(["test-groups"]);
  });

  it("fails when a stack name is unknown, suggesting the closest and writing nothing", async () => {
    const catalog = await small();
    const out = await outDir();
    await synthesize(catalog, out);
    const before = await readTree(out);
    await expect(synthesizeStacks(catalog, out, ["test-grups", "prod-groups"])).rejects.toThrow(
      /'test-grups' \(did you mean 'test-groups'\?\)\n {2}- 'prod-groups'\nKnown stacks: test-directory, test-groups/,
    );
    expect(await readTree(out)).toEqual(before);
  });

  it("fails when a kept stack lacks an output a named stack reads, naming it and writing nothing", async () => {
    const catalog = await small();
    const out = await outDir();
    await synthesize(catalog, out);
    const groups = path.join(out, "stacks/test-groups/cdk.tf.json");
    const json = JSON.parse(await readFile(groups, "utf8")) as { output: Record<string, unknown> };
    const dropped = Object.keys(json.output)[0]!;
    delete json.output[dropped];
    await writeFile(groups, JSON.stringify(json));
    const before = await readTree(out);
    const error = (await synthesizeStacks(catalog, out, ["test-access-finance"]).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/test-groups lacks 1 output\(s\)/);
    expect(error.message).toMatch(/--stack test-groups/);
    expect(await readTree(out)).toEqual(before);
  });
});

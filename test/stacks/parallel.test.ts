import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/resolve/load-catalog";
import type { ConstructProblems } from "../../src/stacks/app";
import { synthesizeInto } from "../../src/stacks/app";
import { loadExtension } from "../../src/stacks/load-extension";
import { synthesizeInParallel } from "../../src/stacks/private/parallel";
import { ENV_YAML, readTree, writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";

const CONSTRUCTS = path.resolve(__dirname, "../../src/constructs/index.ts");
const SECOND_ENV = ENV_YAML.replace("id: test", "id: acc");

/** A catalog of two environments whose extension adds a named location to each (or a role granting a missing group). */
async function twoEnvironments(extension: string): Promise<string> {
  return writeCatalog({
    ...SMALL_CATALOG,
    "environments/acc.yaml": SECOND_ENV,
    "stacks/extensions.ts": `import { BusinessRole, NamedLocation } from ${JSON.stringify(CONSTRUCTS)};\n${extension}`,
  });
}

async function inParallel(root: string, out: string): Promise<string[]> {
  const { catalog } = await loadCatalog(root);
  const extend = await loadExtension(root);
  await mkdir(out, { recursive: true });
  return synthesizeInParallel(root, ["acc", "test"], out, (environment, dir) =>
    synthesizeInto(catalog!, dir, { environments: [environment], ...(extend ? { extend } : {}) }),
  );
}

describe("parallel synthesis", () => {
  it("writes the same bytes as one process, the catalog's extension included in the worker's environment", async () => {
    const root = await twoEnvironments(
      'export function extend({ environment, stack }: any): void {\n  new NamedLocation(stack(`${environment}-conditional-access`), "office", { displayName: "Office", ip: { ranges: ["203.0.113.0/24"] } });\n}\n',
    );
    const { catalog } = await loadCatalog(root);
    const extend = (await loadExtension(root))!;
    const one = await mkdtemp(path.join(tmpdir(), "idac-one-"));
    const names = synthesizeInto(catalog!, one, { extend });
    const parallel = path.join(await mkdtemp(path.join(tmpdir(), "idac-par-")), "out");

    expect(await inParallel(root, parallel)).toEqual(names);
    const tree = await readTree(parallel);
    expect(tree).toEqual(await readTree(one));
    // The worker (environment test) ran the extension too.
    expect(tree["stacks/test-conditional-access/cdk.tf.json"]).toContain("azuread_named_location");
    expect(tree["stacks/acc-conditional-access/cdk.tf.json"]).toContain("azuread_named_location");
  }, 300_000);

  it("fails when constructs of several environments have problems, with the problems of every environment", async () => {
    const root = await twoEnvironments(
      "export function extend({ environment, stack }: any): void {\n" +
        '  new BusinessRole(stack(`${environment}-access-finance`), "fin-extra", { displayName: "Extra", description: "Extra access", ' +
        'owners: ["ann.owner@example.org"], entitlements: { groups: ["no-such-group"] }, assignment: { type: "birthright", when: { department: "Finance" } } });\n}\n',
    );
    const err = await inParallel(root, path.join(await mkdtemp(path.join(tmpdir(), "idac-par-")), "out")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const problems = (err as ConstructProblems).problems;
    expect(problems.some((p) => p.includes("acc-access-finance") && p.includes("no-such-group"))).toBe(true);
    expect(problems.some((p) => p.includes("test-access-finance") && p.includes("no-such-group"))).toBe(true);
  }, 300_000);
});

import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { synthesizeInto } from "../../stacks/app";
import { arbitraryCatalog, reordered, type GeneratedCatalog } from "../helpers/arbitrary-catalog";
import { readTree, writeCatalog } from "../helpers/catalog";

const RUNS = { numRuns: 200 };
const BREAK_GLASS = ["aaaaaaaa-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000002"];

async function synth(files: Record<string, string>): Promise<Record<string, string>> {
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

type Json = { resource?: Record<string, Record<string, Record<string, unknown>>>; data?: Record<string, Record<string, Record<string, unknown>>>; output?: Record<string, unknown> };
const stacksOf = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([f]) => f.endsWith("cdk.tf.json")).map(([f, t]) => [f.split("/")[1]!, JSON.parse(t) as Json]));
const addresses = (tree: Record<string, string>) =>
  Object.entries(stacksOf(tree))
    .flatMap(([s, j]) => Object.entries(j.resource ?? {}).flatMap(([type, ids]) => Object.keys(ids).map((id) => `${s}:${type}.${id}`)))
    .sort();

describe("generated catalogs (property tests)", () => {
  it("synthesize to the same bytes whatever the file names and the order of entries and keys", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCatalog, fc.nat(), async (c, seed) => {
        expect(await synth(reordered(c, seed))).toEqual(await synth(c.files));
      }),
      RUNS,
    );
  });

  it("keep every Terraform address when display names change", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCatalog, async (c: GeneratedCatalog) => {
        const renamed = Object.fromEntries(Object.entries(c.files).map(([f, t]) => [f, t.replace(/displayName: (.+)/g, "displayName: Renamed $1")]));
        expect(addresses(await synth(renamed))).toEqual(addresses(await synth(c.files)));
      }),
      RUNS,
    );
  });

  it("exclude the break-glass accounts and group from every policy that is not disabled", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCatalog, async (c) => {
        const policies = Object.values(stacksOf(await synth(c.files))).flatMap((j) => Object.values(j.resource?.azuread_conditional_access_policy ?? {}));
        expect(policies.length).toBe(c.entries.filter((e) => e.section === "conditionalAccessPolicies").length);
        for (const p of policies) {
          if (p.state === "disabled") continue;
          const users = (p.conditions as { users: { excluded_users: string[]; excluded_groups: string[] } }).users;
          expect(users.excluded_users).toEqual(expect.arrayContaining(BREAK_GLASS));
          expect(users.excluded_groups).toContain("aaaaaaaa-0000-0000-0000-0000000000ff");
        }
      }),
      RUNS,
    );
  });

  it("never reference an address that does not exist", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCatalog, async (c) => {
        const stacks = stacksOf(await synth(c.files));
        for (const [name, json] of Object.entries(stacks)) {
          const text = JSON.stringify({ resource: json.resource, data: json.data, output: json.output });
          for (const [, ref] of text.matchAll(/\$\{([^}]+)\}/g)) {
            const parts = ref!.split(".");
            if (parts[0] === "terraform") continue;
            if (parts[0] === "data" && parts[1] === "terraform_remote_state") {
              const state = json.data?.terraform_remote_state?.[parts[2]!];
              expect(state, `${name}: ${ref}`).toBeDefined();
              const source = String((state!.config as { path: string }).path).match(/\.idac-state\/(.+)\.tfstate$/)![1]!;
              expect(stacks[source]?.output?.[parts[4]!], `${name}: ${ref} (output of ${source})`).toBeDefined();
            } else if (parts[0] === "data") {
              expect(json.data?.[parts[1]!]?.[parts[2]!], `${name}: ${ref}`).toBeDefined();
            } else {
              expect(json.resource?.[parts[0]!]?.[parts[1]!], `${name}: ${ref}`).toBeDefined();
            }
          }
        }
      }),
      RUNS,
    );
  });

  it("synthesize to the same bytes twice", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCatalog, async (c) => {
        expect(await synth(c.files)).toEqual(await synth(c.files));
      }),
      RUNS,
    );
  });
});

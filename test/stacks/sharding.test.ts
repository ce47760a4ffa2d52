import { appendFile, cp, mkdtemp, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { isMap, isSeq, parseDocument } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { writeEnterpriseCatalog, type EnterpriseCatalogSummary } from "../../bench/private/enterprise-catalog";
import type { Catalog } from "../../src/model/model";
import { planStacks, shardOf, stableKey, stackLayout } from "../../src/model/stacks";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { buildApp, synthesizeInto } from "../../src/stacks/app";
import { runStacks } from "../../src/cli/commands/stacks";
import { stackDependencies } from "../../src/stacks/dependencies";
import { captureOutput } from "../helpers/catalog";
import { commitAll } from "../helpers/rule-repo";

const CEILING = 300;

/** Each stack's cdk.tf.json text, by stack name. */
async function synthProd(catalog: Catalog): Promise<Map<string, string>> {
  const out = await mkdtemp(path.join(tmpdir(), "idac-shard-out-"));
  const names = synthesizeInto(catalog, out, { environments: ["prod"] });
  const stacks = new Map<string, string>();
  for (const name of names) stacks.set(name, await readFile(path.join(out, "stacks", name, "cdk.tf.json"), "utf8"));
  return stacks;
}

async function load(root: string): Promise<Catalog> {
  const { catalog, issues } = await loadCatalog(root);
  if (!catalog) throw new Error(JSON.stringify(issues.filter((i) => i.severity === "error").slice(0, 5)));
  return catalog;
}

function resources(text: string): number {
  const json = JSON.parse(text) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(json.resource ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0);
}

/**
 * Reverses the order the catalog files are read in (renaming them) and every list of entries (mappings with an id) in
 * the files without YAML anchors (an alias must follow its anchor).
 */
async function reverseEntries(root: string): Promise<void> {
  for (const folder of ["roles", "policies", "environments"]) {
    const files = (await readdir(path.join(root, folder), { recursive: true })).filter((f) => f.endsWith(".yaml")).sort();
    for (const [i, file] of files.entries()) {
      const at = path.join(root, folder, path.dirname(file), `${String(files.length - i).padStart(4, "0")}-${path.basename(file)}`);
      await rename(path.join(root, folder, file), at);
      const text = await readFile(at, "utf8");
      if (/&\w/.test(text)) continue;
      const doc = parseDocument(text);
      const walk = (node: unknown): void => {
        if (isSeq(node)) {
          if (node.items.every((i) => isMap(i) && i.has("id"))) node.items.reverse();
          node.items.forEach(walk);
        } else if (isMap(node)) node.items.forEach((p) => walk(p.value));
      };
      walk(doc.contents);
      await writeFile(at, doc.toString({ lineWidth: 0 }));
    }
  }
}

/** The role of the summary also grants a managed group of its domain it did not grant. */
async function changeOneRole(root: string, sample: EnterpriseCatalogSummary["sampleRequestableRole"]): Promise<void> {
  const file = path.join(root, sample.file);
  const doc = parseDocument(await readFile(file, "utf8"));
  const roles = doc.get("businessRoles");
  if (!isSeq(roles)) throw new Error("no businessRoles");
  const role = roles.items.find((r) => isMap(r) && r.get("id") === sample.id);
  if (!isMap(role)) throw new Error("role not found");
  const groups = role.getIn(["entitlements", "groups"]);
  if (!isSeq(groups)) throw new Error("role grants no groups");
  groups.add(sample.addableGroup);
  await writeFile(file, doc.toString({ lineWidth: 0 }));
}

describe("stacks of a mid-size catalog (1,000 groups, 400 business roles in 20 domains, ceiling 300 resources)", () => {
  let root: string;
  let summary: EnterpriseCatalogSummary;
  let catalog: Catalog;
  let stacks: Map<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "idac-shard-"));
    summary = await writeEnterpriseCatalog(root, 0.04);
    await appendFile(path.join(root, "idac.yaml"), `stacks:\n  maxResources: ${CEILING}\n`);
    catalog = await load(root);
    stacks = await synthProd(catalog);
  }, 60_000);

  it("splits groups and role groups into shards, each under the ceiling, and keeps the catalogs in <env>-groups", () => {
    const names = [...stacks.keys()];
    expect(names.filter((n) => /^prod-role-groups-\d+$/.test(n)).length).toBeGreaterThan(1);
    expect(names.filter((n) => /^prod-groups-\d+$/.test(n)).length).toBeGreaterThan(1);
    expect(Object.keys((JSON.parse(stacks.get("prod-groups")!) as { resource: object }).resource)).toEqual(["azuread_access_package_catalog"]);
    for (const [name, text] of stacks) expect(resources(text), name).toBeLessThanOrEqual(CEILING);
  });

  it("predicts each stack's resources from the catalog as synth writes them", () => {
    const layout = stackLayout(catalog, "prod");
    for (const [name, count] of layout.resources) expect(resources(stacks.get(name)!), name).toBe(count);
  });

  it("has stacks that only read outputs of stacks before them: no cycle, role groups first, access after every group shard", () => {
    const app = buildApp(catalog, path.join(tmpdir(), "idac-shard-unused"), { environments: ["prod"] });
    app.synth();
    const order = app.stackNames;
    const deps = stackDependencies(app);
    for (const [stack, reads] of deps) for (const d of reads) expect(order.indexOf(d), `${stack} reads ${d}`).toBeLessThan(order.indexOf(stack));
    const firstGroupShard = order.findIndex((n) => /^prod-groups-\d+$/.test(n));
    const lastRoleGroups = order.findLastIndex((n) => n.startsWith("prod-role-groups-"));
    const lastGroupShard = order.findLastIndex((n) => /^prod-groups-\d+$/.test(n));
    const firstAccess = order.findIndex((n) => n.startsWith("prod-access-"));
    expect(lastRoleGroups).toBeLessThan(firstGroupShard);
    expect(lastGroupShard).toBeLessThan(firstAccess);
    for (const [stack, reads] of deps) if (stack.startsWith("prod-role-groups-")) expect(reads.filter((d) => d.includes("groups"))).toEqual([]);
    // Group shards read role group shards: the membership of managed groups lists role groups.
    expect([...deps].some(([s, reads]) => /^prod-groups-\d+$/.test(s) && reads.some((d) => d.startsWith("prod-role-groups-")))).toBe(true);
  });

  it("lists only the stacks a one-role change touches", async () => {
    const changed = await mkdtemp(path.join(tmpdir(), "idac-shard-changed-"));
    await cp(root, changed, { recursive: true });
    await changeOneRole(changed, summary.sampleRequestableRole);
    const after = await synthProd(await load(changed));
    const touched = [...new Set([...stacks.keys(), ...after.keys()])].filter((n) => stacks.get(n) !== after.get(n));
    const layout = stackLayout(catalog, "prod");
    const role = summary.sampleRequestableRole.id;
    // The group's members now list the role group, which its stack reads from the role group's stack.
    const expected = [layout.groups.get(summary.sampleRequestableRole.addableGroup)!, layout.roleGroups.get(role)!];
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.every((n) => expected.includes(n))).toBe(true);
    expect(touched).toContain(layout.groups.get(summary.sampleRequestableRole.addableGroup));
    expect(stacks.size).toBeGreaterThan(20);
  }, 60_000);

  it("writes the same bytes whatever order the entries are written in", async () => {
    const reversed = await mkdtemp(path.join(tmpdir(), "idac-shard-reversed-"));
    await cp(root, reversed, { recursive: true });
    await reverseEntries(reversed);
    const again = await synthProd(await load(reversed));
    expect([...again.keys()]).toEqual([...stacks.keys()]);
    for (const [name, text] of stacks) expect(again.get(name) === text, name).toBe(true);
  }, 60_000);

  it("splits a domain's access into shards when it alone exceeds the ceiling", () => {
    const small = { ...catalog, stackSettings: { maxResources: 60 } };
    const layout = stackLayout(small, "prod");
    const access = layout.stacks.filter((s) => s.kind === "access");
    expect(access.every((s) => s.shard && s.name === `prod-access-${s.domain}--${s.shard.index}`)).toBe(true);
    for (const [name, count] of layout.resources) expect(count, name).toBeLessThanOrEqual(60);
    for (const [role, stack] of layout.access) expect(stack.startsWith(`prod-access-${catalog.businessRoles.find((r) => r.id === role)!.domain}--`)).toBe(true);
  });
});

describe("shards", () => {
  it("keep an entry where it was when it is renamed (its oldest ID decides)", () => {
    const before = { id: "fin-payments", spec: {} };
    const renamed = { id: "fin-payments-emea", spec: { previousIds: ["fin-payments-europe", "fin-payments"] } };
    expect(stableKey(renamed)).toBe("fin-payments");
    for (const count of [2, 4, 8, 64]) expect(shardOf(stableKey(renamed), count)).toBe(shardOf(stableKey(before), count));
  });

  it("split in two when their number doubles, so an entry either stays or moves to one new shard", () => {
    for (let i = 0; i < 200; i++) {
      const key = `grp-${i}`;
      const [of4, of8] = [shardOf(key, 4), shardOf(key, 8)];
      expect([of4, of4 + 4]).toContain(of8);
    }
  });

  it("are not used by a small catalog: the bundled example keeps one groups stack per environment", async () => {
    const example = await load(path.resolve(__dirname, "../.."));
    for (const env of example.environments) {
      const names = planStacks(example, env.id).map((p) => p.name);
      expect(names).toContain(`${env.id}-groups`);
      expect(names.filter((n) => /groups-\d|--\d/.test(n))).toEqual([]);
    }
  });
});

describe("moving objects between stacks when the layout changes", () => {
  let catalog: Catalog;
  let base: Catalog;

  beforeAll(async () => {
    const root = await mkdtemp(path.join(tmpdir(), "idac-shard-move-"));
    await writeEnterpriseCatalog(root, 0.02);
    base = await load(root);
    await appendFile(path.join(root, "idac.yaml"), `stacks:\n  maxResources: 150\n`);
    catalog = await load(root);
  }, 60_000);

  it("forgets each group and role group in the stack it leaves and imports it in its shard, never destroying one", async () => {
    expect(planStacks(base, "prod").some((p) => p.shard)).toBe(false);
    const out = await mkdtemp(path.join(tmpdir(), "idac-shard-move-out-"));
    const names = synthesizeInto(catalog, out, { environments: ["prod"], base });
    const read = async (name: string) => JSON.parse(await readFile(path.join(out, "stacks", name, "cdk.tf.json"), "utf8")) as TfJson;
    const baseOut = await mkdtemp(path.join(tmpdir(), "idac-shard-move-base-"));
    synthesizeInto(base, baseOut, { environments: ["prod"] });
    const before = JSON.parse(await readFile(path.join(baseOut, "stacks", "prod-groups", "cdk.tf.json"), "utf8")) as TfJson;
    const moved = addressesOf(before).filter((a) => !a.startsWith("azuread_access_package_catalog."));

    const hub = await read("prod-groups");
    expect(addressesOf(hub).every((a) => a.startsWith("azuread_access_package_catalog."))).toBe(true);
    const forgotten = new Set((hub.removed ?? []).map((r) => r.from));
    expect((hub.removed ?? []).every((r) => r.lifecycle.destroy === false)).toBe(true);
    const imported = new Map<string, string>();
    for (const name of names.filter((n) => /^prod-(role-)?groups-\d+$/.test(n))) for (const i of (await read(name)).import ?? []) imported.set(i.to, i.id);
    for (const address of moved) {
      expect(forgotten.has(address), address).toBe(true);
      expect(imported.get(address), address).toMatch(/^\/(groups|directory\/administrativeUnits)\//);
    }
    const group = moved.find((a) => a.startsWith("azuread_group."))!;
    expect(imported.get(group)).toMatch(/^\/groups\/\$\{data\.azuread_group\.moved-/);
    expect(hub.terraform.required_version).toBe(">= 1.7.0");
  }, 60_000);

  it("writes the removed block of a group retired with forget in the stack that holds it at the base", async () => {
    const group = catalog.groups.find((g) => g.grantedByRoles.length === 0 && g.spec.membership.type === "assigned")!;
    const retired = {
      ...catalog,
      groups: catalog.groups.filter((g) => g !== group),
      retired: { ...catalog.retired, groups: [{ ...group, spec: { ...group.spec, retire: "forget" as const } }] },
    };
    const shard = stackLayout(retired, "prod").groups.get(group.id)!;
    expect(shard).toMatch(/^prod-groups-\d+$/);
    const out = await mkdtemp(path.join(tmpdir(), "idac-shard-retired-"));
    synthesizeInto(retired, out, { environments: ["prod"], base });
    const read = async (name: string) => JSON.parse(await readFile(path.join(out, "stacks", name, "cdk.tf.json"), "utf8")) as TfJson;
    const resource = group.spec.membership.type === "assigned" && !group.spec.membership.managed ? "azuread_group_without_members" : "azuread_group";
    const address = `${resource}.group__${group.id.replaceAll("-", "_")}`;
    expect((await read("prod-groups")).removed?.map((r) => r.from)).toContain(address);
    expect((await read(shard)).removed?.map((r) => r.from) ?? []).not.toContain(address);
    expect((await read(shard)).import?.map((i) => i.to) ?? []).not.toContain(address);
  }, 60_000);

  it("fails, naming the roles, when what a business role grants would move to another stack", () => {
    const tight = { ...catalog, stackSettings: { maxResources: 20 } };
    expect(() => buildApp(tight, path.join(tmpdir(), "idac-shard-unused"), { environments: ["prod"], base })).toThrow(
      /what business role '[a-z-0-9]+' grants would move from stack prod-access-[a-z-]+ to prod-access-[a-z-]+--\d/,
    );
  });
});

interface TfJson {
  resource?: Record<string, Record<string, unknown>>;
  removed?: { from: string; lifecycle: { destroy: boolean } }[];
  import?: { to: string; id: string }[];
  terraform: { required_version: string };
}

function addressesOf(json: TfJson): string[] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
}

describe("idac stacks --changed with shards", () => {
  let root: string;
  let summary: EnterpriseCatalogSummary;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "idac-shard-git-"));
    summary = await writeEnterpriseCatalog(root, 0.02);
    commitAll(root, "no ceiling: one groups stack");
    await appendFile(path.join(root, "idac.yaml"), `stacks:\n  maxResources: 150\n`);
    commitAll(root, "ceiling of 150: shards");
  }, 60_000);

  const changedStacks = async (base: string) => {
    const out = captureOutput();
    expect(await runStacks({ catalog: root, changedSince: base, format: "json" }, out.out)).toBe(0);
    return JSON.parse(out.stdout()) as string[];
  };

  it("lists only the few stacks a one-role change touches, each under the ceiling", async () => {
    await changeOneRole(root, summary.sampleRequestableRole);
    const changed = await changedStacks("HEAD");
    const catalog = await load(root);
    const expected = catalog.environments.flatMap((e) => {
      const layout = stackLayout(catalog, e.id);
      return [layout.groups.get(summary.sampleRequestableRole.addableGroup)!, layout.roleGroups.get(summary.sampleRequestableRole.id)!];
    });
    expect(changed.length).toBeGreaterThan(0);
    expect(
      changed.every((n) => expected.includes(n)),
      changed.join(", "),
    ).toBe(true);
    const out = await mkdtemp(path.join(tmpdir(), "idac-shard-git-out-"));
    synthesizeInto(catalog, out);
    for (const name of changed) expect(resources(await readFile(path.join(out, "stacks", name, "cdk.tf.json"), "utf8")), name).toBeLessThanOrEqual(150);
  }, 60_000);

  it("lists the stacks objects move out of and into when the layout changes", async () => {
    const changed = await changedStacks("HEAD~1");
    expect(changed).toContain("prod-groups");
    expect(changed.some((n) => /^prod-groups-\d+$/.test(n))).toBe(true);
    expect(changed.some((n) => /^prod-role-groups-\d+$/.test(n))).toBe(true);
  }, 60_000);
});

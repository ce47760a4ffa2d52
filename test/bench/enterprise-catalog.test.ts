import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeEnterpriseCatalog } from "../../bench/private/enterprise-catalog";
import { hasErrors } from "../../src/errors/issue";
import { loadCatalog } from "../../src/resolve/load-catalog";

const dirs: string[] = [];
async function generated(scale: number, seed = 1) {
  const dir = await mkdtemp(path.join(tmpdir(), "idac-enterprise-"));
  dirs.push(dir);
  return { dir, summary: await writeEnterpriseCatalog(dir, scale, seed) };
}

async function files(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.set(path.relative(dir, path.join(e.parentPath, e.name)), await readFile(path.join(e.parentPath, e.name), "utf8"));
  }
  return out;
}

afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("the enterprise catalog generator", () => {
  it("writes a catalog idac loads without errors, with the sizes it reports", async () => {
    const { dir, summary } = await generated(0.01);
    const { catalog, issues } = await loadCatalog(dir);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(hasErrors(issues)).toBe(false);
    expect(catalog!.businessRoles).toHaveLength(summary.businessRoles);
    expect(catalog!.groups).toHaveLength(summary.groups);
    expect(catalog!.conditionalAccessPolicies).toHaveLength(summary.conditionalAccessPolicies);
    expect(catalog!.environments.map((e) => e.id).sort()).toEqual(["dev", "prod"]);
    expect(new Set(catalog!.businessRoles.map((r) => r.domain)).size).toBe(20);
    const sample = catalog!.businessRoles.find((r) => r.id === summary.sampleRequestableRole.id)!;
    expect(sample.spec.assignment?.type).toBe("request");
    expect(sample.effectiveGroups).not.toContain(summary.sampleRequestableRole.addableGroup);
  });

  it("writes the same bytes for the same scale and seed, and another catalog for another seed", async () => {
    const [a, b, c] = await Promise.all([generated(0.005), generated(0.005), generated(0.005, 2)]);
    const [fa, fb, fc] = await Promise.all([files(a.dir), files(b.dir), files(c.dir)]);
    expect(fb).toEqual(fa);
    expect(fc).not.toEqual(fa);
  });
});

import { appendFile, cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { writeEnterpriseCatalog } from "../../bench/private/enterprise-catalog";
import { LocalBackend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Registry } from "../../src/constructs/registry";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { buildApp, synthesizeInto } from "../../src/stacks/app";
import { IdentityStack } from "../../src/stacks/identity-stack";
import { readTree } from "../helpers/catalog";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The catalog's constructs make their references to other stacks when they are built (Registry.at), so synthesis
 * skips cdktf's preparing pass over every stack unless an extension added constructs. The output must be the bytes
 * cdktf writes when it finds the references itself: registry values left as they are, every stack prepared.
 */
describe("references between stacks", () => {
  it.each([
    ["the example", false],
    ["a generated catalog split into shards", true],
  ])("are made when %s is built, as cdktf makes them when it prepares every stack", async (_name, sharded) => {
    const root = await mkdtemp(path.join(tmpdir(), "idac-cross-stack-"));
    if (sharded) {
      await writeEnterpriseCatalog(root, 0.01);
      await appendFile(path.join(root, "idac.yaml"), "stacks:\n  maxResources: 100\n");
    } else {
      for (const f of ["environments", "roles", "policies", "idac.yaml"]) await cp(path.join(ROOT, f), path.join(root, f), { recursive: true });
    }
    const { catalog } = await loadCatalog(root);
    const built = path.join(root, "out-built");
    const prepared = path.join(root, "out-prepared");
    const stacks = synthesizeInto(catalog!, built);
    // cdktf alone: no reference made while building (the registry's stack views are the registry itself), and the
    // preparing pass run (an extension that adds nothing).
    const views = vi.spyOn(Registry.prototype, "at").mockImplementation(function (this: Registry) {
      return this;
    });
    try {
      synthesizeInto(catalog!, prepared, { extend: () => {} });
    } finally {
      views.mockRestore();
    }
    const a = await readTree(built);
    const b = await readTree(prepared);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const file of Object.keys(b)) {
      if (file.endsWith("manifest.json")) continue; // dependencies are listed in the order they were found
      expect(a[file], file).toBe(b[file]);
    }
    // There are references between stacks to make: outputs read through remote state.
    expect(Object.values(a).some((text) => text.includes("cross-stack-output-"))).toBe(true);
    if (sharded) expect(stacks.some((s) => /-groups-\d+$/.test(s))).toBe(true);
  });

  it("read each stack's backend as cdktf's own search through the stack finds it, even with a backend an extension nested", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "idac-cross-stack-"));
    for (const f of ["environments", "roles", "policies", "idac.yaml"]) await cp(path.join(ROOT, f), path.join(root, f), { recursive: true });
    const { catalog } = await loadCatalog(root);
    const app = buildApp(catalog!, path.join(root, "out"), {
      extend: (context) => new LocalBackend(new Construct(context.stack(`${context.environment}-groups`), "nested"), { path: "elsewhere.tfstate" }),
    });
    const stacks = app.node.children.filter((c): c is IdentityStack => c instanceof IdentityStack);
    expect(stacks.length).toBeGreaterThan(10);
    for (const stack of stacks) expect(stack.ensureBackendExists(), stack.node.id).toBe(TerraformStack.prototype.ensureBackendExists.call(stack));
  });
});

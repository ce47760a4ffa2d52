import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TerraformResource } from "cdktf";
import { describe, expect, it } from "vitest";
import { runSynth } from "../../src/cli/commands/synth";
import type { Extension } from "../../src/stacks/extensions";
import { orderStacks, StackLayoutError } from "../../src/stacks/dependencies";
import { captureOutput } from "../helpers/catalog";

const ROOT = path.resolve(__dirname, "../..");

/** The example catalog in a folder of its own, with this idac.yaml. */
async function example(idacYaml: string): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "idac-deps-"));
  for (const f of ["environments", "roles", "policies"]) await cp(path.join(ROOT, f), path.join(root, f), { recursive: true });
  await writeFile(path.join(root, "idac.yaml"), idacYaml);
  return root;
}

async function synth(root: string, extend: Extension): Promise<{ code: number; stderr: string; out: string }> {
  const out = path.join(root, "..", `${path.basename(root)}-out`);
  await rm(out, { recursive: true, force: true });
  const o = captureOutput();
  const code = await runSynth({ catalog: root, out, format: "human", environments: ["prod"], extend }, o.out);
  return { code, stderr: o.stderr(), out };
}

describe("the order of stacks", () => {
  it("puts each stack after the stacks it reads, otherwise keeps the order given", () => {
    const order = orderStacks(
      ["a", "b", "c", "d"],
      new Map([
        ["b", ["d"]],
        ["c", ["a"]],
      ]),
    );
    expect(order).toEqual(["a", "d", "b", "c"]);
  });

  it("fails when stacks read each other in a cycle, naming them in order", () => {
    const deps = new Map([
      ["prod-groups-1", ["prod-extra"]],
      ["prod-extra", ["prod-role-groups-0"]],
      ["prod-role-groups-0", ["prod-groups-1"]],
    ]);
    expect(() => orderStacks(["prod-role-groups-0", "prod-groups-1", "prod-extra"], deps)).toThrow(StackLayoutError);
    expect(() => orderStacks(["prod-role-groups-0", "prod-groups-1", "prod-extra"], deps)).toThrow(
      /cycle: prod-role-groups-0 → prod-groups-1 → prod-extra → prod-role-groups-0/,
    );
  });
});

describe("synth fails, writing nothing (exit 2)", () => {
  it("when an extension makes two stacks read each other's outputs", async () => {
    const root = await example("format: 2\n");
    // Conditional access reads the groups stack; a resource in the groups stack that reads a policy closes the cycle.
    const extend: Extension = ({ environment, stack }) => {
      const ca = stack(`${environment}-conditional-access`);
      const policy = ca.node
        .findAll()
        .find((c): c is TerraformResource => c instanceof TerraformResource && c.terraformResourceType === "azuread_conditional_access_policy")!;
      const loop = new TerraformResource(stack(`${environment}-groups`), "loop", { terraformResourceType: "terraform_data" });
      loop.addOverride("input", policy.getStringAttribute("id"));
    };
    const { code, stderr, out } = await synth(root, extend);
    expect(code).toBe(2);
    expect(stderr).toMatch(/stacks read each other's outputs in a cycle: .*prod-groups.*prod-conditional-access|cycle: .*prod-conditional-access.*prod-groups/);
    expect(existsSync(path.join(out, "stacks"))).toBe(false);
  });

  it("when a stack holds more resources than the ceiling, naming the stack, its count and the ceiling", async () => {
    const root = await example("format: 2\nstacks:\n  maxResources: 100\n");
    const extend: Extension = ({ environment, stack }) => {
      for (let i = 0; i < 101; i++) new TerraformResource(stack(`${environment}-privileged-access`), `extra-${i}`, { terraformResourceType: "terraform_data" });
    };
    const { code, stderr, out } = await synth(root, extend);
    expect(code).toBe(2);
    expect(stderr).toMatch(/stack prod-privileged-access holds 1\d\d resources, over the ceiling of 100 \(idac.yaml stacks.maxResources\)\. hint: /);
    expect(existsSync(path.join(out, "stacks"))).toBe(false);
  });
});

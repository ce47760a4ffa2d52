import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dependencySpec, parseState, runInit } from "../../src/cli/commands/init";
import { runValidate } from "../../src/cli/commands/validate";
import { IDAC_VERSION, PACKAGE_ROOT } from "../../src/package-files";
import { checkCatalog } from "../../src/testing";
import { captureOutput } from "../helpers/catalog";

const VALUES = {
  tenantId: "7d0f4a52-3b1e-4c8d-9a6f-2e5b8c1d4f70",
  breakGlass: ["1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"],
  state: { type: "local" as const },
};

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), "idac-init-"));
}

async function files(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await files(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

describe("idac init", () => {
  it("writes the repository layout: catalog, tests, pipelines, every file of the scaffold's stacks/, and idac at the exact version", async () => {
    const target = path.join(await tempDir(), "acme");
    const cap = captureOutput();
    expect(await runInit({ dir: target, values: VALUES, install: false }, cap.out)).toBe(0);
    const written = await files(target);
    const stacks = (await files(path.join(PACKAGE_ROOT, "templates/init/stacks"))).map((f) => `stacks/${f}`);
    expect(stacks.length).toBeGreaterThan(0);
    for (const f of [
      ".gitignore",
      "README.md",
      "cdktf.json",
      "main.ts",
      "tsconfig.json",
      "vitest.config.ts",
      "environments/prod.yaml",
      "roles/finance.yaml",
      "policies/conditional-access/baseline.yaml",
      "policies/personas.yaml",
      "test/catalog.test.ts",
      ".github/workflows/idac-pull-request.yml",
      ".github/workflows/idac-gate.yml",
      "azure-pipelines/pull-request.yml",
      ...stacks,
    ]) {
      expect(written, f).toContain(f);
    }
    const pkg = JSON.parse(await readFile(path.join(target, "package.json"), "utf8")) as {
      name: string;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.name).toBe("acme");
    expect(pkg.dependencies).toEqual({ idac: IDAC_VERSION });
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(["@types/node", "tsx", "typescript", "vitest"]);
    expect(pkg.scripts.start).toBe("idac validate && tsx main.ts");
    expect(cap.stderr()).toMatch(/Created .*acme \(the starter catalog\)/);
  });

  it("gives a starter catalog that validates with no error once the flags fill in the placeholders", async () => {
    const target = path.join(await tempDir(), "acme");
    expect(await runInit({ dir: target, values: VALUES, install: false }, captureOutput().out)).toBe(0);
    const check = await checkCatalog(target, { today: "2026-12-01" });
    expect(check.failures).toEqual([]);
    const states = new Map(check.catalog!.conditionalAccessPolicies.map((p) => [p.spec.id, p.spec.state]));
    expect(states.get("ca001-block-legacy-authentication")).toBe("enabled");
    expect(states.get("ca011-all-users-phishing-resistant-mfa")).toBe("reportOnly");
    expect(check.catalog!.environments[0]!.spec.backend).toEqual({ type: "local" });
  });

  it("fails validation at every placeholder left, naming it, until it is replaced", async () => {
    const target = path.join(await tempDir(), "acme");
    expect(await runInit({ dir: target, install: false }, captureOutput().out)).toBe(0);
    const cap = captureOutput();
    expect(await runValidate({ catalog: target, format: "human" }, cap.out)).toBe(2);
    const placeholders = cap.stderr().match(/^environments\/prod\.yaml:\d+:\d+: error CATALOG_PLACEHOLDER at \S+/gm)!;
    expect(placeholders.map((l) => l.split(" at ")[1])).toEqual([
      "environments[0].tenantId",
      "environments[0].breakGlass.accounts[0]",
      "environments[0].breakGlass.accounts[1]",
      "environments[0].backend.resourceGroupName",
      "environments[0].backend.storageAccountName",
    ]);
    expect(cap.stderr()).toContain("'tenantId' is still the placeholder REPLACE-ME-TENANT-ID that idac init wrote.");
    // Reported once, as a placeholder, not also as the GUID it is not.
    expect(cap.stderr()).not.toMatch(/expected a GUID/);
  });

  it("fills in an Azure Storage backend given as resource group/storage account/container", async () => {
    const target = path.join(await tempDir(), "acme");
    expect(
      await runInit({ dir: target, values: { ...VALUES, state: parseState("rg-identity/stidacstate/tfstate-prod") }, install: false }, captureOutput().out),
    ).toBe(0);
    const check = await checkCatalog(target, { today: "2026-12-01" });
    expect(check.catalog!.environments[0]!.spec.backend).toMatchObject({
      type: "azurerm",
      resourceGroupName: "rg-identity",
      storageAccountName: "stidacstate",
      containerName: "tfstate-prod",
    });
  });

  it("copies the bundled example with --example", async () => {
    const target = path.join(await tempDir(), "example");
    expect(await runInit({ dir: target, example: true, install: false }, captureOutput().out)).toBe(0);
    for (const folder of ["environments", "roles", "policies"])
      expect(await files(path.join(target, folder))).toEqual(await files(path.join(PACKAGE_ROOT, folder)));
  });

  it("fails when the target folder is not empty, and leaves it as it was", async () => {
    const target = await tempDir();
    await writeFile(path.join(target, "notes.txt"), "mine");
    const cap = captureOutput();
    expect(await runInit({ dir: target, values: VALUES, install: false }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/the folder is not empty \(notes\.txt\)[\s\S]*Nothing was written/);
    expect(await readdir(target)).toEqual(["notes.txt"]);
  });

  it("fails on a value that is not a GUID before writing anything", async () => {
    const parent = await tempDir();
    const cap = captureOutput();
    expect(await runInit({ dir: path.join(parent, "acme"), values: { breakGlass: ["admin@contoso.org"] }, install: false }, cap.out)).toBe(2);
    expect(cap.stderr()).toContain("--break-glass 'admin@contoso.org' is not an object ID");
    expect(await readdir(parent)).toEqual([]);
  });

  it("fails when the import of --from fails, leaving no folder behind", async () => {
    const parent = await tempDir();
    await mkdir(path.join(parent, "not-an-export"));
    const cap = captureOutput();
    expect(await runInit({ dir: path.join(parent, "acme"), from: path.join(parent, "not-an-export"), values: VALUES, install: false }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/Nothing was written/);
    expect(await readdir(parent)).toEqual(["not-an-export"]);
  });

  it("writes where idac comes from relative to the new repository for a tarball, as given otherwise", () => {
    expect(dependencySpec(undefined, "acme")).toBe(IDAC_VERSION);
    expect(dependencySpec("^0.1.0", "acme")).toBe("^0.1.0");
    expect(dependencySpec("git+https://github.com/contoso/idac.git#v0.1.0", "acme")).toBe("git+https://github.com/contoso/idac.git#v0.1.0");
    expect(dependencySpec(path.join(os.tmpdir(), "idac-0.1.0.tgz"), path.join(os.tmpdir(), "repos", "acme"))).toBe("file:../../idac-0.1.0.tgz");
  });
});

describe("idac init --from", () => {
  it("imports a Graph export into the new repository, with no starter catalog, and exits 1 when the import needs attention", async () => {
    const target = path.join(await tempDir(), "adopted");
    const cap = captureOutput();
    const values = {
      tenantId: "2f6a8b1c-9d3e-4c57-8a12-b4e6f0c2d9a7",
      breakGlass: ["3c8e1a5d-7b2f-4e96-a0c3-9d5f1b7e2a34", "d2a6f0b8-4e1c-4397-8b5a-1f7c3e9d6b45"],
      state: { type: "local" as const },
    };
    expect(await runInit({ dir: target, from: path.join(PACKAGE_ROOT, "test/fixtures/graph/example-prod"), values, install: false }, cap.out)).toBe(1);
    const written = await files(target);
    expect(written).toContain("roles/imported-groups.yaml");
    expect(written).not.toContain("roles/finance.yaml");
    expect(written).not.toContain("policies/conditional-access/baseline.yaml");
    expect(await readFile(path.join(target, "test/catalog.test.ts"), "utf8")).toMatch(/^import \{ checkCatalog \} from "idac\/testing";$/m);
    expect(cap.stderr()).toMatch(/does not validate yet/);
  });
});

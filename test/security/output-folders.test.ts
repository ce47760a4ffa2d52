import { execFile } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { runImport } from "../../src/cli/commands/import";
import { runReport } from "../../src/cli/commands/report";
import { runSynth } from "../../src/cli/commands/synth";
import { OUTPUT_MARKER } from "../../src/output/output-folder";
import { captureOutput, readTree, writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";
import { prodOnlyCatalog } from "../helpers/graph-fixture";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLE_EXPORT = path.join(ROOT, "test/fixtures/graph/example-prod");

/** Everything under a folder, without following links: file → content, link → target, folder → "<dir>". */
async function treeOf(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(path.join(dir, rel))) {
      const child = rel ? `${rel}/${name}` : name;
      const info = await lstat(path.join(dir, child));
      if (info.isSymbolicLink()) out[child] = `-> ${await readlink(path.join(dir, child))}`;
      else if (info.isDirectory()) {
        out[child] = "<dir>";
        await walk(child);
      } else out[child] = await readFile(path.join(dir, child), "utf8");
    }
  };
  await walk("");
  return out;
}

/** A valid catalog at `<base>/project/catalog`, so its parent and grandparent can be named as outputs too. */
async function project(): Promise<{ base: string; catalog: string }> {
  const base = await mkdtemp(path.join(tmpdir(), "idac-out-"));
  const source = await writeCatalog(SMALL_CATALOG);
  const catalog = path.join(base, "project", "catalog");
  await mkdir(catalog, { recursive: true });
  for (const [file, text] of Object.entries(await readTree(source))) {
    await mkdir(path.dirname(path.join(catalog, file)), { recursive: true });
    await writeFile(path.join(catalog, file), text);
  }
  return { base, catalog };
}

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

describe("synth --out", () => {
  it.each<[string, (p: { base: string; catalog: string }) => Promise<{ out: string; catalog?: string }>, RegExp]>([
    [
      "refuses --out . run from the catalog folder, which would delete the project",
      async ({ catalog }) => {
        process.chdir(catalog);
        return { out: ".", catalog: "." };
      },
      /Refusing --out "\.": it is the current working directory/,
    ],
    ["refuses the catalog root named by its absolute path", async ({ catalog }) => ({ out: catalog }), /: it is the catalog root/],
    ["refuses an ancestor of the catalog root", async ({ catalog }) => ({ out: path.dirname(catalog) }), /it contains the catalog root/],
    ["refuses the file system root, an ancestor of the working directory", async () => ({ out: "/" }), /it contains the current working directory/],
    [
      "refuses a symlink that resolves to the catalog root",
      async ({ base, catalog }) => {
        await symlink(catalog, path.join(base, "out-link"));
        return { out: path.join(base, "out-link") };
      },
      /it is the catalog root/,
    ],
    [
      "refuses the catalog root even when it carries a planted .idac-output marker",
      async ({ catalog }) => {
        await writeFile(path.join(catalog, OUTPUT_MARKER), "idac synth output\n");
        return { out: catalog };
      },
      /it is the catalog root/,
    ],
    [
      "refuses a file, which the swap would replace with a folder",
      async ({ base }) => {
        await writeFile(path.join(base, "project", "plan.json"), '{"keep": true}\n');
        return { out: path.join(base, "project", "plan.json") };
      },
      /it is a file, not a folder/,
    ],
    [
      "refuses a folder idac did not write",
      async ({ base }) => {
        await mkdir(path.join(base, "project", "docs"));
        await writeFile(path.join(base, "project", "docs", "README.md"), "notes\n");
        return { out: path.join(base, "project", "docs") };
      },
      /it is a folder idac did not write: it holds 1 entry \("README\.md"\), no \.idac-output marker and is not cdktf output/,
    ],
    [
      "refuses a folder shaped like earlier cdktf output with something else in it",
      async ({ base }) => {
        const out = path.join(base, "project", "cdktf.out");
        await mkdir(path.join(out, "stacks", "prod-groups"), { recursive: true });
        await writeFile(path.join(out, "manifest.json"), "{}");
        await writeFile(path.join(out, "id_ed25519"), "private key\n");
        return { out };
      },
      /idac did not write: it holds 3 entries \("id_ed25519", "manifest\.json", "stacks"\)/,
    ],
    [
      "refuses a folder another idac command wrote",
      async ({ base }) => {
        const out = path.join(base, "project", "export");
        await mkdir(path.join(out, "users"), { recursive: true });
        await writeFile(path.join(out, OUTPUT_MARKER), "idac export output\n");
        return { out };
      },
      /it holds idac export output, not synth output/,
    ],
    [
      "refuses a symlink that points to nothing",
      async ({ base }) => {
        await symlink(path.join(base, "nowhere"), path.join(base, "project", "dangling"));
        return { out: path.join(base, "project", "dangling") };
      },
      /it is a symbolic link that points to nothing/,
    ],
  ])("%s", async (_label, setup, message) => {
    const p = await project();
    const { out, catalog } = await setup(p);
    const before = await treeOf(p.base);
    const cap = captureOutput();
    expect(await runSynth({ catalog: catalog ?? p.catalog, out, format: "json" }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(message);
    expect(cap.stderr()).toMatch(/Nothing was written or deleted\./);
    expect(cap.stdout()).toBe("");
    process.chdir(cwd);
    expect(await treeOf(p.base)).toEqual(before);
  });

  it("refuses CDKTF_OUTDIR=. when cdktf runs main.ts in the catalog folder", async () => {
    const p = await project();
    const before = await treeOf(p.base);
    const run = await promisify(execFile)(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "main.ts")], {
      cwd: p.catalog,
      env: { ...process.env, CDKTF_OUTDIR: "." },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(run).toMatchObject({ code: 2, stderr: expect.stringMatching(/Refusing --out "\.": it is the current working directory/) });
    expect(await treeOf(p.base)).toEqual(before);
  });

  it("replaces a folder it marked and earlier cdktf output (manifest.json and stacks/ only), adding the marker", async () => {
    const { base, catalog } = await project();
    const legacy = path.join(base, "cdktf.out");
    await mkdir(path.join(legacy, "stacks", "old", ".terraform"), { recursive: true });
    await writeFile(path.join(legacy, "manifest.json"), "{}");
    expect(await runSynth({ catalog, out: legacy, format: "json" }, captureOutput().out)).toBe(0);
    const first = await treeOf(legacy);
    expect(first[OUTPUT_MARKER]).toMatch(/^idac synth output\n/);
    expect(first["stacks/old"]).toBeUndefined();
    await writeFile(path.join(legacy, "stacks", "stale.json"), "{}");
    expect(await runSynth({ catalog, out: legacy, format: "json" }, captureOutput().out)).toBe(0);
    expect(await treeOf(legacy)).toEqual(first);
    expect((await readdir(base)).sort()).toEqual(["cdktf.out", "project"]);
  });
});

describe("report --out", () => {
  it.each<[string, (catalog: string) => Promise<string>, RegExp]>([
    ["refuses the catalog root", async (catalog) => catalog, /it is the catalog root/],
    [
      "refuses a file",
      async (catalog) => {
        await writeFile(path.join(catalog, "..", "evidence.html"), "kept\n");
        return path.join(catalog, "..", "evidence.html");
      },
      /it is a file, not a folder/,
    ],
    [
      "refuses a folder idac did not write",
      async (catalog) => {
        await mkdir(path.join(catalog, "..", "evidence"));
        await writeFile(path.join(catalog, "..", "evidence", "audit-2025.pdf"), "kept\n");
        return path.join(catalog, "..", "evidence");
      },
      /idac did not write: it holds 1 entry \("audit-2025\.pdf"\), no \.idac-output marker and is not report files of an earlier idac/,
    ],
  ])("%s", async (_label, setup, message) => {
    const p = await project();
    const out = await setup(p.catalog);
    const before = await treeOf(p.base);
    const cap = captureOutput();
    expect(await runReport({ catalog: p.catalog, kind: "access-matrix", format: "md", out, today: "2026-11-22" }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(message);
    expect(await treeOf(p.base)).toEqual(before);
  });

  it("replaces a link planted in its folder instead of writing through it", async () => {
    const p = await project();
    const outside = path.join(p.base, "outside.txt");
    await writeFile(outside, "must not change\n");
    const out = path.join(p.base, "evidence");
    await mkdir(out);
    await writeFile(path.join(out, OUTPUT_MARKER), "idac report output\n");
    await symlink(outside, path.join(out, "report-access-matrix.md"));
    expect(await runReport({ catalog: p.catalog, kind: "access-matrix", format: "md", out, today: "2026-11-22" }, captureOutput().out)).toBe(0);
    expect(await readFile(outside, "utf8")).toBe("must not change\n");
    expect((await lstat(path.join(out, "report-access-matrix.md"))).isFile()).toBe(true);
    expect(await readFile(path.join(out, "report-access-matrix.md"), "utf8")).toMatch(/^# idac report/);
  });
});

describe("import --out", () => {
  it("refuses a file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-import-file-"));
    await writeFile(path.join(dir, "catalog"), "kept\n");
    const cap = captureOutput();
    expect(await runImport({ from: EXAMPLE_EXPORT, out: path.join(dir, "catalog"), format: "json" }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/Refusing --out ".*catalog": it is a file, not a catalog folder/);
    expect(await treeOf(dir)).toEqual({ catalog: "kept\n" });
  });

  it("refuses to write through a roles/ folder that links outside the catalog", async () => {
    const catalog = await prodOnlyCatalog();
    const outside = await mkdtemp(path.join(tmpdir(), "idac-import-outside-"));
    await symlink(outside, path.join(catalog, "roles"));
    const before = await treeOf(catalog);
    const cap = captureOutput();
    expect(await runImport({ from: EXAMPLE_EXPORT, out: catalog, format: "json" }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/Refusing to write "roles\/imported-[a-z-]+\.yaml" in .*: its folder resolves to .*, outside the catalog/);
    expect(await readdir(outside)).toEqual([]);
    expect(await treeOf(catalog)).toEqual(before);
  });

  it("replaces a link planted at an imported file's path instead of writing through it", async () => {
    const catalog = await prodOnlyCatalog();
    const outside = path.join(await mkdtemp(path.join(tmpdir(), "idac-import-outside-")), "bashrc");
    await writeFile(outside, "must not change\n");
    await mkdir(path.join(catalog, "roles"));
    await symlink(outside, path.join(catalog, "roles", "imported-groups.yaml"));
    const cap = captureOutput();
    expect(await runImport({ from: EXAMPLE_EXPORT, out: catalog, format: "json" }, cap.out)).toBeLessThan(2);
    expect(await readFile(outside, "utf8")).toBe("must not change\n");
    expect((await lstat(path.join(catalog, "roles", "imported-groups.yaml"))).isFile()).toBe(true);
  });
});

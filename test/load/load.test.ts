import { describe, expect, it } from "vitest";
import { loadCatalogFiles, parseCatalogText } from "../../src/load/load";
import type { CatalogIssue } from "../../src/errors/issue";
import { writeCatalog } from "../helpers/catalog";

const parse = (text: string | Uint8Array) => {
  const issues: CatalogIssue[] = [];
  const file = parseCatalogText("roles/x.yaml", typeof text === "string" ? new TextEncoder().encode(text) : text, issues);
  return { file, issues };
};

describe("parseCatalogText", () => {
  it("locates a value by its catalog path", () => {
    const { file } = parse("groups:\n  - id: a\n    owners:\n      - x@y.org\n");
    expect(file!.locate(["groups", 0, "owners", 0])).toEqual({ file: "roles/x.yaml", line: 4, col: 9, path: "groups[0].owners[0]" });
  });

  it("points at the nearest existing parent when a key is missing", () => {
    const { file } = parse("groups:\n  - id: a\n");
    expect(file!.locate(["groups", 0, "owners"])).toMatchObject({ line: 2, col: 5 });
  });

  it("points at the key itself when asked for the key", () => {
    const { file } = parse("groups:\n  - id: a\n    visibilty: Private\n");
    expect(file!.locate(["groups", 0, "visibilty"], { key: true })).toMatchObject({ line: 3, col: 5 });
  });

  it.each([
    ["a syntax error", "groups:\n  - id: a\n   owners: [x\n", "YAML_SYNTAX"],
    ["a duplicate key", "groups:\n  - id: a\n    id: b\n", "YAML_DUPLICATE_KEY"],
    ["two documents", "groups: []\n---\ngroups: []\n", "YAML_MULTIPLE_DOCUMENTS"],
    [
      "an alias bomb",
      "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: " +
        "&c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: " +
        "&e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
      "YAML_TOO_COMPLEX",
    ],
    ["deep nesting", "a: " + "[".repeat(200) + "]".repeat(200) + "\n", "YAML_TOO_COMPLEX"],
  ])("fails when the file has %s", (_label, text, code) => {
    const { file, issues } = parse(text);
    expect(file).toBeUndefined();
    expect(issues.map((i) => i.code)).toContain(code);
    expect(issues[0]!.line).toBeGreaterThanOrEqual(1);
  });

  it("reports the line of a duplicate key", () => {
    const { issues } = parse("groups:\n  - id: a\n    displayName: x\n    displayName: y\n");
    expect(issues[0]).toMatchObject({ code: "YAML_DUPLICATE_KEY", line: 4 });
  });

  it("fails when the file is binary or not UTF-8", () => {
    expect(parse(new Uint8Array([0x67, 0x00, 0x01])).issues[0]!.code).toBe("CATALOG_READ_FAILED");
    expect(parse(new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0xfe])).issues[0]!.message).toMatch(/UTF-8/);
  });

  it("accepts an empty file as contributing nothing", () => {
    const { file, issues } = parse("# only a comment\n");
    expect(issues).toEqual([]);
    expect(file!.data).toEqual({});
  });
});

describe("loadCatalogFiles", () => {
  it("reads every YAML file under environments/, roles/ and policies/, sorted by path", async () => {
    const root = await writeCatalog({
      "roles/b.yaml": "groups: []\n",
      "roles/sub/a.yml": "groups: []\n",
      "policies/c.yaml": "{}\n",
      "docs/ignored.yaml": "x: [",
    });
    const { files, issues } = await loadCatalogFiles(root);
    expect(issues).toEqual([]);
    expect(files.map((f) => f.file)).toEqual(["environments/test.yaml", "policies/c.yaml", "roles/b.yaml", "roles/sub/a.yml"]);
  });

  it("fails when there is no catalog file at all", async () => {
    const root = await writeCatalog({}, { withEnvironment: false });
    const { issues } = await loadCatalogFiles(root);
    expect(issues[0]!.code).toBe("CATALOG_EMPTY");
  });

  it("reports problems of every file, not only the first", async () => {
    const root = await writeCatalog({ "roles/a.yaml": "a: [\n", "roles/b.yaml": "b: {\n" });
    const { issues } = await loadCatalogFiles(root);
    expect(issues.map((i) => i.file)).toEqual(["roles/a.yaml", "roles/b.yaml"]);
  });
});

import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import type { CatalogIssue } from "../../src/errors/issue";
import { readFullYaml, type LoadedFile } from "../../src/load/load";
import { readPlainYaml } from "../../src/load/plain-yaml";

/**
 * The fast reading of plain YAML (src/load/plain-yaml.ts) must give exactly what the full reading (`yaml`) gives —
 * the same data and the same line and column for every key and value — or leave the file to the full reading.
 */
const ROOT = path.resolve(__dirname, "../..");

/** Every path to a value in `data`, keys included. */
function paths(data: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(data)) data.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (data !== null && typeof data === "object") for (const [k, v] of Object.entries(data)) out.push(...paths(v, [...at, k]));
  return out;
}

/** Compares both readings of `text`; returns whether the fast reading took it. */
function compare(name: string, text: string): boolean {
  const plain = readPlainYaml(name, text);
  if (!plain) return false;
  const issues: CatalogIssue[] = [];
  const full = readFullYaml(name, text, issues) as LoadedFile;
  expect(issues, `${name}: the full reading reports problems the fast reading did not see`).toEqual([]);
  expect(plain.data, name).toEqual(full.data);
  for (const p of paths(full.data)) {
    expect(plain.locate(p), `${name} ${JSON.stringify(p)}`).toEqual(full.locate(p));
    if (p.length) expect(plain.locate(p, { key: true }), `${name} key ${JSON.stringify(p)}`).toEqual(full.locate(p, { key: true }));
    expect(plain.locate([...p, "missing"]), `${name} ${JSON.stringify(p)} + missing`).toEqual(full.locate([...p, "missing"]));
  }
  return true;
}

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".") || e.name === "dist") continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await yamlFiles(p)));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

describe("plain YAML reading", () => {
  it("reads every YAML file of the project as the full reading does", async () => {
    const files = await yamlFiles(ROOT);
    let taken = 0;
    for (const f of files) if (compare(path.relative(ROOT, f), await readFile(f, "utf8"))) taken++;
    // Most files are plain: the fast reading must actually be used, not silently refuse everything.
    expect(taken).toBeGreaterThan(files.length / 2);
  });

  it("reads every file of the bad-input corpus as the full reading does, or leaves it to the full reading", async () => {
    const dir = path.join(ROOT, "test/fixtures/invalid");
    const base = new Map<string, string>();
    for (const f of await yamlFiles(path.join(dir, "base"))) base.set(path.relative(path.join(dir, "base"), f), await readFile(f, "utf8"));
    type Case = { name: string; patch?: { file: string; find: string; replace: string; all?: boolean }[]; add?: Record<string, string> };
    let cases = 0;
    for (const name of (await readdir(dir)).filter((f) => f.endsWith(".yaml"))) {
      for (const c of parse(await readFile(path.join(dir, name), "utf8")) as Case[]) {
        const texts = new Map<string, string>();
        for (const p of c.patch ?? []) {
          const before = texts.get(p.file) ?? base.get(p.file) ?? "";
          texts.set(p.file, p.all ? before.replaceAll(p.find, p.replace) : before.replace(p.find, p.replace));
        }
        for (const [file, text] of Object.entries(c.add ?? {})) texts.set(file, text);
        for (const [file, text] of texts) compare(`${c.name}: ${file}`, text);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(100);
  });

  it.each([
    [
      "scalars of the core schema",
      "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: true\ng: False\nh: TRUE\ni: yes\nj: 0o17\nk: 017\nl: 0x1F\nm: +12\nn: -3\no: 1e3\np: .5\nq: 1.\nr: -.inf\ns: .NaN\nt: 1_000\nu: 0b11\nv: 2024-01-31\nw: 12:30\nx: '1'\ny: \"true\"\n",
    ],
    ["keys as JavaScript reads them", "1: a\ntrue: b\n~: c\n1.5: d\n"],
    ["multi-line plain and quoted text", "a: one\n  two\n\n  three\nb: \"x\\ty\\u00e9 \\\n  z\"\nc: 'it''s'\n"],
    ["flow collections", "a: {b: [1, 2, {c: d}], e: []}\nf: [ ]\ng: {}\n"],
    ["comments and document start", "---\n# c\na: 1 # trailing\n# end\n"],
    ["a top-level list", "- a\n- - b\n  - c\n- d: e\n  f: g\n"],
    ["a scalar document", "just text\n"],
    ["only comments", "# nothing\n"],
    ["empty", ""],
    ["unicode text", "name: Zürich – Genève 東京 😀\n"],
    ["windows line ends", "a: 1\r\nb:\r\n  - x\r\n"],
    ["anchors and aliases", "owners: &o\n  - a@x\n  - b@x\ng:\n  - owners: *o\n  - owners: *o\n    m: &s one\n    n: *s\n"],
    ["an anchor defined again", "a: &x 1\nb: *x\nc: &x 2\nd: *x\ne: &y {k: [1, *x]}\nf: *y\n"],
  ])("%s", (_name, text) => {
    compare(_name, text);
  });

  it.each([
    ["an alias to an anchor defined after it", "a: *x\nb: &x 1\n"],
    ["an alias to no anchor", "a: *x\n"],
    ["an alias inside what it repeats", "a: &x [1, *x]\n"],
    ["an anchored key", "&k a: 1\nb: *k\n"],
    ["an alias as key", "a: &k x\n*k : 1\n"],
    [
      "an alias bomb",
      [
        "a: &a [1,2,3,4,5,6,7,8,9,10]",
        ...Array.from(
          { length: 6 },
          (_, i) =>
            `${"bcdefg"[i]}: &${"bcdefg"[i]} [${Array(10)
              .fill("*" + "abcdef"[i])
              .join(",")}]`,
        ),
      ].join("\n") + "\n",
    ],
    ["a tag", "a: !!str 1\n"],
    ["a custom tag", "a: !secret x\n"],
    ["block scalars (the fast parser drops line breaks `|+` keeps)", "a: |\n  one\nc: |+\n  kept\n\nd: x\n"],
    ["a directive", "%YAML 1.2\n---\na: 1\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["keys one as JavaScript reads them", "1: a\n'1': b\n"],
    ["a __proto__ key", "__proto__: 1\n"],
    ["a list as key", "? [a]\n: 1\n"],
    ["two documents", "a: 1\n---\nb: 2\n"],
    ["a syntax error", "a: [1, 2\n"],
    ["a bidi control character", 'a: "x\\u202ey"\n'],
    ["an invisible character in a key", "a\u200b: 1\n"],
    ["deep nesting", "a:\n" + Array.from({ length: 70 }, (_, i) => " ".repeat(2 * (i + 1)) + "k:").join("\n") + " 1\n"],
  ])("leaves %s to the full reading", (_name, text) => {
    expect(readPlainYaml("f.yaml", text)).toBeUndefined();
  });

  it("reads random catalog-like documents as the full reading does", () => {
    const key = fc.oneof(fc.constantFrom("id", "name", "groups", "1", "true", "null", "a b", "x:y", "- z", "é"), fc.string({ maxLength: 6 }));
    const scalarValue = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        "true",
        "no",
        "null",
        "~",
        "0o7",
        "0x1f",
        "1e3",
        ".5",
        "-.inf",
        "12:30",
        "2024-01-01",
        "a #b",
        "#c",
        "' q",
        '" d',
        "- e",
        "? f",
        ": g",
        "[h]",
        "{i}",
        "j\nk",
        " l ",
        "",
      ),
      fc.integer(),
      fc.double({ noNaN: false }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalarValue, tie("list"), tie("map")),
      list: fc.array(tie("node"), { maxLength: 4 }),
      map: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
    })).node;
    const options = fc.record({
      defaultStringType: fc.constantFrom("PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE", "BLOCK_LITERAL", "BLOCK_FOLDED"),
      defaultKeyType: fc.constantFrom(null, "PLAIN", "QUOTE_DOUBLE"),
      collectionStyle: fc.constantFrom("any", "block", "flow"),
      indent: fc.integer({ min: 1, max: 4 }),
      indentSeq: fc.boolean(),
      lineWidth: fc.constantFrom(0, 20, 80),
    });
    // Repeated objects are written by `stringify` as an anchor and aliases.
    const shared = fc.tuple(value, fc.array(key, { minLength: 2, maxLength: 4 })).map(([v, ks]) => Object.fromEntries(ks.map((k) => [k, v])));
    const documents = fc.oneof(value, shared);
    const runs = 400;
    let taken = 0;
    fc.assert(
      fc.property(documents, options, (data, opts) => {
        const text = stringify(data, null, opts as Parameters<typeof stringify>[2]);
        if (compare("random.yaml", text)) taken++;
      }),
      { numRuns: runs },
    );
    // The comparison means something only if the fast reading takes most of these documents.
    expect(taken).toBeGreaterThan(runs / 3);
  });
});

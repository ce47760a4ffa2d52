import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { runSynth } from "../../src/cli/commands/synth";
import { runValidate } from "../../src/cli/commands/validate";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { captureOutput, readTree } from "../helpers/catalog";

/**
 * The bad-input corpus: each case breaks a small valid catalog (test/fixtures/invalid/base) in one way and names
 * the error it must produce, and where. `at` is a piece of text of the broken file: the expected line is the
 * line where it first occurs (or `line` gives it directly).
 */
interface Case {
  name: string;
  patch?: { file: string; find: string; replace: string; all?: boolean }[];
  add?: Record<string, string>;
  generate?: { file: string; kind: "binary" | "latin1" | "huge" | "deep" | "aliasBomb" | "emptyOnly" };
  expect: { code: string; file: string; at?: string; line?: number; message?: string };
}

const FIXTURES = path.resolve(__dirname, "../fixtures/invalid");
const corpus: { source: string; c: Case }[] = [];
for (const name of (await readdir(FIXTURES)).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const c of parse(await readFile(path.join(FIXTURES, name), "utf8")) as Case[]) corpus.push({ source: name, c });
}

async function build(c: Case): Promise<{ root: string; text: (file: string) => Promise<string> }> {
  const root = await mkdtemp(path.join(tmpdir(), "idac-corpus-"));
  if (c.generate?.kind === "emptyOnly") {
    await mkdir(path.join(root, "roles"), { recursive: true });
    await writeFile(path.join(root, c.generate.file), "");
  } else {
    await cp(path.join(FIXTURES, "base"), root, { recursive: true });
  }
  for (const p of c.patch ?? []) {
    const file = path.join(root, p.file);
    const before = await readFile(file, "utf8");
    if (!before.includes(p.find)) throw new Error(`case '${c.name}': '${p.find}' not found in ${p.file}`);
    await writeFile(file, p.all ? before.replaceAll(p.find, p.replace) : before.replace(p.find, p.replace));
  }
  for (const [file, text] of Object.entries(c.add ?? {})) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  if (c.generate && c.generate.kind !== "emptyOnly") {
    const file = path.join(root, c.generate.file);
    await mkdir(path.dirname(file), { recursive: true });
    const kind = c.generate.kind;
    if (kind === "binary") await writeFile(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    if (kind === "latin1") await writeFile(file, Buffer.from("groups:\n  - id: caf\xe9\n", "latin1"));
    if (kind === "huge") await writeFile(file, "# padding\n".repeat(300_000));
    if (kind === "deep") await writeFile(file, `groups: ${"[".repeat(5000)}${"]".repeat(5000)}\n`);
    if (kind === "aliasBomb") {
      const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (const [prev, cur] of [
        ["a", "b"],
        ["b", "c"],
        ["c", "d"],
        ["d", "e"],
        ["e", "f"],
        ["f", "g"],
        ["g", "h"],
        ["h", "i"],
      ])
        lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(",")}]`);
      await writeFile(file, lines.join("\n") + "\n");
    }
  }
  return { root, text: (f) => readFile(path.join(root, f), "utf8") };
}

describe("the bad-input corpus", () => {
  it("has at least 150 cases with distinct names", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(new Set(corpus.map(({ c }) => c.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map(({ source, c }) => [`${source}: ${c.name}`, c] as const))("%s", async (_label, c) => {
    const { root, text } = await build(c);
    const line = c.expect.line ?? (c.expect.at ? (await text(c.expect.file)).split("\n").findIndex((l) => l.includes(c.expect.at!)) + 1 : 1);
    expect(line, `'${c.expect.at}' not found in ${c.expect.file}`).toBeGreaterThan(0);

    const { catalog, issues } = await loadCatalog(root);
    expect(catalog).toBeUndefined();
    const match = issues.find((i) => i.code === c.expect.code && i.file === c.expect.file && i.line === line);
    expect(
      match,
      `expected ${c.expect.code} at ${c.expect.file}:${line}, got:\n${issues.map((i) => `${i.code} ${i.file}:${i.line} ${i.message}`).join("\n")}`,
    ).toBeDefined();
    if (c.expect.message) expect(match!.message).toMatch(new RegExp(c.expect.message));
    expect(match!.message.length).toBeGreaterThan(10);

    const validate = captureOutput();
    expect(await runValidate({ catalog: root, format: "human" }, validate.out)).toBe(2);
    expect(validate.stderr()).toContain(`${c.expect.file}:${line}:`);
    expect(validate.stderr()).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace

    const out = path.join(root, "cdktf.out");
    await mkdir(path.join(out, "stacks", "previous"), { recursive: true });
    await writeFile(path.join(out, "stacks", "previous", "cdk.tf.json"), "{}");
    expect(await runSynth({ catalog: root, out, format: "json" }, captureOutput().out)).toBe(2);
    expect(await readTree(out)).toEqual({ "stacks/previous/cdk.tf.json": "{}" });
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CatalogIssue } from "../../src/errors/issue";
import { parseCatalogText, readFullYaml } from "../../src/load/load";
import { readPlainYaml } from "../../src/load/plain-yaml";

/**
 * Broken and hostile text given to the fast reading of plain YAML (src/load/plain-yaml.ts): it either gives exactly
 * what the full reading gives for a file the full reading accepts, or leaves the file to the full reading, and it
 * always ends. (A separate file: after a parse that did not end, the process reads every file with the full reading.)
 */
describe("plain YAML reading of broken text", () => {
  it("never reads text the full reading refuses, and reads what it takes exactly as the full reading does", () => {
    const piece = fc.constantFrom(
      ...["a", "b: ", ":", "- ", "  ", " ", "\n", "\t", "'", '"', "\\", "\\u00", "\\x4", "\\n", "#", " #", "[", "]", "{", "}", ",", "?", "|", ">"],
      ...["1", "0x1", "~", "é", "\r\n", "\r", "---\n", "...\n", "a: &x ", "*x", "%", "!", "@", "`", "key: value\n", "  - item\n", "x:\n", '"k\nq": '],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join("");
        const plain = readPlainYaml("f.yaml", text);
        if (!plain) return;
        const issues: CatalogIssue[] = [];
        const full = readFullYaml("f.yaml", text, issues);
        expect(issues, JSON.stringify(text)).toEqual([]);
        expect(plain.data, JSON.stringify(text)).toEqual(full!.data);
      }),
      { numRuns: 3000 },
    );
  });

  it("gives up on a parse that does not end, and the full reading reports the file's problem at its line", () => {
    const text = 'groups:\n  - id: a\n    description: "bad \\u00"\n';
    const started = performance.now();
    expect(readPlainYaml("roles/x.yaml", text)).toBeUndefined();
    // The time limit is one second plus a millisecond per 1,000 characters: generous for a busy machine.
    expect(performance.now() - started).toBeLessThan(30_000);
    const issues: CatalogIssue[] = [];
    expect(parseCatalogText("roles/x.yaml", new TextEncoder().encode(text), issues)).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ code: "YAML_SYNTAX", file: "roles/x.yaml", line: 3 })]);
    // Every later file is read by the full reading, the same data.
    const later = parseCatalogText("roles/y.yaml", new TextEncoder().encode("groups:\n  - id: b\n"), issues);
    expect(later?.data).toEqual({ groups: [{ id: "b" }] });
    expect(readPlainYaml("roles/y.yaml", "groups:\n  - id: b\n")).toBeUndefined();
  });
});

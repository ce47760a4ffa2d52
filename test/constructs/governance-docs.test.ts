import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { AccessReviewDefinition, SodRule } from "../../src/schema/catalog";

const DOC = path.resolve(__dirname, "../../docs/governance.md");

/** The YAML blocks of docs/governance.md that start with a catalog section. */
async function blocks(section: string): Promise<unknown[]> {
  const text = await readFile(DOC, "utf8");
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((b) => b.startsWith(`${section}:`))
    .map((b) => parse(b) as unknown);
}

describe("docs/governance.md", () => {
  it("shows access reviews the catalog accepts", async () => {
    const found = await blocks("accessReviews");
    expect(found).toHaveLength(1);
    for (const r of (found[0] as { accessReviews: unknown[] }).accessReviews) expect(AccessReviewDefinition.safeParse(r).error).toBeUndefined();
  });

  it("shows an SoD rule enforced as incompatible that the catalog accepts", async () => {
    const [doc] = (await blocks("sodRules")) as { sodRules: unknown[] }[];
    const rule = SodRule.parse(doc!.sodRules[0]);
    expect(rule.enforcement).toBe("incompatible");
  });
});

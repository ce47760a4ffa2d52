import { cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runValidate } from "../../src/cli/commands/validate";
import type { Finding } from "../../src/guardrails/types";
import { exampleWith, ROOT } from "../guardrails/example-copy";
import { captureOutput } from "../helpers/catalog";

/** The bundled example with its rules/ and a node_modules that resolves idac and tsx, as a scaffolded repository has. */
async function exampleRepo(patches: Parameters<typeof exampleWith>[0]): Promise<string> {
  const root = await exampleWith(patches);
  await cp(path.join(ROOT, "rules"), path.join(root, "rules"), { recursive: true });
  await writeFile(path.join(root, "package.json"), JSON.stringify({ name: "example", private: true, type: "module" }));
  await mkdir(path.join(root, "node_modules"));
  await symlink(ROOT, path.join(root, "node_modules", "idac"), "dir");
  await symlink(path.join(ROOT, "node_modules", "tsx"), path.join(root, "node_modules", "tsx"), "dir");
  return root;
}

async function findings(root: string): Promise<Finding[]> {
  const cap = captureOutput();
  await runValidate({ catalog: root, format: "json", today: "2026-12-02" }, cap.out);
  return (JSON.parse(cap.stdout()) as { findings: Finding[] }).findings.filter((f) => f.rule.startsWith("MRO-"));
}

describe("the bundled example's organisation rule MRO-NAMING-001", () => {
  it("passes on the example as it is", async () => {
    expect(await findings(await exampleRepo([]))).toEqual([]);
  });

  it("fails when an access package catalog is not named cat-…, at the catalog's id", async () => {
    const root = await exampleRepo([
      { file: "roles/human-resources.yaml", find: "  - id: cat-hr", replace: "  - id: hr-catalog" },
      { file: "roles/human-resources.yaml", find: "catalog: cat-hr", replace: "catalog: hr-catalog" },
      { file: "roles/human-resources.yaml", find: "catalog: cat-hr", replace: "catalog: hr-catalog" },
    ]);
    const line = (await readFile(path.join(root, "roles/human-resources.yaml"), "utf8")).split("\n").indexOf("  - id: hr-catalog") + 1;
    expect(await findings(root)).toMatchObject([
      {
        rule: "MRO-NAMING-001",
        level: "error",
        file: "roles/human-resources.yaml",
        line,
        col: 9,
        entry: { section: "accessPackageCatalogs", id: "hr-catalog" },
        controls: ["MRO-ISMS-5.18"],
      },
    ]);
  });
});

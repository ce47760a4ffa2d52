import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runMigrate } from "../../src/cli/commands/migrate";
import { runValidate } from "../../src/cli/commands/validate";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { captureOutput, readTree, writeCatalog } from "../helpers/catalog";

const FORMAT_1_ROLES = `# Finance groups
domain: finance
guardrails:
  levels:
    - { rule: IDAC-HYG-002, level: warning }   # agreed with the service desk
  suppressions:
    - rule: IDAC-HYG-003
      reason: Descriptions are written by the policy owners next quarter
      expires: 2027-03-01
# the groups
groups: []
`;

async function validate(root: string) {
  const cap = captureOutput();
  const code = await runValidate({ catalog: root, format: "json", today: "2026-12-02" }, cap.out);
  return {
    code,
    issues: (
      JSON.parse(cap.stdout()) as { issues: { code: string; severity: string; file: string; line: number; col: number; message: string; hint?: string }[] }
    ).issues,
  };
}

async function migrate(root: string, write = false) {
  const cap = captureOutput();
  const code = await runMigrate({ catalog: root, ...(write ? { write } : {}) }, cap.out);
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

describe("the catalog format", () => {
  it("reads a catalog without idac.yaml as format 1 and says how to migrate it, in a warning", async () => {
    const root = await writeCatalog({}, { withFormat: false });
    const { catalog, issues } = await loadCatalog(root);
    expect(catalog).toBeDefined();
    expect(issues).toMatchObject([
      { code: "CATALOG_FORMAT_OLDER", severity: "warning", file: "idac.yaml", hint: expect.stringContaining("idac migrate --write") },
    ]);
  });

  it("fails when the catalog is written for a newer format, at idac.yaml's format, saying to upgrade idac", async () => {
    const root = await writeCatalog({ "idac.yaml": "# written by a newer idac\nformat: 3\n" });
    const r = await validate(root);
    expect(r.code).toBe(2);
    expect(r.issues).toMatchObject([
      {
        code: "CATALOG_FORMAT_NEWER",
        severity: "error",
        file: "idac.yaml",
        line: 2,
        col: 9,
        message: expect.stringContaining("format 3; this idac reads formats 1 to 2"),
        hint: expect.stringContaining("Upgrade idac"),
      },
    ]);
    expect((await migrate(root)).code).toBe(2);
  });

  it("fails when idac.yaml is not a format declaration, at file:line:col", async () => {
    const root = await writeCatalog({ "idac.yaml": "format: two\nversion: 1\n" });
    const r = await validate(root);
    expect(r.code).toBe(2);
    expect(r.issues.map((i) => `${i.file}:${i.line}:${i.col} ${i.code}`)).toEqual(["idac.yaml:1:9 SCHEMA_INVALID_TYPE", "idac.yaml:2:1 SCHEMA_UNKNOWN_KEY"]);
  });
});

describe("idac migrate", () => {
  it("shows the changes from format 1 as a diff and writes nothing without --write (exit 1)", async () => {
    const root = await writeCatalog({ "roles/finance.yaml": FORMAT_1_ROLES }, { withFormat: false });
    const before = await readTree(root);
    const r = await migrate(root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("--- a/roles/finance.yaml\n+++ b/roles/finance.yaml");
    expect(r.stdout).toContain("-guardrails:\n");
    expect(r.stdout).toContain("--- /dev/null\n+++ b/policies/guardrails.yaml");
    expect(r.stdout).toContain("+format: 2");
    expect(r.stderr).toContain("Catalog format 1 → 2: 3 file(s) to change (idac.yaml, policies/guardrails.yaml, roles/finance.yaml). Nothing was written");
    expect(await readTree(root)).toEqual(before);
  });

  it("moves format 1's guardrails into policies/guardrails.yaml with --write, keeping comments, and the result validates without format issues", async () => {
    const root = await writeCatalog(
      { "roles/finance.yaml": FORMAT_1_ROLES, "policies/guardrails.yaml": "guardrails:\n  planGate: { maxDeletes: 1 }\n" },
      { withFormat: false },
    );
    expect((await validate(root)).issues.map((i) => i.code).sort()).toEqual(["CATALOG_FORMAT_OLDER", "GUARDRAIL_MISPLACED"]);
    expect((await migrate(root, true)).code).toBe(0);
    const text = (file: string) => readFile(path.join(root, file), "utf8");
    expect(await text("roles/finance.yaml")).toBe("# Finance groups\ndomain: finance\n# the groups\ngroups: []\n");
    expect(await text("policies/guardrails.yaml")).toBe(`guardrails:
  planGate: { maxDeletes: 1 }
  levels:
    # moved from roles/finance.yaml
    - { rule: IDAC-HYG-002, level: warning } # agreed with the service desk
  suppressions:
    # moved from roles/finance.yaml
    - rule: IDAC-HYG-003
      reason: Descriptions are written by the policy owners next quarter
      expires: 2027-03-01
`);
    expect(await text("idac.yaml")).toContain("format: 2\n");
    const after = await loadCatalog(root);
    expect(after.issues).toEqual([]);
    expect(after.catalog!.guardrails.levels.map((l) => `${l.rule} ${l.level} ${l.at.file}`)).toEqual(["IDAC-HYG-002 warning policies/guardrails.yaml"]);
    expect((await migrate(root)).code).toBe(0);
  });

  it("updates the format of an idac.yaml that declares format 1, keeping its comments", async () => {
    const root = await writeCatalog({ "idac.yaml": "# ours\nformat: 1\n" });
    expect((await migrate(root, true)).code).toBe(0);
    expect(await readFile(path.join(root, "idac.yaml"), "utf8")).toBe("# ours\nformat: 2\n");
  });

  it("fails when a setting is in both files, naming it, and writes nothing", async () => {
    const root = await writeCatalog(
      { "roles/a.yaml": "guardrails:\n  suppressionMaxDays: 90\n", "policies/guardrails.yaml": "guardrails:\n  suppressionMaxDays: 30\n" },
      { withFormat: false },
    );
    const before = await readTree(root);
    const r = await migrate(root, true);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("guardrails.suppressionMaxDays is declared in roles/a.yaml and in policies/guardrails.yaml.");
    expect(await readTree(root)).toEqual(before);
  });

  it("says there is nothing to do on a current catalog", async () => {
    const r = await migrate(await writeCatalog({}));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("already written for catalog format 2");
  });
});

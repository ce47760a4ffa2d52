import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rename, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runReport } from "../../src/cli/commands/report";
import { runValidate } from "../../src/cli/commands/validate";
import { loadCatalogFilesAt } from "../../src/load/git";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { captureOutput, writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";

/** A group only a file outside the catalog declares: it must never reach the catalog. */
const OUTSIDE_YAML =
  "groups:\n  - id: smuggled\n    displayName: Smuggled\n    description: From outside " +
  "the catalog\n    owners: [a@example.org, b@example.org]\n    membership: { type: " +
  "assigned }\n";

async function outsideFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "idac-outside-"));
  await writeFile(path.join(dir, "extra.yaml"), OUTSIDE_YAML);
  return dir;
}

describe("symbolic links and special files in the catalog folders", () => {
  it.each<[string, (root: string) => Promise<void>, { code: string; severity: "error" | "warning"; file: string; message: RegExp }]>([
    [
      "refuses a file link that leaves the catalog root",
      async (root) => void (await symlink(path.join(await outsideFolder(), "extra.yaml"), path.join(root, "roles/extra.yaml"))),
      {
        code: "CATALOG_LINK_OUTSIDE_ROOT",
        severity: "error",
        file: "roles/extra.yaml",
        message: /^Symbolic link to ".*extra\.yaml", outside the catalog root: it was not read\.$/,
      },
    ],
    [
      "refuses a folder link that leaves the catalog root",
      async (root) => void (await symlink(await outsideFolder(), path.join(root, "roles/shared-elsewhere"))),
      { code: "CATALOG_LINK_OUTSIDE_ROOT", severity: "error", file: "roles/shared-elsewhere", message: /outside the catalog root/ },
    ],
    [
      "refuses a catalog folder that is itself a link outside the root",
      async (root) => {
        const outside = await outsideFolder();
        await rename(path.join(root, "policies"), path.join(outside, "policies"));
        await symlink(path.join(outside, "policies"), path.join(root, "policies"));
      },
      { code: "CATALOG_LINK_OUTSIDE_ROOT", severity: "error", file: "policies", message: /outside the catalog root/ },
    ],
    [
      "refuses a link to a folder that contains it (a loop)",
      async (root) => void (await symlink("..", path.join(root, "roles/loop"))),
      { code: "CATALOG_LINK_LOOP", severity: "error", file: "roles/loop", message: /^Symbolic link to a folder that contains it \(a loop\)/ },
    ],
    [
      "refuses two links that point at each other",
      async (root) => {
        await symlink("b.yaml", path.join(root, "roles/a.yaml"));
        await symlink("a.yaml", path.join(root, "roles/b.yaml"));
      },
      { code: "CATALOG_LINK_LOOP", severity: "error", file: "roles/a.yaml", message: /loop/ },
    ],
    [
      "refuses a second link to a folder already read",
      async (root) => void (await symlink("../roles", path.join(root, "policies/roles-again"))),
      { code: "CATALOG_LINK_LOOP", severity: "error", file: "policies/roles-again", message: /^Folder already read as "roles" / },
    ],
    [
      "refuses a FIFO named like a catalog file, without hanging on it",
      async (root) => void execFileSync("mkfifo", [path.join(root, "roles/pipe.yaml")]),
      { code: "CATALOG_NOT_A_FILE", severity: "error", file: "roles/pipe.yaml", message: /FIFO/ },
    ],
    [
      "reports a link that points to nothing as a warning",
      async (root) => void (await symlink("gone.yaml", path.join(root, "roles/.#finance.yaml"))),
      { code: "CATALOG_LINK_BROKEN", severity: "warning", file: "roles/.#finance.yaml", message: /points to nothing/ },
    ],
  ])("%s", async (_label, arrange, expected) => {
    const root = await writeCatalog(SMALL_CATALOG);
    await arrange(root);
    const { catalog, issues } = await loadCatalog(root);
    expect(issues).toContainEqual(expect.objectContaining({ ...expected, message: expect.stringMatching(expected.message), line: 1, col: 1 }));
    expect(JSON.stringify(issues)).not.toMatch(/smuggled|From outside the catalog/);
    if (expected.severity === "error") {
      expect(catalog).toBeUndefined();
      expect(await runValidate({ catalog: root, format: "json" }, captureOutput().out)).toBe(2);
    } else {
      expect(catalog?.groups.map((g) => g.id)).toContain("fin-ap");
    }
  });

  it("follows links to files and folders that stay inside the catalog root", async () => {
    const root = await writeCatalog(SMALL_CATALOG);
    await mkdir(path.join(root, "shared/finance"), { recursive: true });
    await rename(path.join(root, "roles/finance.yaml"), path.join(root, "shared/finance/finance.yaml"));
    await symlink("../shared/finance", path.join(root, "roles/finance"));
    await rename(path.join(root, "policies/ca.yaml"), path.join(root, "shared/ca.yaml"));
    await symlink("../shared/ca.yaml", path.join(root, "policies/ca.yaml"));
    const { catalog, issues } = await loadCatalog(root);
    expect(issues).toEqual([]);
    expect(catalog!.businessRoles.map((r) => r.id)).toContain("fin-approver");
    expect(catalog!.conditionalAccessPolicies.length).toBeGreaterThan(0);
  });

  it("reports a symbolic link stored in git at a revision instead of reading it as YAML", async () => {
    const root = await writeCatalog(SMALL_CATALOG);
    await symlink("/etc/passwd", path.join(root, "roles/passwd.yaml"));
    const git = (...args: string[]) => execFileSync("git", ["-C", root, "-c", "user.name=T", "-c", "user.email=t@example.org", ...args], { stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("commit", "-qm", "catalog with a link");
    const loaded = await loadCatalogFilesAt(root, "HEAD");
    expect(loaded!.issues).toEqual([
      expect.objectContaining({
        code: "CATALOG_LINK_AT_REVISION",
        severity: "error",
        file: "roles/passwd.yaml",
        message: expect.stringMatching(/^A symbolic link at [0-9a-f]{12}: idac does not follow links in git history/),
      }),
    ]);
    expect(loaded!.files.map((f) => f.file)).not.toContain("roles/passwd.yaml");
    const cap = captureOutput();
    expect(await runReport({ catalog: root, kind: "access-matrix", format: "md", at: "HEAD", today: "2026-11-22" }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/roles\/passwd\.yaml:1:1: error CATALOG_LINK_AT_REVISION/);
    expect(cap.stdout()).not.toMatch(/root:/);
  });
});

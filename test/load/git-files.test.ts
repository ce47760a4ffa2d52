import { execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalogFiles, type LoadedFile } from "../../src/load/load";
import { loadCatalogFilesAt, readFolderAt } from "../../src/load/git";
import { writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";

/** Catalog files read at a git revision (one `git cat-file --batch` for all of them) are the files on disk. */
let repo: string;
let commit: string;
const git = (...args: string[]) =>
  execFileSync("git", ["-C", repo, "-c", "user.name=T", "-c", "user.email=t@example.org", ...args], { stdio: "pipe" })
    .toString()
    .trim();

beforeAll(async () => {
  repo = await writeCatalog(SMALL_CATALOG);
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-qm", "catalog");
  commit = git("rev-parse", "HEAD");
});

const view = (files: readonly LoadedFile[]) => files.map((f) => ({ file: f.file, data: f.data, at: f.locate([]) }));

describe("catalog files at a revision", () => {
  it("are the files on disk, with the same data and positions", async () => {
    const disk = await loadCatalogFiles(repo);
    const atHead = await loadCatalogFilesAt(repo, commit);
    expect(atHead!.issues).toEqual([]);
    expect(view(atHead!.files)).toEqual(view(disk.files));
    expect(atHead!.files.length).toBeGreaterThan(2);
  });

  it("name a file git cannot read instead of leaving it out", async () => {
    const object = git("rev-parse", `${commit}:roles/finance.yaml`);
    await rm(path.join(repo, ".git", "objects", object.slice(0, 2), object.slice(2)));
    const atHead = await loadCatalogFilesAt(repo, commit);
    expect(atHead!.files.map((f) => f.file)).not.toContain("roles/finance.yaml");
    expect(atHead!.issues).toEqual([expect.objectContaining({ code: "CATALOG_READ_FAILED", file: "roles/finance.yaml", severity: "error" })]);
    // A folder read for organisation rules is read whole or not at all.
    expect(await readFolderAt(repo, commit, "roles")).toBeUndefined();
  });
});

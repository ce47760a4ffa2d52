import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { CatalogIssue } from "../errors/issue";
import { CATALOG_FOLDERS, parseCatalogText, type LoadResult, type LoadedFile } from "./load";

const git = promisify(execFile);

/** Runs git in `cwd`; undefined when git is missing, the folder is not a repository or the command fails. */
async function run(cwd: string, args: string[], encoding: "utf8" | "buffer" = "utf8"): Promise<string | Buffer | undefined> {
  try {
    const { stdout } = await git("git", ["-C", cwd, ...args], { encoding, maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch {
    return undefined;
  }
}

/** The commit a revision names, or undefined when it names none (or there is no repository). */
export async function resolveRevision(root: string, ref: string): Promise<string | undefined> {
  const out = (await run(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])) as string | undefined;
  return out?.trim() || undefined;
}

/**
 * Reads the catalog files as they were at a git revision (without touching the working tree), parsed with
 * positions like files on disk. The catalog root may be a sub-folder of the repository.
 */
export async function loadCatalogFilesAt(root: string, ref: string): Promise<LoadResult | undefined> {
  const commit = await resolveRevision(root, ref);
  if (!commit) return undefined;
  // ls-tree takes and prints paths relative to the folder it runs in (the catalog root).
  const listing = (await run(root, ["ls-tree", "-r", "-z", "--name-only", commit, "--", ...CATALOG_FOLDERS])) as string | undefined;
  if (listing === undefined) return undefined;
  const names = listing
    .split("\0")
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort();
  const issues: CatalogIssue[] = [];
  const files: LoadedFile[] = [];
  for (const name of names) {
    const bytes = (await run(root, ["show", `${commit}:./${name}`], "buffer")) as Buffer | undefined;
    if (!bytes) continue;
    const file = parseCatalogText(name, new Uint8Array(bytes), issues);
    if (file) files.push(file);
  }
  return { files, issues };
}

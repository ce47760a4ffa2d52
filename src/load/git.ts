import { quoted } from "../escape";
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import type { CatalogIssue } from "../errors/issue";
import { didYouMean } from "../errors/suggest";
import { CATALOG_FOLDERS, fileIssue, MAX_FILE_BYTES, parseCatalogText, type LoadResult, type LoadedFile } from "./load";

const git = promisify(execFile);

/**
 * Runs git in `cwd`; undefined when git is missing, the folder is not a repository or the command fails. Text from
 * the command line never reaches these arguments: revisions are verified first ({@link verifyRevision}) and only
 * the commit they name is passed on.
 */
async function run(cwd: string, args: string[], encoding: "utf8" | "buffer" = "utf8"): Promise<string | Buffer | undefined> {
  try {
    const { stdout } = await git("git", ["-C", cwd, ...args], { encoding, maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch {
    return undefined;
  }
}

/**
 * The contents of git objects (blobs), by ID, read by one `git cat-file --batch` (one process for a catalog's files,
 * not one per file). IDs come from `ls-tree`, never from user text. An object git does not answer is absent from the
 * map; undefined when git cannot run or its output is not what `--batch` writes.
 */
async function readObjects(cwd: string, objects: readonly string[]): Promise<Map<string, Buffer> | undefined> {
  if (objects.length === 0) return new Map();
  if (!objects.every((o) => /^[0-9a-f]{40,64}$/.test(o))) return undefined;
  const output = await new Promise<Buffer | undefined>((resolve) => {
    const child = spawn("git", ["-C", cwd, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.once("error", () => resolve(undefined));
    child.once("close", (code) => resolve(code === 0 ? Buffer.concat(chunks) : undefined));
    child.stdin.on("error", () => resolve(undefined));
    child.stdin.end(objects.map((o) => `${o}\n`).join(""));
  });
  if (!output) return undefined;
  // Per object: "<id> <type> <size>\n<contents>\n", or "<id> missing\n".
  const read = new Map<string, Buffer>();
  let at = 0;
  while (at < output.length) {
    const eol = output.indexOf(0x0a, at);
    if (eol === -1) return undefined;
    const header = /^([0-9a-f]+) (?:(\w+) (\d+)|missing|ambiguous)$/.exec(output.toString("utf8", at, eol));
    if (!header) return undefined;
    at = eol + 1;
    if (header[3] === undefined) continue;
    const size = Number(header[3]);
    if (at + size >= output.length || output[at + size] !== 0x0a) return undefined;
    if (header[2] === "blob") read.set(header[1]!, output.subarray(at, at + size));
    at += size + 1;
  }
  return read;
}

/** Why a revision named on the command line cannot be used. */
export interface RevisionProblem {
  readonly ref: string;
  /**
   * `option`: it starts with `-` (git would read it as an option); `not-a-repository`: the folder is not in a git
   * repository (or git is missing); `no-commit`: the repository has no commit yet; `unknown`: it names no commit;
   * `date`: it looks like a date but is not a real one.
   */
  readonly kind: "option" | "not-a-repository" | "no-commit" | "unknown" | "date";
  /** The closest branch, tag or remote branch, when one is close. */
  readonly suggestion?: string;
}

/** A revision checked against the repository: the commit it names, or why it names none. */
export type VerifiedRevision = { readonly commit: string; readonly problem?: undefined } | { readonly commit?: undefined; readonly problem: RevisionProblem };

/**
 * Verifies a revision named on the command line (`--base`, `--at`, `diff <a> <b>`, `changelog --since`) and returns
 * the full commit ID it names. A name starting with `-` is refused outright, and git is asked with
 * `rev-parse --verify --quiet --end-of-options <ref>^{commit}`, so no text can reach git as an option. Callers pass
 * the commit, never the text, to later git commands.
 */
export async function verifyRevision(root: string, ref: string): Promise<VerifiedRevision> {
  if (ref.startsWith("-")) return { problem: { ref, kind: "option" } };
  if (ref !== "" && !/[\u0000-\u001f\u007f]/.test(ref)) {
    const out = (await run(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`])) as string | undefined;
    const commit = out?.trim();
    if (commit && /^[0-9a-f]{40,64}$/.test(commit)) return { commit };
  }
  if ((await run(root, ["rev-parse", "--git-dir"])) === undefined) return { problem: { ref, kind: "not-a-repository" } };
  if ((await run(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])) === undefined) return { problem: { ref, kind: "no-commit" } };
  const suggestion = await closestRef(root, ref);
  return { problem: { ref, kind: "unknown", ...(suggestion ? { suggestion } : {}) } };
}

/** The commit a revision names, or undefined when it names none (or there is no repository). */
export async function resolveRevision(root: string, ref: string): Promise<string | undefined> {
  return (await verifyRevision(root, ref)).commit;
}

/** A bound of `git log`: a validated date, or a verified commit. */
export type LogBound = { readonly date: string } | { readonly commit: string };

/**
 * `changelog --since/--until`: a real date (YYYY-MM-DD, or ISO 8601 with a time) is a date; anything else must be a
 * revision ({@link verifyRevision}).
 */
export async function verifyRevisionOrDate(root: string, text: string): Promise<LogBound | { readonly problem: RevisionProblem }> {
  if (isCalendarDate(text)) return { date: text };
  const verified = await verifyRevision(root, text);
  if (verified.commit) return { commit: verified.commit };
  const problem = verified.problem!;
  return { problem: problem.kind === "unknown" && /^\d{4}-\d{2}-\d{2}/.test(text) ? { ref: text, kind: "date" } : problem };
}

/** The message for a revision that cannot be used: what was given, why it was refused, and what to do. */
export function revisionProblemMessage(problem: RevisionProblem, root: string): string {
  const ref = quoted(problem.ref);
  switch (problem.kind) {
    case "option":
      return `${ref} is not a git revision: names starting with '-' are refused (git would read them as options).`;
    case "not-a-repository":
      return `${ref} cannot be resolved: ${quoted(root)} is not in a git repository (or git is not installed).`;
    case "no-commit":
      return `${ref} cannot be resolved: the git repository at ${quoted(root)} has no commit yet.`;
    case "date":
      return `${ref} is neither a real date (YYYY-MM-DD, or ISO 8601 such as 2026-03-01T09:00:00Z) nor a revision of the git repository at ${quoted(root)}.`;
    case "unknown":
      return `${ref} is not a commit, branch or tag of the git repository at ${quoted(root)}.${
        problem.suggestion ? ` Did you mean ${quoted(problem.suggestion)}?` : " In CI, fetch the branch first (for example with fetch-depth: 0)."
      }`;
  }
}

/**
 * A real calendar date as `git log --since/--until` is given it: YYYY-MM-DD, optionally with an ISO 8601 time and
 * offset, in 1970–2099 (git reads later years as something else and would silently list nothing).
 */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1970 || year > 2099 || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  return m[8] === undefined || (Number(m[8]) <= 14 && Number(m[9]) <= 59);
}

/** The branch, tag or remote branch closest to a mistyped revision (`mian~2` → `main~2`). */
async function closestRef(root: string, ref: string): Promise<string | undefined> {
  const listing = (await run(root, ["for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags", "refs/remotes"])) as string | undefined;
  const names = (listing ?? "").split("\n").filter(Boolean);
  const cut = ref.search(/[~^@:]/);
  const [name, suffix] = cut > 0 ? [ref.slice(0, cut), ref.slice(cut)] : [ref, ""];
  const best = didYouMean(name, names);
  return best !== undefined && best !== name ? `${best}${suffix}` : undefined;
}

/**
 * Reads the catalog files as they were at a git revision (without touching the working tree), parsed with
 * positions like files on disk. The catalog root may be a sub-folder of the repository. Entries that are not plain
 * files — symbolic links (mode 120000) and submodules — are reported, never read: git stores a link's target path,
 * not the file it points to.
 */
export async function loadCatalogFilesAt(root: string, ref: string): Promise<LoadResult | undefined> {
  const commit = await resolveRevision(root, ref);
  if (!commit) return undefined;
  // ls-tree takes and prints paths relative to the folder it runs in (the catalog root).
  const listing = (await run(root, ["ls-tree", "-r", "-z", "-l", commit, "--", ...CATALOG_FOLDERS])) as string | undefined;
  if (listing === undefined) return undefined;
  const issues: CatalogIssue[] = [];
  const blobs: { name: string; object: string; size: number }[] = [];
  for (const entry of listing.split("\0").filter(Boolean)) {
    const m = /^(\d{6}) (\w+) ([0-9a-f]+) +(\S+)\t(.*)$/s.exec(entry);
    if (!m) continue;
    const [, mode, type, object, size, name] = m as unknown as [string, string, string, string, string, string];
    if (mode === "120000") {
      issues.push(
        fileIssue(
          name,
          "CATALOG_LINK_AT_REVISION",
          `A symbolic link at ${commit.slice(0, 12)}: idac does not follow links in git history, so its target was not read.`,
          "Replace the link with the file itself.",
        ),
      );
    } else if (type !== "blob") {
      issues.push(
        fileIssue(
          name,
          "CATALOG_NOT_A_FILE",
          `A ${type === "commit" ? "submodule" : type} at ${commit.slice(0, 12)} where catalog files are expected: it was not read.`,
          "Keep only YAML files in the catalog folders.",
        ),
      );
    } else if (/\.ya?ml$/i.test(name)) {
      blobs.push({ name, object, size: Number(size) });
    }
  }
  const files: LoadedFile[] = [];
  const wanted = blobs.filter((b) => b.size <= MAX_FILE_BYTES).map((b) => b.object);
  const contents = (await readObjects(root, wanted)) ?? new Map<string, Buffer>();
  for (const blob of blobs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (blob.size > MAX_FILE_BYTES) {
      issues.push(
        fileIssue(
          blob.name,
          "CATALOG_READ_FAILED",
          `File is ${blob.size} bytes; catalog files are limited to ${MAX_FILE_BYTES} bytes.`,
          "Split the file by domain (one file per department or concern).",
        ),
      );
      continue;
    }
    const bytes = contents.get(blob.object);
    if (!bytes) {
      issues.push(fileIssue(blob.name, "CATALOG_READ_FAILED", `git could not read this file at ${commit.slice(0, 12)}.`, "Check the repository (git fsck)."));
      continue;
    }
    const file = parseCatalogText(blob.name, new Uint8Array(bytes), issues);
    if (file) files.push(file);
  }
  return { files, issues };
}

/** One file of a folder as it was at a commit. */
export interface FileAtRevision {
  /** Path relative to the catalog root, forward slashes. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Every plain file under a folder of the catalog root as it was at a verified commit (`rules/` for organisation
 * rules), files over {@link MAX_FILE_BYTES} and anything that is not a plain file (a link,
 * a submodule) are returned as `skipped`, never read. Undefined when git cannot list the commit.
 */
export async function readFolderAt(root: string, commit: string, folder: string): Promise<{ files: FileAtRevision[]; skipped: string[] } | undefined> {
  const listing = (await run(root, ["ls-tree", "-r", "-z", "-l", commit, "--", folder])) as string | undefined;
  if (listing === undefined) return undefined;
  const wanted: { name: string; object: string }[] = [];
  const skipped: string[] = [];
  for (const entry of listing.split("\0").filter(Boolean)) {
    const m = /^(\d{6}) (\w+) ([0-9a-f]+) +(\S+)\t(.*)$/s.exec(entry);
    if (!m) continue;
    const [, mode, type, object, size, name] = m as unknown as [string, string, string, string, string, string];
    if (mode === "120000" || type !== "blob" || Number(size) > MAX_FILE_BYTES) skipped.push(name);
    else wanted.push({ name, object });
  }
  const contents = await readObjects(
    root,
    wanted.map((w) => w.object),
  );
  const files: FileAtRevision[] = [];
  for (const { name, object } of wanted) {
    const bytes = contents?.get(object);
    if (bytes === undefined) return undefined;
    files.push({ name, bytes: new Uint8Array(bytes) });
  }
  return { files: files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), skipped };
}

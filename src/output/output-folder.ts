import { quoted } from "../escape";
import type { Dirent } from "node:fs";
import { lstat, readdir, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { isWithin } from "../load/paths";

/**
 * The file idac writes into every output folder it owns. A folder holding it (as a regular file) may be written into
 * or replaced by the same kind of command again; any other non-empty folder is refused. The marker says what may
 * be replaced, not who may be trusted: it can be committed like any file, so the folders that must never be replaced
 * (the catalog root, the working directory and their ancestors) are refused before it is looked at.
 */
export const OUTPUT_MARKER = ".idac-output";

/** Which command writes a folder: a folder one of them wrote is not replaced by another. */
export type OutputKind = "synth" | "export" | "report";

/**
 * A folder an earlier idac version wrote, before the marker existed, recognised by its shape (for example
 * `manifest.json` and `stacks/` for synth). Such a folder is accepted once; the next write adds the marker.
 */
export interface LegacyShape {
  /** What such a folder holds, for the refusal message. */
  readonly description: string;
  /** Whether a folder without the marker has this shape; `entries` are the folder's (not followed through links). */
  readonly accepts: (dir: string, entries: readonly Dirent[]) => Promise<boolean>;
}

export interface OutputFolderOptions {
  readonly kind: OutputKind;
  /** How the folder was named, for messages. @default "--out" */
  readonly label?: string;
  /**
   * Folders the output must neither be nor contain, besides the current working directory (always protected), for
   * example the catalog root. Compared by real path, symlinks resolved. @default only the working directory
   */
  readonly protect?: readonly { readonly path: string; readonly name: string }[];
  /** Output of an earlier version, accepted without a marker. @default none */
  readonly legacy?: LegacyShape;
}

/** An output folder (or file) idac refuses to write: nothing was written or deleted. */
export class OutputRefused extends Error {
  override readonly name = "OutputRefused";
}

/** The marker's text; its first line names the kind of output. */
export function markerText(kind: OutputKind): string {
  const how = kind === "report" ? "writes its report files into this folder" : "replaces this folder as a whole on every run";
  return `idac ${kind} output\nidac ${how}: keep nothing else in it.\n`;
}

/**
 * Checks a folder idac is about to write or replace, and returns its real path (symlinks resolved), which is where
 * the caller writes. Accepted: a path that does not exist yet, an empty folder, a folder holding the marker of the
 * same kind, or an earlier version's output of the same shape. Refused (with {@link OutputRefused}): the working
 * directory, a protected folder such as the catalog root, or an ancestor of either; a file; a dangling symlink; a
 * folder another kind of idac output or something else wrote.
 */
export async function checkOutputFolder(out: string, options: OutputFolderOptions): Promise<string> {
  const label = options.label ?? "--out";
  const refuse = (reason: string, hint = "Name a new or empty folder (for example cdktf.out), or one idac wrote before.") =>
    new OutputRefused(`Refusing ${label} ${quoted(out)}: ${reason}. Nothing was written or deleted.\n  hint: ${hint}`);
  const target = path.resolve(out);
  const real = await realPathOf(target);
  if (real === undefined) throw refuse("it is a symbolic link that points to nothing");

  const protectedFolders = [{ path: process.cwd(), name: "the current working directory" }, ...(options.protect ?? [])];
  for (const p of protectedFolders) {
    const realProtected = (await realPathOf(path.resolve(p.path))) ?? path.resolve(p.path);
    if (realProtected === real) throw refuse(`it is ${p.name}`, "Output goes into a folder of its own, never over the catalog or the folder idac runs in.");
    if (isWithin(real, realProtected))
      throw refuse(
        `it contains ${p.name} (${quoted(realProtected)})`,
        "Output goes into a folder of its own, never over the catalog or the folder idac runs in.",
      );
  }

  const info = await lstat(real).catch(() => undefined);
  if (!info) return real;
  if (!info.isDirectory()) throw refuse(info.isFile() ? "it is a file, not a folder" : "it is not a folder");
  const entries = await readdir(real, { withFileTypes: true });
  if (entries.length === 0) return real;
  const marker = await markerKind(real);
  if (marker === options.kind) return real;
  if (marker) throw refuse(`it holds idac ${marker} output, not ${options.kind} output`);
  if (options.legacy && (await options.legacy.accepts(real, entries))) return real;
  const names = entries.map((e) => e.name).sort();
  const sample =
    names
      .slice(0, 3)
      .map((n) => quoted(n, 60))
      .join(", ") + (names.length > 3 ? ", …" : "");
  const shape = options.legacy ? ` and is not ${options.legacy.description}` : "";
  throw refuse(
    `it is a folder idac did not write: it holds ${names.length} entr${names.length === 1 ? "y" : "ies"} (${sample}), no ${OUTPUT_MARKER} marker${shape}`,
  );
}

/**
 * Checks that files a command writes inside a folder (an import writing catalog files) stay inside it: each path is
 * relative without `..`, and the nearest existing folder on its way resolves (symlinks followed) inside the root, so
 * a symlinked `roles/` pointing elsewhere is refused before anything is written.
 */
export async function checkFilesInside(root: string, files: readonly string[]): Promise<void> {
  const realRoot = await realPathOf(path.resolve(root));
  const refuse = (file: string, reason: string) =>
    new OutputRefused(`Refusing to write ${quoted(file)} in ${quoted(root)}: ${reason}. Nothing was written or deleted.`);
  if (realRoot === undefined) throw refuse(".", "the folder is a symbolic link that points to nothing");
  for (const file of files) {
    if (path.isAbsolute(file) || file.split(/[\\/]/).some((part) => part === ".." || part === "")) throw refuse(file, "the path leaves the folder");
    let dir = path.dirname(path.join(realRoot, file));
    while (!(await lstat(dir).catch(() => undefined))) dir = path.dirname(dir);
    const realDir = await realPathOf(dir);
    if (realDir === undefined || (realDir !== realRoot && !isWithin(realRoot, realDir))) {
      throw refuse(file, `its folder resolves to ${quoted(realDir ?? dir)}, outside the catalog (a symbolic link)`);
    }
    const existing = await lstat(path.join(realRoot, file)).catch(() => undefined);
    if (existing && !existing.isFile() && !existing.isSymbolicLink()) throw refuse(file, "a folder or special file is in its place");
  }
}

/**
 * The real path of `p`, also when it does not exist yet: the real path of its nearest existing ancestor, joined with
 * the rest. Undefined for a dangling symlink (or a symlink loop), whose target cannot be known.
 */
async function realPathOf(p: string): Promise<string | undefined> {
  try {
    return await realpath(p);
  } catch {
    if (await lstat(p).catch(() => undefined)) return undefined; // it exists, so it is a dangling or looping link
    const parent = path.dirname(p);
    if (parent === p) return p;
    const realParent = await realPathOf(parent);
    return realParent === undefined ? undefined : path.join(realParent, path.basename(p));
  }
}

/** The kind named by the folder's marker, when it holds one as a regular file. */
async function markerKind(dir: string): Promise<OutputKind | undefined> {
  const file = path.join(dir, OUTPUT_MARKER);
  const info = await lstat(file).catch(() => undefined);
  if (!info?.isFile() || info.size > 4096) return undefined;
  const first = (await readFile(file, "utf8")).split("\n")[0] ?? "";
  const kind = /^idac (synth|export|report) output$/.exec(first)?.[1];
  return kind as OutputKind | undefined;
}

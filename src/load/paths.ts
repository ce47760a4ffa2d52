import { lstat, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";

/** Whether `inner` lies strictly inside `outer` (both absolute, normalised real paths). */
export function isWithin(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** Why an entry of a folder was not read: a link that leaves the root, points nowhere or loops, or a special file. */
export interface UnreadEntry {
  /** Path relative to the root, forward slashes. */
  readonly rel: string;
  readonly why: "outside" | "broken" | "loop" | "special";
  /** The link's real path (outside), or the path the folder was already read as (loop). */
  readonly other?: string;
}

/**
 * The files under `start` (a folder relative to `root`; "" for the root itself) that `accept` takes, root-relative
 * with forward slashes, in name order. Symbolic links (to files and folders) are followed only when their real path
 * stays inside `realRoot`; a link that leaves it, points nowhere or loops, and a special file (FIFO, socket, device),
 * is returned in `unread` instead of being dropped silently. `walked` holds the real path of every folder read so
 * far (a second visit is a loop), so several calls over one root share it. A missing `start` is simply empty. The
 * walk stops once more than `maxFiles` files are accepted (`truncated`).
 */
export async function listFilesInside(
  root: string,
  realRoot: string,
  start: string,
  accept: (rel: string) => boolean,
  walked: Map<string, string> = new Map(),
  maxFiles = Infinity,
): Promise<{ files: string[]; unread: UnreadEntry[]; truncated: boolean }> {
  const files: string[] = [];
  const unread: UnreadEntry[] = [];
  const visit = async (rel: string): Promise<void> => {
    const info = await lstat(path.join(root, rel)).catch(() => undefined);
    if (!info) return;
    if (info.isSymbolicLink()) return visitLink(rel);
    if (info.isDirectory()) return walk(rel, await realpath(path.join(root, rel)));
    if (!info.isFile()) return void unread.push({ rel, why: "special" });
    if (accept(rel)) files.push(rel);
  };
  const visitLink = async (rel: string): Promise<void> => {
    const real = await realpath(path.join(root, rel)).catch((err: NodeJS.ErrnoException) => (err.code === "ELOOP" ? "loop" : "broken") as "loop" | "broken");
    if (real === "loop" || real === "broken") return void unread.push({ rel, why: real });
    if (real !== realRoot && !isWithin(realRoot, real)) return void unread.push({ rel, why: "outside", other: real });
    const target = await stat(real).catch(() => undefined);
    if (target?.isDirectory()) {
      // A link to a folder that contains it (`roles/x -> ..`) would read the folder again, and everything around it.
      const here = await realpath(path.join(root, path.dirname(rel)));
      if (real === here || isWithin(real, here)) return void unread.push({ rel, why: "loop" });
      return walk(rel, real);
    }
    if (!target?.isFile()) return void unread.push({ rel, why: "special" });
    if (accept(rel)) files.push(rel);
  };
  const walk = async (rel: string, real: string): Promise<void> => {
    const seen = walked.get(real);
    if (seen !== undefined) return void unread.push({ rel, why: "loop", other: seen });
    walked.set(real, rel);
    const entries = await readdir(path.join(root, rel)).catch(() => [] as string[]);
    for (const name of entries.sort()) {
      if (files.length > maxFiles) return;
      await visit(rel ? `${rel}/${name}` : name);
    }
  };
  if (start === "") await walk("", realRoot);
  else await visit(start);
  return { files, unread, truncated: files.length > maxFiles };
}

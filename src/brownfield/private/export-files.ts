import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { listFilesInside, type UnreadEntry } from "../../load/paths";
import { addTo } from "../multimap";
import { collectionOfShape, collectionOfType, namedLocationType, objectsOf } from "./export-layout";
import { parseJsonBytes } from "./json-input";

/** Bounds on what an export folder may hold: its files come from outside idac and are read before anything is trusted. */
export interface ExportReadLimits {
  /** Bytes of one file (a Graph page of 999 objects, written with indentation as UTF-16, stays far below). */
  readonly maxFileBytes: number;
  /** Nesting of JSON objects and arrays in one file (Graph objects nest a handful of levels). */
  readonly maxJsonDepth: number;
  /** JSON files in the folder (an export of a tenant of 100,000 groups, with their member pages, stays below). */
  readonly maxFiles: number;
}

/** One object found in an export: its file (export-relative) and where in the file it is. */
export interface FoundObject {
  readonly file: string;
  /** `$.value[3]`, `$[3]` or `$`. */
  readonly at: string;
  readonly object: Record<string, unknown>;
}

export interface ExportFiles {
  /** Objects by collection, in file order. */
  readonly collections: ReadonlyMap<string, FoundObject[]>;
  /** Per-object pages: folder → object ID (from the file name) → objects. */
  readonly perObject: ReadonlyMap<string, ReadonlyMap<string, FoundObject[]>>;
  /** Files and objects that could not be read or placed, each `<file>: <why>`. */
  readonly problems: readonly string[];
  /** JSON files the folder holds, and how many of them belong to a collection idac reads. */
  readonly jsonFiles: number;
  readonly recognisedFiles: number;
}

export interface ExportLayout {
  /** Collection names: `<name>.json` and `<name>/…` hold that collection. */
  readonly collections: readonly string[];
  /** Folders of per-object pages, `<folder>/<object id>-<n>.json`. */
  readonly perObjectFolders: readonly string[];
}

/**
 * Every JSON file under an export folder, each read (encodings, bounds) and its objects placed: in a collection by
 * the folder or file it is in (`groups/…`, `groups.json`), else by its own `@odata.type`, the file's
 * `@odata.context`, or its shape (a folder of policy files needs no layout). Symbolic links are followed only inside
 * the folder. Nothing is dropped silently: a file or object that cannot be read or placed is a problem, and so is a
 * collection whose every page says another follows (`@odata.nextLink`), as an export cut short would.
 */
export async function readExportFiles(dir: string, realRoot: string, layout: ExportLayout, limits: ExportReadLimits): Promise<ExportFiles> {
  const problems: string[] = [];
  const listing = await listFilesInside(dir, realRoot, "", (rel) => /\.json$/i.test(rel), new Map(), limits.maxFiles);
  if (listing.truncated)
    return {
      collections: new Map(),
      perObject: new Map(),
      problems: [`(folder): holds more than ${limits.maxFiles} JSON files, more than an export of any tenant holds: nothing was read`],
      jsonFiles: listing.files.length,
      recognisedFiles: 0,
    };
  for (const u of listing.unread) problems.push(unreadProblem(u));
  const collections = new Map<string, FoundObject[]>(layout.collections.map((c) => [c, []]));
  const perObject = new Map<string, Map<string, FoundObject[]>>(layout.perObjectFolders.map((f) => [f, new Map()]));
  // Pages per paging chain (a collection, or one object's per-object pages) and those that say another follows.
  const chains = new Map<string, { pages: number; continued: string[] }>();
  let recognisedFiles = 0;

  for (const file of listing.files.sort(byPageNumber)) {
    const read = await readJsonFile(path.join(dir, file), limits);
    if ("problem" in read) {
      problems.push(`${file}: ${read.problem}`);
      continue;
    }
    const found = objectsOf(read.data);
    if ("problem" in found) {
      problems.push(`${file}: ${found.problem}`);
      continue;
    }
    const [top, ...rest] = file.split("/");
    const named = rest.length === 0 ? top!.replace(/\.json$/i, "") : top!;
    let chain: string | undefined;
    if (rest.length && perObject.has(named)) {
      const id = /^(.+)-\d+\.json$/i.exec(path.posix.basename(file))?.[1];
      if (!id) {
        problems.push(`${file}: is not named <object id>-<page>.json, as the pages of one object in ${named}/ are`);
        continue;
      }
      for (const o of found.objects) addTo(perObject.get(named)!, id, { file, at: o.at, object: o.object });
      chain = `${named}/${id}`;
    } else {
      const fixed = collections.has(named) ? named : undefined;
      const placed = new Set<string>();
      for (const { at, object } of found.objects) {
        const collection = collectionOf(object, fixed, found.context);
        if (typeof collection !== "string") {
          problems.push(`${file}: ${at === "$" ? "" : `${at} `}${collection.problem}`);
          continue;
        }
        placed.add(collection);
        collections.get(collection)!.push({ file, at, object: withKind(collection, object) });
      }
      // An empty page in a collection's folder is that collection's (it has no objects to tell).
      if (fixed) placed.add(fixed);
      else if (!found.objects.length && found.context) placed.add(found.context);
      if (placed.size === 1) chain = [...placed][0];
      if (!placed.size && !found.objects.length)
        problems.push(`${file}: is an empty page, and neither its folder nor an @odata.context says of which collection`);
    }
    if (chain === undefined) continue;
    recognisedFiles++;
    const c = chains.get(chain) ?? { pages: 0, continued: [] };
    c.pages++;
    if (found.continues) c.continued.push(file);
    chains.set(chain, c);
  }
  for (const [chain, c] of chains) {
    if (c.continued.length >= c.pages)
      problems.push(
        `${c.continued.at(-1)}: has @odata.nextLink, but the export holds no page after it for ${chain}: the export was cut short (export every page)`,
      );
  }
  return { collections, perObject, problems, jsonFiles: listing.files.length, recognisedFiles };
}

/** A file's JSON, within the size and depth bounds. */
async function readJsonFile(file: string, limits: ExportReadLimits): Promise<{ data: unknown } | { problem: string }> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return { problem: "cannot be read" };
  if (info.size > limits.maxFileBytes) return { problem: `is ${info.size} bytes; a file of an export may hold at most ${limits.maxFileBytes} bytes` };
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return { problem: "cannot be read" };
  return parseJsonBytes(bytes, limits.maxJsonDepth);
}

/**
 * The collection of one object: its folder's, when it is in a collection's folder or file (an `@odata.type` naming
 * another collection is a mistake, not a hint); else its `@odata.type`, the file's `@odata.context`, or its shape.
 */
function collectionOf(o: Record<string, unknown>, fixed: string | undefined, context: string | undefined): string | { problem: string } {
  const byType = collectionOfType(o["@odata.type"]);
  if (fixed)
    return typeof byType === "string" && byType !== fixed ? { problem: `is ${String(o["@odata.type"])}, which belongs in ${byType}, not ${fixed}` } : fixed;
  if (byType === null) return { problem: `is ${String(o["@odata.type"])}, which is not an object idac reads` };
  const collection = byType ?? context ?? collectionOfShape(o);
  return (
    collection ?? {
      problem: "is not an object idac reads: it has no @odata.type, its file no @odata.context, and its properties match no collection idac reads",
    }
  );
}

/** A named location without `@odata.type` (a hand-made export) gets the one its properties say. */
function withKind(collection: string, o: Record<string, unknown>): Record<string, unknown> {
  if (collection !== "namedLocations" || typeof o["@odata.type"] === "string") return o;
  const type = namedLocationType(o);
  return type ? { "@odata.type": type, ...o } : o;
}

function unreadProblem(u: UnreadEntry): string {
  switch (u.why) {
    case "outside":
      return `${u.rel}: is a symbolic link to ${JSON.stringify(u.other ?? "")}, outside the export folder: not read`;
    case "broken":
      return `${u.rel}: is a symbolic link that points to nothing: not read`;
    case "loop":
      return (
        `${u.rel}: ` +
        (u.other
          ? `is a folder already read as ${JSON.stringify(u.other)} (a symbolic link loop, or a second link to it)`
          : "is a symbolic link to a folder that contains it (a loop)") +
        `: not read`
      );
    case "special":
      return `${u.rel}: is neither a file nor a folder (a FIFO, socket or device): not read`;
  }
}

const collator = new Intl.Collator("en", { numeric: true });

/** page-2.json sorts before page-10.json. */
function byPageNumber(a: string, b: string): number {
  return collator.compare(a, b);
}

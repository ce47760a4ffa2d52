import { readFile } from "node:fs/promises";
import path from "node:path";
import { isMap, isNode, isScalar, isSeq, parseDocument, type Document } from "yaml";
import { hasErrors, type CatalogIssue } from "../errors/issue";
import { FORMAT_FILE, readCatalogFormat } from "../load/format";
import { fileIssue, loadCatalogFiles } from "../load/load";
import { CATALOG_FORMAT } from "../schema/idac-file";
import { GUARDRAILS_FILES } from "./resolve";

/** One file a migration writes: its text before (undefined for a new file) and after. */
export interface FileEdit {
  readonly file: string;
  readonly before?: string;
  readonly after: string;
}

export interface MigrationPlan {
  /** The format the catalog is written for; undefined when idac.yaml cannot be read. */
  readonly from?: number;
  readonly to: number;
  /** The files to write, in name order; empty when the catalog is already current. */
  readonly edits: readonly FileEdit[];
  /** Why the catalog cannot be migrated (a newer format, files that do not parse, a change that is not mechanical). */
  readonly issues: readonly CatalogIssue[];
}

const DECLARATION = `# The catalog format these files are written for (docs/catalog.md#format-version).\nformat: ${CATALOG_FORMAT}\n`;

/**
 * The mechanical changes that bring a catalog to the current format, without writing anything. Format 1 → 2: every
 * `guardrails:` section outside policies/guardrails.yaml moves there (levels and suppressions appended, each with a
 * comment naming the file it came from), and idac.yaml declares format 2.
 */
export async function planMigration(root: string): Promise<MigrationPlan> {
  const format = await readCatalogFormat(root);
  const blocking = format.issues.filter((i) => i.severity === "error");
  if (blocking.length || format.format === undefined) return { to: CATALOG_FORMAT, edits: [], issues: blocking };
  if (format.format === CATALOG_FORMAT) return { from: format.format, to: CATALOG_FORMAT, edits: [], issues: [] };
  const loaded = await loadCatalogFiles(root);
  if (hasErrors(loaded.issues)) return { from: format.format, to: CATALOG_FORMAT, edits: [], issues: loaded.issues.filter((i) => i.severity === "error") };
  const issues: CatalogIssue[] = [];
  const edits: FileEdit[] = [];
  const misplaced = loaded.files.filter((f) => isMapWith(f.data, "guardrails") && !(GUARDRAILS_FILES as readonly string[]).includes(f.file));
  if (misplaced.length) {
    const targetName = loaded.files.find((f) => (GUARDRAILS_FILES as readonly string[]).includes(f.file))?.file ?? GUARDRAILS_FILES[0];
    const targetBefore = await readFile(path.join(root, targetName), "utf8").catch(() => undefined);
    const target = parseDocument(targetBefore ?? "");
    if (target.contents === null) target.contents = target.createNode({}) as never;
    for (const f of misplaced) {
      const before = await readFile(path.join(root, f.file), "utf8");
      const cut = withoutTopLevelKey(before, "guardrails");
      if (cut === undefined) {
        issues.push(
          fileIssue(
            f.file,
            "GUARDRAIL_MISPLACED",
            `The 'guardrails:' section of ${f.file} cannot be moved mechanically (the file is not a plain block mapping).`,
            `Move it to ${targetName} by hand.`,
          ),
        );
        continue;
      }
      const moved = moveSection(target, parseDocument(before), f.file, targetName);
      if (typeof moved === "string") {
        issues.push(fileIssue(f.file, "GUARDRAIL_MISPLACED", moved, `Keep one value in ${targetName} by hand, then run idac migrate again.`));
        continue;
      }
      edits.push({ file: f.file, before, after: cut });
    }
    edits.push({ file: targetName, ...(targetBefore !== undefined ? { before: targetBefore } : {}), after: target.toString({ lineWidth: 0 }) });
  }
  const declaration = await readFile(path.join(root, FORMAT_FILE), "utf8").catch(() => undefined);
  edits.push({
    file: FORMAT_FILE,
    ...(declaration !== undefined ? { before: declaration } : {}),
    after: declaration === undefined ? DECLARATION : withFormat(declaration),
  });
  if (issues.length) return { from: format.format, to: CATALOG_FORMAT, edits: [], issues };
  return { from: format.format, to: CATALOG_FORMAT, edits: edits.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), issues: [] };
}

function isMapWith(data: unknown, key: string): boolean {
  return typeof data === "object" && data !== null && !Array.isArray(data) && Object.hasOwn(data, key);
}

/**
 * The text without one top-level key of a block mapping and its value: from the start of the key's line to the
 * start of the next top-level key's line, so every other line (comments included) stays as it was.
 */
function withoutTopLevelKey(text: string, key: string): string | undefined {
  const doc = parseDocument(text);
  if (!isMap(doc.contents) || doc.contents.flow) return undefined;
  const pairs = doc.contents.items;
  const index = pairs.findIndex((p) => isScalar(p.key) && p.key.value === key);
  const start = (pairs[index]?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
  const end = (pairs[index]?.value as { range?: [number, number, number] } | undefined)?.range?.[1];
  if (start === undefined || end === undefined) return undefined;
  const lineStart = (offset: number) => text.lastIndexOf("\n", offset - 1) + 1;
  const after = text.indexOf("\n", Math.max(end - 1, start));
  return text.slice(0, lineStart(start)) + (after < 0 ? "" : text.slice(after + 1));
}

/**
 * Appends a format-1 `guardrails:` section to the target document, node by node (comments and flow style kept); a
 * message when a setting other than a list is declared in both.
 */
function moveSection(target: Document, source: Document, from: string, targetName: string): true | string {
  const section = source.get("guardrails", true);
  if (!isMap(section)) return true;
  for (const pair of section.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const value = pair.value;
    if ((key === "levels" || key === "suppressions") && isSeq(value)) {
      if (!target.hasIn(["guardrails", key])) target.setIn(["guardrails", key], target.createNode([]));
      value.items.forEach((item, i) => {
        const node = isNode(item) ? item.clone() : target.createNode(item);
        if (i === 0) node.commentBefore = ` moved from ${from}${node.commentBefore ? `\n${node.commentBefore}` : ""}`;
        target.addIn(["guardrails", key], node);
      });
      continue;
    }
    if (target.hasIn(["guardrails", key])) return `guardrails.${key} is declared in ${from} and in ${targetName}.`;
    target.setIn(["guardrails", key], isNode(value) ? value.clone() : value);
  }
  return true;
}

/** idac.yaml with its format set to the current one, everything else kept. */
function withFormat(text: string): string {
  const doc = parseDocument(text);
  doc.setIn(["format"], CATALOG_FORMAT);
  return doc.toString({ lineWidth: 0 });
}

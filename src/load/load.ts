import { quoted } from "../escape";
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { Composer, isMap, isScalar, isSeq, Lexer, LineCounter, Parser, type Document, type Node } from "yaml";
import { formatPath, type CatalogIssue, type IssueCode, type SourceLocation } from "../errors/issue";
import { listFilesInside } from "./paths";
import { IssueLimiter } from "../errors/limit";
import { inspectDocument, MAX_ALIAS_EXPANSION, MAX_DEPTH } from "./inspect";
import { readPlainYaml } from "./plain-yaml";

/** Folders of a catalog that hold YAML, relative to the catalog root. */
export const CATALOG_FOLDERS = ["environments", "roles", "policies"] as const;

/** A YAML file larger than this is refused before parsing (a catalog file is a few hundred KiB at most). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/**
 * YAML tokens (lexemes: keys, values, indicators, line breaks) a file may hold. The bundled catalog has one per
 * four bytes, so a 2 MiB file of real entries stays under it; a file of one-line keys does not.
 */
export const MAX_YAML_TOKENS = 600_000;

/** One parsed catalog file: its plain data and what is needed to point back into it. */
export interface LoadedFile {
  /** Path relative to the catalog root, forward slashes. */
  readonly file: string;
  readonly data: unknown;
  /** Position of the value at `path` (or of its nearest existing parent). */
  locate(path: readonly (string | number)[], opts?: { key?: boolean }): SourceLocation;
}

export interface LoadResult {
  readonly files: readonly LoadedFile[];
  readonly issues: readonly CatalogIssue[];
}

/**
 * Reads every `*.yaml`/`*.yml` file under the catalog's folders and parses it with source positions.
 * Problems in one file never stop the others from being read: all are reported together.
 */
export async function loadCatalogFiles(root: string): Promise<LoadResult> {
  const issues: CatalogIssue[] = [];
  const names: string[] = [];
  const realRoot = await realpath(root).catch(() => path.resolve(root));
  const walked = new Map<string, string>();
  for (const folder of CATALOG_FOLDERS) {
    names.push(...(await listYaml(root, realRoot, folder, walked, issues)));
  }
  names.sort();
  const files: LoadedFile[] = [];
  for (const name of names) {
    const loaded = await loadFile(root, name, issues);
    if (loaded) files.push(loaded);
  }
  if (names.length === 0) {
    issues.push(
      fileIssue(
        ".",
        "CATALOG_EMPTY",
        `No catalog files found under ${CATALOG_FOLDERS.map((f) => f + "/").join(", ")} in ${root}.`,
        "Run idac from the catalog's root folder, or pass --catalog <dir>.",
      ),
    );
  }
  return { files, issues };
}

/** Parses one YAML text; exported for tests and for reading catalog files from git revisions. */
export function parseCatalogText(file: string, bytes: Uint8Array, issues: CatalogIssue[]): LoadedFile | undefined {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    issues.push(
      fileIssue(
        file,
        "CATALOG_READ_FAILED",
        `File is ${bytes.byteLength} bytes; catalog files are limited to ${MAX_FILE_BYTES} bytes.`,
        "Split the file by domain (one file per department or concern).",
      ),
    );
    return undefined;
  }
  if (bytes.includes(0)) {
    issues.push(
      fileIssue(
        file,
        "CATALOG_READ_FAILED",
        "File contains NUL bytes: it is binary, not YAML text.",
        "Remove the file from the catalog folders, or save it as UTF-8 text.",
      ),
    );
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    issues.push(fileIssue(file, "CATALOG_READ_FAILED", "File is not valid UTF-8.", "Save the file as UTF-8 (without a byte-order mark is best)."));
    return undefined;
  }
  const flowDepth = maxFlowDepth(text);
  if (flowDepth > MAX_DEPTH) {
    issues.push(
      fileIssue(
        file,
        "YAML_TOO_COMPLEX",
        `YAML nests ${flowDepth} levels deep; the catalog needs far fewer (limit ${MAX_DEPTH}).`,
        "Flatten the structure: catalog entries nest only a few levels.",
      ),
    );
    return undefined;
  }
  return readPlainYaml(file, text) ?? readFullYaml(file, text, issues);
}

/**
 * Reads a file with the `yaml` package, which keeps every node and reports every problem at its line and column:
 * what {@link readPlainYaml} leaves to it (and, in tests, every file, to compare both readings).
 */
export function readFullYaml(file: string, text: string, issues: CatalogIssue[]): LoadedFile | undefined {
  const lineCounter = new LineCounter();
  const pos = (offset: number) => lineCounter.linePos(offset);
  let docs: Document.Parsed[];
  try {
    const parsed = parseYaml(text, lineCounter);
    if ("stoppedAt" in parsed) {
      const at = pos(parsed.stoppedAt);
      issues.push({
        code: "YAML_TOO_COMPLEX",
        severity: "error",
        file,
        line: at.line,
        col: at.col,
        path: "(file)",
        message:
          `File holds more than ${MAX_YAML_TOKENS} YAML tokens (keys, values and ` +
          `punctuation) by this line: far more than a catalog file of real entries needs.`,
        hint: "Split the file by domain (one file per department or concern), or check what generated it.",
      });
      return undefined;
    }
    docs = parsed.docs;
  } catch (err) {
    issues.push(
      fileIssue(
        file,
        "YAML_TOO_COMPLEX",
        `File could not be parsed: ${(err as Error).message}.`,
        "Simplify the file: catalog files are plain lists of entries.",
      ),
    );
    return undefined;
  }
  let bad = false;
  for (const doc of docs) {
    // Only the first error of a document: the rest are usually the parser losing its footing after it.
    for (const e of doc.errors.slice(0, 1)) {
      bad = true;
      const at = pos(e.pos[0]);
      issues.push({
        code: "YAML_SYNTAX",
        severity: "error",
        file,
        line: at.line,
        col: at.col,
        path: "(file)",
        message: `YAML syntax error: ${firstLine(e.message)}`,
        hint: "Check indentation, quotes and the ':' after each key near this line.",
      });
    }
  }
  if (bad) return undefined;
  if (docs.length > 1) {
    const at = docs[1]?.range ? pos(docs[1].range[0]) : { line: 1, col: 1 };
    issues.push({
      code: "YAML_MULTIPLE_DOCUMENTS",
      severity: "error",
      file,
      line: at.line,
      col: at.col,
      path: "(file)",
      message: "File holds more than one YAML document ('---' separator).",
      hint: "Put each document in its own file.",
    });
    return undefined;
  }
  const doc = docs[0];
  if (!doc || doc.contents === null) {
    // An empty file (or one with only comments) contributes nothing; that is allowed.
    return { file, data: {}, locate: () => ({ file, line: 1, col: 1, path: "(file)" }) };
  }
  const depth = nodeDepth(doc.contents as Node, 0);
  if (depth > MAX_DEPTH) {
    issues.push(
      fileIssue(
        file,
        "YAML_TOO_COMPLEX",
        `YAML nests ${depth > 10_000 ? "more than 10000" : depth} levels deep; the catalog needs far fewer (limit ${MAX_DEPTH}).`,
        "Flatten the structure: catalog entries nest only a few levels.",
      ),
    );
    return undefined;
  }
  const inspected = new IssueLimiter();
  inspectDocument(doc, file, pos, inspected);
  const problems = inspected.issues();
  if (problems.length) {
    for (const issue of problems) issues.push(issue);
    return undefined;
  }
  let data: unknown;
  try {
    // inspectDocument has bounded what aliases repeat; the parser's own count is a second line behind it.
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (err) {
    issues.push(
      fileIssue(file, "YAML_TOO_COMPLEX", `YAML aliases could not be expanded (${(err as Error).message}).`, "Write the values out instead of using aliases."),
    );
    return undefined;
  }
  const locate = (p: readonly (string | number)[], opts?: { key?: boolean }): SourceLocation => {
    const node = nodeAt(doc, p, opts?.key ?? false);
    const at = node?.range ? pos(node.range[0]) : { line: 1, col: 1 };
    return { file, line: at.line, col: at.col, path: formatPath(p) };
  };
  return { file, data: data ?? {}, locate };
}

/**
 * `parseAllDocuments`, with the lexer driven here so the work is bounded by tokens, not only bytes: a file of 150,000
 * one-line keys stops at the limit instead of being composed, inspected and validated in full.
 */
function parseYaml(text: string, lineCounter: LineCounter): { docs: Document.Parsed[] } | { stoppedAt: number } {
  const parser = new Parser(lineCounter.addNewLine);
  // Duplicate keys are found by inspectDocument with a set per mapping: the parser's own check compares each key
  // with every earlier one, which takes minutes on a file of 100,000 keys.
  const composer = new Composer({ lineCounter, uniqueKeys: false, prettyErrors: false, strict: true });
  // Each lexeme goes through the parser and the composer here rather than through nested generators: a catalog
  // file has hundreds of thousands of them.
  const docs: Document.Parsed[] = [];
  let count = 0;
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    if (++count > MAX_YAML_TOKENS) return { stoppedAt: parser.offset };
    for (const token of parser.next(lexeme)) for (const doc of composer.next(token)) docs.push(doc as Document.Parsed);
  }
  for (const token of parser.end()) for (const doc of composer.next(token)) docs.push(doc as Document.Parsed);
  for (const doc of composer.end()) docs.push(doc as Document.Parsed);
  return { docs };
}

async function loadFile(root: string, name: string, issues: CatalogIssue[]): Promise<LoadedFile | undefined> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path.join(root, name));
    if (info.size > MAX_FILE_BYTES) {
      issues.push(
        fileIssue(
          name,
          "CATALOG_READ_FAILED",
          `File is ${info.size} bytes; catalog files are limited to ${MAX_FILE_BYTES} bytes.`,
          "Split the file by domain (one file per department or concern).",
        ),
      );
      return undefined;
    }
    bytes = await readFile(path.join(root, name));
  } catch (err) {
    issues.push(fileIssue(name, "CATALOG_READ_FAILED", `Cannot read file: ${(err as Error).message}`));
    return undefined;
  }
  return parseCatalogText(name, bytes, issues);
}

/**
 * The YAML files under one catalog folder, catalog-relative. Symbolic links are followed only inside the catalog
 * root ({@link listFilesInside}); a link that leaves it, points nowhere or loops, and a special file, is reported
 * with its path instead of being dropped silently: see {@link linkIssue}. `walked` holds the real path of every
 * folder read so far (a second visit is a loop).
 */
async function listYaml(root: string, realRoot: string, folder: string, walked: Map<string, string>, issues: CatalogIssue[]): Promise<string[]> {
  const { files, unread } = await listFilesInside(root, realRoot, folder, (rel) => /\.ya?ml$/i.test(rel), walked);
  for (const u of unread) issues.push(linkIssue(u.rel, u.why, u.other));
  return files;
}

/**
 * Why an entry of a catalog folder was not read. Errors, except a link that points nowhere: a catalog whose files
 * come from outside its root (or from nowhere the reviewer can see) is not the catalog that was reviewed, and a
 * FIFO would hang the read. A dangling link contributes nothing, and editors leave such links as lock files (emacs
 * `.#name.yaml`), so it is a warning.
 */
function linkIssue(rel: string, why: "outside" | "broken" | "loop" | "special", other?: string): CatalogIssue {
  switch (why) {
    case "outside":
      return fileIssue(
        rel,
        "CATALOG_LINK_OUTSIDE_ROOT",
        `Symbolic link to ${quoted(other ?? "")}, outside the catalog root: it was not read.`,
        "Move the file into the catalog (links are followed only inside the catalog root).",
      );
    case "broken":
      return {
        ...fileIssue(
          rel,
          "CATALOG_LINK_BROKEN",
          "Symbolic link that points to nothing: it was not read.",
          "Remove the link, or point it at a file inside the catalog.",
        ),
        severity: "warning",
      };
    case "loop":
      return fileIssue(
        rel,
        "CATALOG_LINK_LOOP",
        other
          ? `Folder already read as ${quoted(other)} (a symbolic link loop, or a second link to it): it was not read again.`
          : "Symbolic link to a folder that contains it (a loop): it was not read.",
        "Remove the link that points back into a folder already read.",
      );
    case "special":
      return fileIssue(
        rel,
        "CATALOG_NOT_A_FILE",
        "Neither a file nor a folder (a FIFO, socket or device): it was not read.",
        "Keep only YAML files and folders in the catalog folders.",
      );
  }
}

/** Finds the node at `path`, or the nearest existing parent. With `key`, returns the key node of the last step. */
function nodeAt(doc: Document, p: readonly (string | number)[], key: boolean): Node | undefined {
  let node: unknown = doc.contents;
  for (let i = 0; i < p.length; i++) {
    const part = p[i];
    if (isMap(node)) {
      const pair = node.items.find((it) => (isScalar(it.key) ? it.key.value : it.key) === part);
      if (!pair) return node;
      const last = i === p.length - 1;
      if ((last && key) || pair.value === null || pair.value === undefined) return pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof part === "number") {
      const item = node.items[part];
      if (item === undefined || item === null) return node;
      node = item;
    } else {
      return node as Node;
    }
  }
  return node as Node;
}

function nodeDepth(node: unknown, depth: number): number {
  if (depth > MAX_DEPTH) return depth;
  let max = depth;
  if (isMap(node) || isSeq(node)) {
    for (const it of node.items as unknown[]) {
      const child = isMap(node) ? (it as { value: unknown }).value : it;
      max = Math.max(max, nodeDepth(child, depth + 1));
      if (max > MAX_DEPTH) return max;
    }
  }
  return max;
}

/**
 * Deepest nesting of flow collections ([ and {) outside quotes, measured before parsing: the parser recurses
 * per level, so a hostile file of thousands of brackets would exhaust the stack instead of failing cleanly.
 */
function maxFlowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | undefined;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (comment) {
      if (ch === "\n") comment = false;
      continue;
    }
    if (quote) {
      if (ch === "\\" && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "#" && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if (ch === "[" || ch === "{") max = Math.max(max, ++depth);
    else if ((ch === "]" || ch === "}") && depth > 0) depth--;
  }
  return max;
}

/** An issue about a file as a whole (line 1, column 1). */
export function fileIssue(file: string, code: IssueCode, message: string, hint?: string): CatalogIssue {
  return { code, severity: "error", file, line: 1, col: 1, path: "(file)", message, ...(hint ? { hint } : {}) };
}

function firstLine(s: string): string {
  return s.split("\n")[0]?.trim() ?? s;
}

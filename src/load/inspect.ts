import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node, type YAMLMap } from "yaml";
import { escapeOf, findUnsafeCharacter, UNSAFE_WHY, visibleControls } from "../escape";
import { formatPath, issueAt, type IssueCode, type SourceLocation } from "../errors/issue";
import type { IssueLimiter } from "../errors/limit";

/** Tags of the YAML 1.2 core schema (and the non-specific `!`); anything else is refused. */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`).concat("!"));

/**
 * Values aliases may add to one file: each alias counts the nodes of what it repeats (aliases inside that included).
 * This bounds the work of everything after parsing; a hand-written catalog repeats a few owner lists at most.
 */
export const MAX_ALIAS_EXPANSION = 10_000;

/** Nesting deeper than this is refused: no catalog concept nests that deep. */
export const MAX_DEPTH = 64;

/** A node's path as a chain up to the root: built per node, turned into an array only for a problem found. */
type Path = { readonly up: Path; readonly key: string | number } | undefined;

function pathArray(path: Path): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p = path; p; p = p.up) out.push(p.key);
  return out.reverse();
}

/**
 * Checks what the YAML parser accepts but a catalog file may not hold, in one walk over the document, each problem
 * at its own node: tags outside the core schema (`!!binary`, `!!set`, `!custom` …), aliases to an anchor not
 * defined before them, aliases inside what they repeat, aliases that expand too far, keys that are not plain
 * text, duplicate keys (as JavaScript reads them: `1` and `"1"` are one key), `__proto__`, and characters that are
 * never visible text in any key or value (decoded: `"\u202e"` is the character itself).
 */
export function inspectDocument(doc: Document.Parsed, file: string, pos: (offset: number) => { line: number; col: number }, issues: IssueLimiter): void {
  new Inspection(file, pos, issues).walk(doc.contents, undefined);
}

class Inspection {
  /** The last node that defined each anchor so far (an alias refers to the last one before it, as YAML says). */
  private readonly anchors = new Map<string, Node>();
  /** Nodes each anchored node stands for, its aliases' repetitions included. */
  private readonly sizes = new Map<Node, number>();
  /** Anchored nodes being walked: an alias to one of them is inside what it repeats. */
  private readonly open = new Set<Node>();
  private expansion = 0;

  constructor(
    private readonly file: string,
    private readonly pos: (offset: number) => { line: number; col: number },
    private readonly issues: IssueLimiter,
  ) {}

  /** Checks a node and what it holds; returns how many nodes it stands for, aliases expanded. */
  walk(node: unknown, path: Path): number {
    if (node === null || node === undefined) return 0;
    if (isAlias(node)) return this.alias(node, path);
    const n = node as Node;
    this.tag(n, path);
    if (n.anchor) {
      this.anchors.set(n.anchor, n);
      this.open.add(n);
    }
    let size = 1;
    if (isScalar(n) && typeof n.value === "string") this.text(n.value, n, path, false);
    else if (isMap(n)) size += this.map(n, path);
    else if (isSeq(n)) n.items.forEach((item, i) => (size += this.walk(item, { up: path, key: i })));
    if (n.anchor) {
      this.open.delete(n);
      this.sizes.set(n, size);
    }
    return size;
  }

  private map(map: YAMLMap, path: Path): number {
    let size = 0;
    const seen = new Set<string>();
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
      if (keyNode !== null && !isScalar(keyNode)) {
        const kind = isAlias(keyNode) ? "an alias" : isMap(keyNode) ? "a mapping" : "a list";
        this.report(
          "SCHEMA_INVALID_TYPE",
          keyNode,
          path,
          `A key of ${path ? `'${formatPath(pathArray(path))}'` : "the top level of the file"} is ${kind}; keys are plain text.`,
          "Write the key as plain text before the ':'.",
        );
        continue;
      }
      // The key as JavaScript reads it: `1` and `"1"` are the same key, null is "".
      const key = keyNode?.value === null || keyNode?.value === undefined ? "" : String(keyNode.value);
      const keyPath = { up: path, key };
      if (keyNode) {
        this.tag(keyNode, keyPath);
        this.text(key, keyNode, keyPath, true);
      }
      if (seen.has(key))
        this.report(
          "YAML_DUPLICATE_KEY",
          keyNode,
          keyPath,
          "Duplicate key in one mapping: YAML keeps only one of them, silently.",
          "Remove or merge the repeated key.",
        );
      else if (key === "__proto__")
        this.report(
          "SCHEMA_UNKNOWN_KEY",
          keyNode,
          keyPath,
          "'__proto__' cannot be a key: JavaScript reads it as an object's prototype, so its value would be dropped silently.",
          "Remove the key.",
        );
      seen.add(key);
      size += 1 + this.walk(pair.value, keyPath);
    }
    return size;
  }

  private alias(node: Alias, path: Path): number {
    const name = visibleControls(node.source);
    const target = this.anchors.get(node.source);
    if (!target) {
      this.report(
        "YAML_SYNTAX",
        node,
        path,
        `Alias *${name} refers to an anchor that is not defined before it.`,
        `Define the anchor (&${name}) on a value above this line, or write the value out.`,
      );
      return 1;
    }
    if (this.open.has(target)) {
      this.report(
        "YAML_TOO_COMPLEX",
        node,
        path,
        `Alias *${name} is inside the value it repeats: it would repeat itself without end.`,
        "Write the value out instead of the alias.",
      );
      return 1;
    }
    const size = this.sizes.get(target) ?? 1;
    const before = this.expansion;
    this.expansion += size;
    if (before <= MAX_ALIAS_EXPANSION && this.expansion > MAX_ALIAS_EXPANSION) {
      this.report(
        "YAML_TOO_COMPLEX",
        node,
        path,
        `YAML aliases in this file repeat more than ${MAX_ALIAS_EXPANSION} values (*` +
          `${name} repeats ${size}, bringing the total to ${this.expansion}): this looks like an ` +
          `alias bomb.`,
        `Write the values out, or anchor less: aliases may repeat at most ${MAX_ALIAS_EXPANSION} values per file.`,
      );
    }
    return size;
  }

  private tag(node: Node, path: Path): void {
    if (!node.tag || CORE_TAGS.has(node.tag)) return;
    const shown = visibleControls(node.tag.replace(/^tag:yaml\.org,2002:/, "!!"));
    this.report(
      "YAML_UNSUPPORTED_TAG",
      node,
      path,
      `YAML tag ${shown} is not supported: catalog files hold plain YAML 1.2 values (text, numbers, true/false, lists and mappings).`,
      `Remove ${shown} and write the value as plain text, a list or a mapping.`,
    );
  }

  /** Values may hold tabs and line breaks (the schema decides per field); keys may not. */
  private text(value: string, node: Node, path: Path, key: boolean): void {
    const found = findUnsafeCharacter(value, { allowLineBreaks: !key });
    if (!found) return;
    const what = key ? `The key "${visibleControls(value)}"` : `'${fieldOf(path)}'`;
    this.report(
      "SCHEMA_INVALID_VALUE",
      node,
      path,
      `${what} contains ${found.label}: ${UNSAFE_WHY[found.kind]}.`,
      `Delete the character (shown here as ${escapeOf(found.codePoint)}): most editors do not show it; in a double-quoted string, look for its escape.`,
    );
  }

  private report(code: IssueCode, node: Node | null | undefined, path: Path, message: string, hint: string): void {
    this.issues.add(code, () => issueAt(this.at(node, path), code, message, hint));
  }

  private at(node: Node | null | undefined, path: Path): SourceLocation {
    const p = node?.range ? this.pos(node.range[0]) : { line: 1, col: 1 };
    return { file: this.file, line: p.line, col: p.col, path: formatPath(pathArray(path)) };
  }
}

/** The name of the field a value belongs to: the last key of its path. */
function fieldOf(path: Path): string {
  for (let p = path; p; p = p.up) if (typeof p.key === "string") return p.key;
  return "value";
}

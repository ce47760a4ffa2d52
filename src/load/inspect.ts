import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node } from "yaml";
import { findUnsafeCharacter, UNSAFE_WHY, visibleControls } from "../escape";
import { formatPath, issueAt, type IssueCode, type SourceLocation } from "../errors/issue";
import type { IssueLimiter } from "../errors/limit";

/** Tags of the YAML 1.2 core schema (and the non-specific `!`); anything else is refused. */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`).concat("!"));

/**
 * Values aliases may add to one file: each alias counts the nodes of what it repeats (aliases inside that included).
 * This bounds the work of everything after parsing; a hand-written catalog repeats a few owner lists at most.
 */
export const MAX_ALIAS_EXPANSION = 10_000;

type Path = readonly (string | number)[];

/**
 * Checks what the YAML parser accepts but a catalog file may not hold, in one walk over the document, each problem
 * at its own node: tags outside the core schema (`!!binary`, `!!set`, `!custom` …), aliases to an anchor not
 * defined before them, aliases inside what they repeat, aliases that expand too far, keys that are not plain
 * text, duplicate keys (as JavaScript reads them: `1` and `"1"` are one key), `__proto__`, and characters that are
 * never visible text in any key or value (decoded: `"\u202e"` is the character itself).
 */
export function inspectDocument(doc: Document.Parsed, file: string, pos: (offset: number) => { line: number; col: number }, issues: IssueLimiter): void {
  const at = (node: Node | null | undefined, path: Path): SourceLocation => {
    const p = node?.range ? pos(node.range[0]) : { line: 1, col: 1 };
    return { file, line: p.line, col: p.col, path: formatPath(path) };
  };
  const report = (code: IssueCode, node: Node | null | undefined, path: Path, message: string, hint: string) => issues.add(code, () => issueAt(at(node, path), code, message, hint));

  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let expansion = 0;

  const alias = (node: Alias, path: Path): number => {
    const target = anchors.get(node.source);
    if (!target) {
      report("YAML_SYNTAX", node, path, `Alias *${visibleControls(node.source)} refers to an anchor that is not defined before it.`, `Define the anchor (&${visibleControls(node.source)}) on a value above this line, or write the value out.`);
      return 1;
    }
    if (open.has(target)) {
      report("YAML_TOO_COMPLEX", node, path, `Alias *${visibleControls(node.source)} is inside the value it repeats: it would repeat itself without end.`, "Write the value out instead of the alias.");
      return 1;
    }
    const size = sizes.get(target) ?? 1;
    const before = expansion;
    expansion += size;
    if (before <= MAX_ALIAS_EXPANSION && expansion > MAX_ALIAS_EXPANSION) {
      report("YAML_TOO_COMPLEX", node, path, `YAML aliases in this file repeat more than ${MAX_ALIAS_EXPANSION} values (*${visibleControls(node.source)} repeats ${size}, bringing the total to ${expansion}): this looks like an alias bomb.`, `Write the values out, or anchor less: aliases may repeat at most ${MAX_ALIAS_EXPANSION} values per file.`);
    }
    return size;
  };

  const text = (value: string, node: Node, path: Path, key: boolean) => {
    const found = findUnsafeCharacter(value, { allowLineBreaks: !key });
    if (!found) return;
    const what = key ? `The key "${visibleControls(value)}"` : `'${fieldOf(path)}'`;
    const cp = found.codePoint;
    const escape = cp === 0x0a ? "\\n" : cp === 0x0d ? "\\r" : cp === 0x09 ? "\\t" : cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, "0")}`;
    report("SCHEMA_INVALID_VALUE", node, path, `${what} contains ${found.label}: ${UNSAFE_WHY[found.kind]}.`, `Delete the character: most editors do not show it (search the line for it; in a double-quoted string it may be written as ${escape}).`);
  };

  const walk = (node: unknown, path: Path): number => {
    if (node === null || node === undefined) return 0;
    if (isAlias(node)) return alias(node, path);
    const n = node as Node;
    if (n.tag && !CORE_TAGS.has(n.tag)) {
      const shown = visibleControls(n.tag.replace(/^tag:yaml\.org,2002:/, "!!"));
      report("YAML_UNSUPPORTED_TAG", n, path, `YAML tag ${shown} is not supported: catalog files hold plain YAML 1.2 values (text, numbers, true/false, lists and mappings).`, `Remove ${shown} and write the value as plain text, a list or a mapping.`);
    }
    if (n.anchor) {
      anchors.set(n.anchor, n);
      open.add(n);
    }
    let size = 1;
    if (isScalar(n)) {
      if (typeof n.value === "string") text(n.value, n, path, false);
    } else if (isMap(n)) {
      const seen = new Set<string>();
      for (const pair of n.items) {
        const keyNode = pair.key as Node | null;
        if (keyNode !== null && !isScalar(keyNode)) {
          report("SCHEMA_INVALID_TYPE", keyNode, path, `A key of ${describe(path)} is ${isAlias(keyNode) ? "an alias" : isMap(keyNode) ? "a mapping" : "a list"}; keys are plain text.`, "Write the key as plain text before the ':'.");
          continue;
        }
        const keyValue = keyNode?.value;
        const key = keyValue === null || keyValue === undefined ? "" : String(keyValue);
        const keyPath = [...path, key];
        if (keyNode) {
          if (keyNode.tag && !CORE_TAGS.has(keyNode.tag)) walk(keyNode, keyPath);
          text(key, keyNode, keyPath, true);
        }
        if (seen.has(key)) report("YAML_DUPLICATE_KEY", keyNode, keyPath, "Duplicate key in one mapping: YAML keeps only one of them, silently.", "Remove or merge the repeated key.");
        else if (key === "__proto__") report("SCHEMA_UNKNOWN_KEY", keyNode, keyPath, "'__proto__' cannot be a key: JavaScript reads it as an object's prototype, so its value would be dropped silently.", "Remove the key.");
        seen.add(key);
        size += 1 + walk(pair.value, keyPath);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => (size += walk(item, [...path, i])));
    }
    if (n.anchor) {
      open.delete(n);
      sizes.set(n, size);
    }
    return size;
  };
  walk(doc.contents, []);
}

function fieldOf(path: Path): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === "string") return String(path[i]);
  return "value";
}

function describe(path: Path): string {
  return path.length ? `'${formatPath(path)}'` : "the top level of the file";
}

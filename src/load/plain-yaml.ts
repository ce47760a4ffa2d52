import yamlAst, { type YAMLAnchorReference, type YAMLNode } from "@stoplight/yaml-ast-parser";
import vm from "node:vm";
import { isScalar, LineCounter, Schema, type ScalarTag } from "yaml";
import { findUnsafeCharacter } from "../escape";
import { formatPath } from "../errors/issue";
import { MAX_ALIAS_EXPANSION, MAX_DEPTH } from "./inspect";
import type { LoadedFile } from "./load";

const { load, Kind } = yamlAst;

/** Nodes (keys and values) beyond this go to the full reading, which counts tokens and refuses files of far more than real entries. */
const MAX_NODES = 150_000;

/**
 * Text that could start a tag (`!x`, `!!str`) or a directive (`%YAML`), which the fast parser does not keep: a
 * candidate anywhere, even inside quotes or plain text, sends the file to the full reading. False alarms only cost
 * time; a missed one could not happen, since a tag must follow a line start, a space or a flow indicator.
 */
const SPECIAL = /(?:^|[\s[\]{},:?-])!|^%/m;

/**
 * Text the fast parser reads more leniently than `yaml`, found by comparing both on random text
 * (test/load/plain-yaml-hostile.test.ts): a carriage return that does not end a line with a line feed (a line
 * break for the fast parser, not for `yaml`), a `#` right after a quote or a flow indicator (a comment for the fast
 * parser, an error for `yaml`), a `?` or `:` standing alone (an explicit key or an empty one), and text right after
 * the end of a flow collection. (Quoted text over several lines is found in the nodes: see Reading.) Any of them sends
 * the file to the full reading; in a catalog file they are rare (`a : b` and `what ? x` included), so this costs little.
 */
const LENIENT = /\r(?!\n)|['"[\]{},]#|(?:^|[\s[{,])[?:](?:[\s\]},]|$)|[\]}][^\s,\]}:#]/m;

/**
 * The fast parser recovers from some errors instead of stopping, and at least one recovery never ends (a truncated
 * `\u` escape in a double-quoted string). So it runs under a time limit far above what a catalog file needs (it reads
 * about 10 MB a second), and after a file it did not finish, the process reads every file with the full reading.
 */
const parser = {
  context: undefined as vm.Context | undefined,
  stalled: false,
};

function parse(text: string): YAMLNode | undefined {
  parser.context ??= vm.createContext({ load, text: "" });
  parser.context.text = text;
  try {
    // Duplicate keys are found per mapping with a set below: the parser's own check compares each key with every earlier one.
    return vm.runInContext("load(text, { ignoreDuplicateKeys: true })", parser.context, { timeout: 1_000 + Math.ceil(text.length / 1_000) }) as
      YAMLNode | undefined;
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") parser.stalled = true;
    throw err;
  } finally {
    parser.context.text = "";
  }
}

/** Why a file is not plain: the full reading reports what it is. */
class NotPlain extends Error {}

/**
 * The fast reading of a catalog file: most catalog files are plain YAML (mappings, lists, scalars, anchors and aliases;
 * no tags, directives or block scalars), and for those a parser that keeps only each node's offsets
 * (`@stoplight/yaml-ast-parser`) is about ten times faster than composing full `yaml` documents. Plain scalars are
 * resolved here with `yaml`'s own core schema tags.
 *
 * It reads a file only when the result is certain to be what the full reading (`yaml`, see load.ts) gives: anything
 * unusual — a parse error, a tag or directive (or text that could be one), a block scalar, an alias the full reading
 * would refuse (to an anchor not defined before it, inside what it repeats, or repeating too much), a duplicate or
 * non-text key, `__proto__`, a character that is never visible text, deep nesting, a very large number of nodes — returns
 * `undefined`, and the file is read by the full reading instead, which reports each problem at its line and column.
 * A test compares both readings' data and positions on every YAML text the project holds.
 *
 * Returns the file read fast, or `undefined` when only the full reading can read it exactly.
 */
export function readPlainYaml(file: string, text: string): LoadedFile | undefined {
  if (SPECIAL.test(text) || LENIENT.test(text) || parser.stalled) return undefined;
  let ast: YAMLNode | undefined;
  try {
    ast = parse(text);
  } catch {
    return undefined;
  }
  if (ast && ast.errors.length) return undefined;
  // An empty file (or one with only comments) contributes nothing, as in the full reading.
  if (!ast || isEmpty(ast)) return { file, data: {}, locate: () => ({ file, line: 1, col: 1, path: "(file)" }) };
  const reading = new Reading(text);
  let data: unknown;
  try {
    data = reading.root(ast) ?? {};
  } catch (err) {
    if (err instanceof NotPlain) return undefined;
    throw err;
  }
  // Only the positions are kept (the parser's nodes are several times the size of the data).
  const positions = Int32Array.from(reading.positions);
  const keys = reading.keys;
  const lines = reading.lines();
  return {
    file,
    data,
    locate: (p, opts) => {
      const at = lines.linePos(offsetOf(positions, keys, p, opts?.key ?? false));
      return { file, line: at.line, col: at.col, path: formatPath(p) };
    },
  };
}

/** A document without content: what the parser returns for a file of comments (or a lone `---`). */
function isEmpty(ast: YAMLNode): boolean {
  const s = ast as unknown as { kind: number; value?: unknown; plainScalar?: boolean };
  return s.kind === Kind.SCALAR && ast.startPosition === ast.endPosition && (s.value === "" || s.value === null || s.value === undefined);
}

/** Where a node starts, as the full reading places it: an alias at its `*` (the parser keeps the offset after it). */
function start(node: YAMLNode): number {
  return node.kind === Kind.ANCHOR_REF ? node.startPosition - 1 : node.startPosition;
}

type Pair = { key: YAMLNode | null; value: YAMLNode | null };

/**
 * Where a file's nodes start: all that is kept of its nodes to answer positions, as numbers in one array (a fraction
 * of the memory objects per mapping and list take). A list is written as its kind, its start, its number of items, and
 * per item its start and where the item's own mapping or list is written (0 for a scalar or an alias). A mapping is
 * written as its kind, its start, its number of entries, where its keys start in `keys` (each key as the core schema
 * resolves it: the full reading looks keys up by that value), and per entry its key's start, its value's start (an
 * empty value's is just after its ':') and where the value's own mapping or list is written (or 0). A value that is
 * an alias is kept as its `*`, with nothing of its own (the full reading, too, points at the alias for anything
 * inside it). The document's mapping or list is written first.
 */
const LIST = 1;
const MAPPING = 2;

/** The offset of the node at `path`, or of its nearest existing parent; with `key`, of the key of the last step (as load.ts finds it). */
function offsetOf(positions: Int32Array, keys: readonly unknown[], p: readonly (string | number)[], key: boolean): number {
  let at = 0;
  for (let i = 0; i < p.length; i++) {
    const part = p[i];
    const count = positions[at + 2]!;
    let entry: number;
    if (positions[at] === MAPPING) {
      const base = positions[at + 3]!;
      let index = -1;
      for (let k = 0; k < count && index === -1; k++) if (keys[base + k] === part) index = k;
      if (index === -1) return positions[at + 1]!;
      entry = at + 4 + index * 3;
      if (i === p.length - 1 && key) return positions[entry]!;
      entry += 1;
    } else if (typeof part === "number" && Number.isInteger(part) && part >= 0 && part < count) {
      entry = at + 3 + part * 2;
    } else {
      return positions[at + 1]!;
    }
    // `entry` holds the value's start, then where its own mapping or list is written.
    const inner = positions[entry + 1]!;
    if (inner === 0) return positions[entry]!;
    at = inner;
  }
  return positions[at + 1]!;
}

/** A mapping key as JavaScript reads it (as the full reading's toJS does): `1` and "1" are one key, null is "". */
function keyName(key: unknown): string {
  return key === null ? "" : String(key);
}

/** One file's text while it is read. */
class Reading {
  private nodes = 0;
  /** Each anchor's last definition so far (an alias refers to the last one before it, as YAML says) and its value. */
  private readonly anchors = new Map<string, { readonly node: YAMLNode; readonly value: unknown; readonly size: number }>();
  /** Anchors whose node is being read: an alias to one of them is inside what it repeats. */
  private readonly open = new Set<string>();
  /** Nodes read so far, each alias counting what it repeats (as inspect.ts counts them). */
  private counted = 0;
  /** What aliases have repeated so far (bounded by MAX_ALIAS_EXPANSION, as in the full reading). */
  private expansion = 0;

  /** Where the nodes start (see {@link LIST}), written as they are read. */
  readonly positions: number[] = [];
  /** Every mapping's keys, as the core schema resolves them. */
  readonly keys: unknown[] = [];

  constructor(private readonly text: string) {}

  /** The document's value; a document that is a scalar or an alias is kept as an empty list (nothing inside it). */
  root(node: YAMLNode): unknown {
    const value = this.read(node, 0);
    if (this.positions.length === 0) this.positions.push(LIST, start(node), 0);
    return value;
  }

  /**
   * The node's value as the full reading gives it (a mapping's or list's positions are written, see {@link LIST}); throws
   * {@link NotPlain} for anything the full reading would report or read otherwise.
   */
  private read(node: YAMLNode, depth: number): unknown {
    if (++this.nodes > MAX_NODES || depth > MAX_DEPTH) throw new NotPlain();
    if (node.kind === Kind.ANCHOR_REF) return this.alias(node as YAMLAnchorReference);
    const anchor = node.anchorId;
    if (anchor === undefined) return this.value(node, depth);
    const before = this.counted;
    this.open.add(anchor);
    const value = this.value(node, depth);
    this.open.delete(anchor);
    this.anchors.set(anchor, { node, value, size: this.counted - before });
    return value;
  }

  /** A value inside a mapping or list: read, and where its own mapping or list is written put at `slot` (else 0). */
  private child(node: YAMLNode, depth: number, slot: number): unknown {
    const at = this.positions.length;
    const value = this.read(node, depth);
    this.positions[slot] = this.positions.length === at ? 0 : at;
    return value;
  }

  /** The value an alias repeats: the same value the full reading gives (the anchored node's, not a copy). */
  private alias(node: YAMLAnchorReference): unknown {
    const target = this.anchors.get(node.referencesAnchor);
    if (!target || target.node !== node.value || this.open.has(node.referencesAnchor)) throw new NotPlain();
    this.counted += target.size;
    this.expansion += target.size;
    if (this.expansion > MAX_ALIAS_EXPANSION) throw new NotPlain();
    return target.value;
  }

  private value(node: YAMLNode, depth: number): unknown {
    this.counted++;
    const positions = this.positions;
    switch (node.kind) {
      case Kind.SCALAR: {
        // Quoted text over several lines: the fast parser folds some of them where `yaml` refuses them.
        const s = node as unknown as { singleQuoted?: boolean; doubleQuoted?: boolean };
        if ((s.singleQuoted || s.doubleQuoted) && this.spansLines(node)) throw new NotPlain();
        const value = scalar(node);
        if (typeof value === "string" && findUnsafeCharacter(value, { allowLineBreaks: true })) throw new NotPlain();
        return value;
      }
      case Kind.SEQ: {
        const items = (node as unknown as { items: (YAMLNode | null)[] }).items;
        const out: unknown[] = [];
        const at = positions.length;
        positions.push(LIST, start(node), items.length);
        // Each item's place, filled as the items are read (their own mappings and lists are written after).
        for (let i = 0; i < items.length; i++) positions.push(0, 0);
        items.forEach((item, i) => {
          // An empty item: where the full reading places it is not worked out here.
          if (item === null) throw new NotPlain();
          const entry = at + 3 + i * 2;
          positions[entry] = start(item);
          out.push(this.child(item, depth + 1, entry + 1));
        });
        return out;
      }
      case Kind.MAP: {
        const pairs = (node as unknown as { mappings: Pair[] }).mappings;
        const out: Record<string, unknown> = {};
        const keys: unknown[] = [];
        const seen = new Set<string>();
        const at = positions.length;
        positions.push(MAPPING, start(node), pairs.length, 0);
        for (let i = 0; i < pairs.length; i++) positions.push(0, 0, 0);
        for (const [i, pair] of pairs.entries()) {
          const entry = at + 4 + i * 3;
          if (!pair.key || pair.key.kind !== Kind.SCALAR || pair.key.anchorId !== undefined || this.spansLines(pair.key) || ++this.nodes > MAX_NODES)
            throw new NotPlain();
          this.counted++;
          const keyValue = scalar(pair.key);
          const key = keyName(keyValue);
          if (seen.has(key) || key === "__proto__" || findUnsafeCharacter(key)) throw new NotPlain();
          seen.add(key);
          keys.push(keyValue);
          if (pair.value === null) {
            // An empty value is placed just after its ':'; without one right after the key (`{a}`), the full reading places it.
            const colon = this.colonAfter(pair.key);
            if (colon === undefined) throw new NotPlain();
            positions[entry] = pair.key.startPosition;
            positions[entry + 1] = colon + 1;
            out[key] = null;
          } else {
            positions[entry] = pair.key.startPosition;
            positions[entry + 1] = start(pair.value);
            out[key] = this.child(pair.value, depth + 1, entry + 2);
          }
        }
        // After the values: the keys of mappings inside them are written as those are read.
        positions[at + 3] = this.keys.length;
        for (const k of keys) this.keys.push(k);
        return out;
      }
      default:
        // Includes (`!include`, which the SPECIAL test already turns away).
        throw new NotPlain();
    }
  }

  /** Where each line of the text starts, to turn offsets into lines and columns. */
  lines(): LineCounter {
    const lines = new LineCounter();
    lines.addNewLine(0);
    for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
    return lines;
  }

  private spansLines(node: YAMLNode): boolean {
    const lineBreak = this.text.indexOf("\n", node.startPosition);
    return lineBreak !== -1 && lineBreak < node.endPosition;
  }

  /** The offset of the ':' after a key, when only spaces separate them. */
  private colonAfter(key: YAMLNode): number | undefined {
    let i = key.endPosition;
    while (this.text[i] === " " || this.text[i] === "\t") i++;
    return this.text[i] === ":" ? i : undefined;
  }
}

/**
 * The YAML 1.2 core schema's scalar tags as `yaml` resolves plain scalars with them (null, bool, int, float, in its
 * order): the same tags, so both readings resolve a plain scalar alike by construction.
 */
const CORE_SCALARS = new Schema({ schema: "core" }).tags.filter((t): t is ScalarTag & { test: RegExp } => t.default === true && t.test instanceof RegExp);
const RESOLVE_OPTIONS = { intAsBigInt: false };

/** A scalar by the YAML 1.2 core schema: only plain scalars are resolved; quoted and block scalars are text. */
function scalar(node: YAMLNode): string | number | boolean | null {
  const s = node as unknown as { value: string; plainScalar?: boolean; singleQuoted?: boolean; doubleQuoted?: boolean };
  if (s.singleQuoted || s.doubleQuoted) return s.value;
  // Block scalars (`|`, `>`): the parser does not keep every chomping indicator's line breaks (`|+`).
  if (!s.plainScalar) throw new NotPlain();
  const v = s.value;
  // Most plain scalars are names and IDs: only these first characters can start anything but text.
  if (v !== "" && !"~nNtTfF0123456789+-.".includes(v[0]!)) return v;
  const tag = CORE_SCALARS.find((t) => t.test.test(v));
  if (!tag) return v;
  const resolved = tag.resolve(
    v,
    () => {
      throw new NotPlain();
    },
    RESOLVE_OPTIONS,
  );
  return (isScalar(resolved) ? resolved.value : resolved) as string | number | boolean | null;
}

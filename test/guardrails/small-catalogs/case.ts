import type { Files } from "../../helpers/small-catalog";

/** One rule proven on small catalogs: the minimal catalog it fails on, and the minimal fix of it. */
export interface RuleCase {
  readonly rule: string;
  /** What the failing catalog shows, when a rule has several cases. */
  readonly name?: string;
  readonly fail: Files;
  readonly pass: Files;
  /** Where the finding must be: the entry, the file, and text on the line it points at. */
  readonly at: { readonly id: string; readonly file: string; readonly line: string };
  /** The catalog at the git base, for rules that compare with one. */
  readonly base?: { readonly fail: Files; readonly pass: Files };
}

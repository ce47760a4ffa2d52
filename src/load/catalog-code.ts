import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** Imports a TypeScript module as tsx does: `specifier` is a file URL, `parent` the URL it is resolved from. */
export type TsImport = (specifier: string, parent: string) => Promise<unknown>;

/**
 * tsx's `tsImport` from the catalog repository's own node_modules (where its package.json puts it), or undefined
 * when tsx is not installed there. The catalog repository's TypeScript (organisation rules, the stack extension file)
 * is loaded with it, so idac itself runs without tsx.
 */
export async function catalogTsImport(root: string): Promise<TsImport | undefined> {
  try {
    const manifest = createRequire(path.join(path.resolve(root), "package.json")).resolve("tsx/package.json");
    const exports = (JSON.parse(await readFile(manifest, "utf8")) as { exports?: Record<string, unknown> }).exports?.["./esm/api"] as
      { import?: string | { default?: string } } | undefined;
    const entry = typeof exports?.import === "string" ? exports.import : exports?.import?.default;
    if (!entry) return undefined;
    const api = (await import(pathToFileURL(path.join(path.dirname(manifest), entry)).href)) as { tsImport?: TsImport };
    return typeof api.tsImport === "function" ? api.tsImport : undefined;
  } catch {
    return undefined;
  }
}

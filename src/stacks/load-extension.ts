import { access } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Extension } from "./extensions";

/** Where a catalog repository keeps its extension, relative to the catalog root. */
export const EXTENSION_FILES = ["stacks/extensions.ts", "stacks/extensions.js"] as const;

/**
 * Loads the `extend` function of the catalog's extension file, if it has one. The file is code of the catalog
 * repository, like main.ts: synth runs it (a pull request's pipeline runs the pull request's version).
 */
export async function loadExtension(catalogRoot: string): Promise<Extension | undefined> {
  for (const file of EXTENSION_FILES) {
    const full = path.resolve(catalogRoot, file);
    try {
      await access(full);
    } catch {
      continue;
    }
    const module = (await import(pathToFileURL(full).href)) as { extend?: unknown };
    if (module.extend === undefined) return undefined;
    if (typeof module.extend !== "function") throw new Error(`${file}: 'extend' must be a function (context) => void; it is a ${typeof module.extend}.`);
    return module.extend as Extension;
  }
  return undefined;
}

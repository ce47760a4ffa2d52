import { access } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { catalogTsImport } from "../load/catalog-code";
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
    // TypeScript runs through the repository's own tsx (idac itself runs without it); JavaScript loads as it is.
    const tsImport = file.endsWith(".ts") ? await catalogTsImport(catalogRoot) : undefined;
    if (file.endsWith(".ts") && !tsImport && !isTsxRunning()) {
      throw new Error(`${file}: TypeScript needs tsx in the catalog repository: npm install --save-dev tsx (idac init adds it).`);
    }
    const url = pathToFileURL(full).href;
    const module = (tsImport ? await tsImport(url, pathToFileURL(path.join(path.resolve(catalogRoot), "package.json")).href) : await import(url)) as {
      extend?: unknown;
    };
    if (module.extend === undefined) return undefined;
    if (typeof module.extend !== "function") throw new Error(`${file}: 'extend' must be a function (context) => void; it is a ${typeof module.extend}.`);
    return module.extend as Extension;
  }
  return undefined;
}

/** Whether this process already loads TypeScript (idac run from its sources through tsx). */
function isTsxRunning(): boolean {
  return import.meta.url.endsWith(".ts");
}

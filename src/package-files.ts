import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of idac's own package.json (where its templates and JSON Schema are), found from this module's
 * location: the source tree in development (src/), the built package (dist/ and its chunks) when installed.
 */
export const PACKAGE_ROOT: string = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** idac's version, from its package.json (the one place it is kept). */
export const IDAC_VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file) && (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === "idac") return dir;
    if (path.dirname(dir) === dir) throw new Error(`idac's package.json was not found above ${from}: the installation is incomplete; reinstall idac.`);
  }
}

import { readFileSync } from "node:fs";

/** idac's version, from its package.json (the one place it is kept). */
export const IDAC_VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

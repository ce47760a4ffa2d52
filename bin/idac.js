#!/usr/bin/env node
// In a checkout of idac's repository (src/ present) the TypeScript CLI runs through tsx, so development needs no
// build step; the installed package has no src/ and runs the compiled dist/cli.js on plain Node.
import { existsSync } from "node:fs";

const source = new URL("../src/cli/main.ts", import.meta.url);
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import("../dist/cli.js");
}

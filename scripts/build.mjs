#!/usr/bin/env node
// Builds the package into dist/: the CLI and the library entry points as ES modules for Node 20.19+ (esbuild, one
// chunk per lazily loaded command), then the type declarations (tsc -p tsconfig.build.json). Run by `npm run build`
// and by npm's `prepare`, so a git install and `npm pack` carry a built package.
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");

/** The package's entry points: `bin/idac.js` runs dist/cli.js; package.json `exports` names the others. */
const ENTRY_POINTS = {
  cli: "src/cli/main.ts",
  index: "src/index.ts",
  stacks: "src/stacks/index.ts",
  constructs: "src/constructs/index.ts",
  testing: "src/testing/index.ts",
  api: "src/cli/api.ts",
  rules: "src/rules.ts",
  // Started as a process of its own by parallel synthesis (src/stacks/private/parallel.ts), next to the other chunks.
  "synth-worker": "src/stacks/synth-worker.ts",
};

/**
 * The provider bindings are CommonJS folders imported by path (`@cdktf/provider-azuread/lib/group`): Node resolves
 * a folder only for `require`, so an ES module names the folder's index.js.
 */
const providerFolders = {
  name: "provider-folders",
  setup(b) {
    b.onResolve({ filter: /^@cdktf\/provider-azuread\/lib\/[^/]+$/ }, (args) => ({ path: `${args.path}/index.js`, external: true }));
  },
};

await rm(dist, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ENTRY_POINTS,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  packages: "external",
  plugins: [providerFolders],
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: true,
  logLevel: "warning",
});

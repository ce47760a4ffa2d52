/**
 * Benchmark: idac at enterprise size, through the real file format and the real CLI.
 *
 * Generates the enterprise catalog (bench/private/enterprise-catalog.ts; scale 1 = 10,000 business roles, 20,000
 * groups, 300 conditional access policies, 20 privileged roles, 200 SoD rules, dev and prod) into a temporary folder
 * and runs the compiled CLI as the installed package runs it (`node dist/cli.js`) there as child processes: `--help`, `validate`, `synth --env prod` and `synth` (both
 * environments), each timed (wall clock) with its peak resident memory. The same prod Terraform is then written by
 * the bare-cdktf baseline and the JSON-writing floor (bench/private/bare-cdktf.ts). Finally one requestable role's
 * grants are changed in its YAML file and prod is synthesized again: the stacks whose JSON differs are what the pull
 * request plans. Prints one Markdown table: metric | measured | target | met?.
 *
 * IDAC_BENCH_SCALE sets the size (default 0.01, small enough for CI; `npm run bench:enterprise` runs 1);
 * IDAC_BENCH_RUNS the runs per command (the median is reported; default 1, `--help` always 3);
 * IDAC_BENCH_KEEP=1 keeps the temporary folder; IDAC_BENCH_OUT=<file> also writes the table there.
 * Exits non-zero only when something fails (a command errs, the catalog is invalid); missed targets are reported.
 */
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { isMap, isSeq, parseDocument } from "yaml";
import { writeEnterpriseCatalog, type EnterpriseCatalogSummary } from "./private/enterprise-catalog";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCALE = Number(process.env.IDAC_BENCH_SCALE ?? "0.01");
const RUNS = Number(process.env.IDAC_BENCH_RUNS ?? "1");
const MB = 1024 * 1024;

/** Targets (for the enterprise catalog, scale 1). */
const TARGET = { helpSeconds: 0.3, validateSeconds: 3, synthRatio: 1.2, synthPeakBytes: 1.5 * 1024 * MB, planResources: 2000 };

interface Measured {
  readonly seconds: number;
  readonly peakBytes: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <args>` in `cwd` with a hook that records the peak resident set size at exit. */
async function measure(args: readonly string[], cwd: string, hook: string, env: Record<string, string> = {}): Promise<Measured> {
  const rssFile = path.join(path.dirname(hook), `rss-${process.hrtime.bigint()}`);
  const start = performance.now();
  const child = spawn(process.execPath, ["--import", `${pathUrl(hook)}`, ...args], {
    cwd,
    env: { ...process.env, ...env, IDAC_BENCH_RSS_FILE: rssFile, NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? 1));
  });
  const seconds = (performance.now() - start) / 1000;
  const peakBytes = existsSync(rssFile) ? Number(await readFile(rssFile, "utf8")) * 1024 : NaN;
  return { seconds, peakBytes, code, stdout, stderr };
}

const pathUrl = (p: string) => new URL(`file://${path.resolve(p)}`).href;

/** Runs a command `runs` times and keeps the run with the median wall time; fails on an exit code not in `ok`. */
async function median(
  label: string,
  args: readonly string[],
  cwd: string,
  hook: string,
  ok: readonly number[],
  runs = RUNS,
  env: Record<string, string> = {},
): Promise<Measured> {
  const results: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    const m = await measure(args, cwd, hook, env);
    if (!ok.includes(m.code)) throw new Error(`${label} exited with ${m.code}:\n${m.stderr.slice(-4000)}`);
    results.push(m);
    process.stderr.write(`  ${label}: ${m.seconds.toFixed(2)} s, ${(m.peakBytes / MB).toFixed(0)} MB (exit ${m.code})\n`);
  }
  results.sort((a, b) => a.seconds - b.seconds);
  return results[Math.floor(results.length / 2)]!;
}

/** Makes the catalog folder a git repository with the catalog as its one commit. */
async function commitCatalog(dir: string): Promise<void> {
  const git = (...args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn("git", ["-C", dir, "-c", "user.name=bench", "-c", "user.email=bench@example.org", ...args], { stdio: "ignore" });
      child.once("error", reject);
      child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`git ${args[0]} exited with ${code}`))));
    });
  await git("init", "-q", "-b", "main");
  await git("add", ".");
  await git("commit", "-qm", "enterprise catalog");
}

/** dist/ is rebuilt when it is missing or older than a source file, so the CLI runs the code of this checkout. */
async function ensureBuilt(): Promise<void> {
  const cli = path.join(ROOT, "dist", "cli.js");
  const newest = async (dir: string): Promise<number> => {
    let latest = 0;
    for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (e.isFile()) latest = Math.max(latest, statSync(path.join(e.parentPath, e.name)).mtimeMs);
    }
    return latest;
  };
  if (existsSync(cli) && statSync(cli).mtimeMs >= (await newest(path.join(ROOT, "src")))) return;
  process.stderr.write("building dist/ (node scripts/build.mjs)\n");
  const built = await measure([path.join(ROOT, "scripts", "build.mjs")], ROOT, await rssHook());
  if (built.code !== 0) throw new Error(`node scripts/build.mjs failed:\n${built.stderr}`);
}

let hookPath: string | undefined;
async function rssHook(): Promise<string> {
  if (hookPath) return hookPath;
  const dir = await mkdtemp(path.join(tmpdir(), "idac-bench-hook-"));
  hookPath = path.join(dir, "rss.mjs");
  await writeFile(
    hookPath,
    [
      'import { writeFileSync } from "node:fs";',
      "const file = process.env.IDAC_BENCH_RSS_FILE;",
      'process.on("exit", () => file && writeFileSync(file, String(process.resourceUsage().maxRSS)));',
      "",
    ].join("\n"),
  );
  return hookPath;
}

interface StackSize {
  readonly name: string;
  readonly resources: number;
  readonly outputs: number;
  readonly bytes: number;
}

/** Every stack of a synth output folder: resources, outputs and size of its cdk.tf.json, and the text itself. */
async function stacksOf(out: string): Promise<Map<string, StackSize & { text: string }>> {
  const stacks = new Map<string, StackSize & { text: string }>();
  for (const name of (await readdir(path.join(out, "stacks"))).sort()) {
    const text = await readFile(path.join(out, "stacks", name, "cdk.tf.json"), "utf8");
    const json = JSON.parse(text) as { resource?: Record<string, object>; output?: object };
    const resources = Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    stacks.set(name, { name, resources, outputs: Object.keys(json.output ?? {}).length, bytes: Buffer.byteLength(text), text });
  }
  return stacks;
}

/** Adds one idac-managed group of the role's domain to a requestable role's grants, in its YAML file. */
async function changeOneRole(catalog: string, sample: EnterpriseCatalogSummary["sampleRequestableRole"]): Promise<string> {
  const file = path.join(catalog, sample.file);
  const doc = parseDocument(await readFile(file, "utf8"));
  const roles = doc.get("businessRoles");
  if (!isSeq(roles)) throw new Error(`${sample.file}: no businessRoles`);
  const role = roles.items.find((r) => isMap(r) && r.get("id") === sample.id);
  if (!isMap(role)) throw new Error(`${sample.file}: role ${sample.id} not found`);
  const groups = role.getIn(["entitlements", "groups"]);
  if (!isSeq(groups)) throw new Error(`${sample.file}: role ${sample.id} grants no groups`);
  groups.add(sample.addableGroup);
  await writeFile(file, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
  return `${sample.id} (${sample.file}) also grants ${sample.addableGroup}`;
}

/** How many shards each sharded concern of a stack list has: "8 role group, 16 group and 40 access shards". */
function shardCounts(names: readonly string[]): string {
  const roleGroups = names.filter((n) => /-role-groups-\d+$/.test(n)).length;
  const groups = names.filter((n) => /-groups-\d+$/.test(n) && !/-role-groups-\d+$/.test(n)).length;
  const access = names.filter((n) => /-access-.+--\d+$/.test(n)).length;
  return roleGroups + groups + access ? `${roleGroups} role group, ${groups} group and ${access} access shards` : "none (one groups stack)";
}

const seconds = (s: number) => `${s.toFixed(s < 10 ? 2 : 1)} s`;
const megabytes = (b: number) => (Number.isFinite(b) ? `${Math.round(b / MB).toLocaleString("en")} MB` : "n/a");
const count = (n: number) => n.toLocaleString("en");
const met = (ok: boolean | undefined) => (ok === undefined ? "" : ok ? "yes" : "**no**");

async function main(): Promise<void> {
  if (!(SCALE > 0)) throw new Error(`IDAC_BENCH_SCALE must be a positive number, not '${process.env.IDAC_BENCH_SCALE}'`);
  await ensureBuilt();
  const hook = await rssHook();
  const work = await mkdtemp(path.join(tmpdir(), "idac-bench-enterprise-"));
  const catalog = path.join(work, "catalog");
  // The compiled CLI, as an installed package runs it (bin/idac.js in a checkout runs the sources through tsx instead).
  const bin = path.join(ROOT, "dist", "cli.js");
  try {
    process.stderr.write(`generating the enterprise catalog at scale ${SCALE} into ${catalog}\n`);
    const summary = await writeEnterpriseCatalog(catalog, SCALE);

    const help = await median("idac --help", [bin, "--help"], catalog, hook, [0], 3);
    // IDAC_PROFILE=1: validate prints its time per phase and its slowest rules (stderr), shown below the table.
    const validate = await median("idac validate", [bin, "validate", "--no-base"], catalog, hook, [0, 1], RUNS, { IDAC_PROFILE: "1" });
    // As a pull request runs it: the catalog committed, and validate comparing it with that commit (the base is read
    // from git, checked and resolved too).
    await commitCatalog(catalog);
    const validateBase = await median("idac validate --base HEAD", [bin, "validate", "--base", "HEAD"], catalog, hook, [0, 1], RUNS, { IDAC_PROFILE: "1" });
    const prodOut = path.join(work, "out-prod");
    const synthProd = await median("idac synth --env prod", [bin, "synth", "--no-base", "--env", "prod", "-o", prodOut], catalog, hook, [0]);
    // The same synthesis with V8 growing its heap as it would by itself (synth bounds the growth, see
    // src/stacks/heap-growth.ts; a heap flag given to node is kept): what that bound saves and costs.
    const unbounded = await median(
      "idac synth --env prod (V8's own heap growth)",
      ["--heap-growing-percent=0", bin, "synth", "--no-base", "--env", "prod", "-o", path.join(work, "out-unbounded")],
      catalog,
      hook,
      [0],
    );
    const baseline = path.join(ROOT, "bench", "private", "bare-cdktf.ts");
    const tsx = ["--import", "tsx", baseline];
    const bare = await median("bare cdktf (prod)", [...tsx, "cdktf", prodOut, "prod-", path.join(work, "bare")], ROOT, hook, [0]);
    const floor = await median("JSON floor (prod)", [...tsx, "floor", prodOut, "prod-", path.join(work, "floor")], ROOT, hook, [0]);
    const bareResult = JSON.parse(bare.stdout) as { ms: number; resources: number; different: number };
    const floorResult = JSON.parse(floor.stdout) as { ms: number };
    process.stderr.write(`  bare cdktf construct + synth: ${bareResult.ms} ms; JSON floor: ${floorResult.ms} ms\n`);
    if (bareResult.different) throw new Error(`the bare-cdktf baseline wrote ${bareResult.different} block(s) different from idac's`);

    const prod = await stacksOf(prodOut);
    const prodResources = [...prod.values()].reduce((n, s) => n + s.resources, 0);

    // The one-role change is made in a copy, so that the catalog stays as generated for the synthesis of both environments.
    const changed = path.join(work, "catalog-changed");
    await cp(catalog, changed, { recursive: true });
    const change = await changeOneRole(changed, summary.sampleRequestableRole);
    const changedOut = path.join(work, "out-changed");
    await median("idac synth --env prod (one role changed)", [bin, "synth", "--no-base", "--env", "prod", "-o", changedOut], changed, hook, [0], 1);
    const after = await stacksOf(changedOut);
    const touched = [...new Set([...prod.keys(), ...after.keys()])].filter((n) => prod.get(n)?.text !== after.get(n)?.text).sort();
    const planned = touched.reduce((n, s) => n + (after.get(s) ?? prod.get(s))!.resources, 0);

    const allOut = path.join(work, "out-all");
    const synthAll = await median("idac synth", [bin, "synth", "--no-base", "-o", allOut], catalog, hook, [0]);
    const all = await stacksOf(allOut);
    const largest = [...all.values()].sort((a, b) => b.resources - a.resources || a.name.localeCompare(b.name))[0]!;

    const ratio = synthProd.seconds / (bareResult.ms / 1000);
    const rows: [string, string, string, boolean | undefined][] = [
      ["`idac --help`", seconds(help.seconds), `≤ ${TARGET.helpSeconds} s`, help.seconds <= TARGET.helpSeconds],
      [
        "`idac validate`",
        `${seconds(validate.seconds)}, ${megabytes(validate.peakBytes)} (exit ${validate.code})`,
        `≤ ${TARGET.validateSeconds} s`,
        validate.seconds <= TARGET.validateSeconds,
      ],
      [
        "`idac validate --base HEAD` (as a pull request runs it: the base read from git and checked too)",
        `${seconds(validateBase.seconds)}, ${megabytes(validateBase.peakBytes)} (exit ${validateBase.code})`,
        "reference",
        undefined,
      ],
      [
        "`idac synth --env prod`",
        `${seconds(synthProd.seconds)}, ${megabytes(synthProd.peakBytes)}`,
        `≤ ${TARGET.synthRatio} × bare cdktf, ≤ ${megabytes(TARGET.synthPeakBytes)}`,
        ratio <= TARGET.synthRatio && synthProd.peakBytes <= TARGET.synthPeakBytes,
      ],
      [
        "`idac synth --env prod`, V8's own heap growth (`node --heap-growing-percent=0`)",
        `${seconds(unbounded.seconds)}, ${megabytes(unbounded.peakBytes)}`,
        "reference",
        undefined,
      ],
      [
        "`idac synth` (dev and prod)",
        `${seconds(synthAll.seconds)}, ${megabytes(synthAll.peakBytes)}`,
        `≤ ${megabytes(TARGET.synthPeakBytes)}`,
        synthAll.peakBytes <= TARGET.synthPeakBytes,
      ],
      [
        "bare cdktf, same prod resources, one `app.synth()`",
        `${seconds(bareResult.ms / 1000)}, ${megabytes(bare.peakBytes)} (process ${seconds(bare.seconds)})`,
        "reference",
        undefined,
      ],
      [
        "JSON floor (`JSON.stringify` + `writeFile`)",
        `${seconds(floorResult.ms / 1000)} (process ${seconds(floor.seconds)}, ${megabytes(floor.peakBytes)})`,
        "reference",
        undefined,
      ],
      ["synth prod / bare cdktf", `${ratio.toFixed(2)} ×`, `≤ ${TARGET.synthRatio} ×`, ratio <= TARGET.synthRatio],
      ["resources per environment (prod)", `${count(prodResources)} in ${prod.size} stacks`, "", undefined],
      ["shards (prod)", shardCounts([...prod.keys()]), "each under `stacks.maxResources`", undefined],
      [
        "largest stack",
        `${largest.name}: ${count(largest.resources)} resources, ${count(largest.outputs)} outputs, ${(largest.bytes / MB).toFixed(1)} MB`,
        `≤ ~${count(TARGET.planResources)} resources`,
        largest.resources <= TARGET.planResources,
      ],
      [
        "one-role change: stacks planned",
        `${touched.map((s) => `${s} (${count((after.get(s) ?? prod.get(s))!.resources)})`).join(", ") || "none"}: ${count(planned)} resources`,
        `≤ ~${count(TARGET.planResources)} resources`,
        planned <= TARGET.planResources,
      ],
    ];
    const table = [
      `Enterprise benchmark, scale ${SCALE}: ${count(summary.businessRoles)} business roles (${count(summary.birthrightRoles)} birthright, ` +
        `${count(summary.requestableRoles)} requestable) in ${summary.domains} domains, ${count(summary.groups)} groups, ` +
        `${count(summary.conditionalAccessPolicies)} CA policies, ${summary.privilegedRoles} PIM roles, ${summary.sodRules} SoD rules, ` +
        `${summary.environments.join(" and ")}; ${summary.files} YAML files. Median of ${RUNS} run(s) (\`--help\`: 3); node ${process.version}. ` +
        `One-role change: ${change}.`,
      "",
      "| metric | measured | target | met? |",
      "|---|---|---|---|",
      ...rows.map((r) => `| ${r.map((c) => (typeof c === "boolean" || c === undefined ? met(c) : c)).join(" | ")} |`),
      "",
    ].join("\n");
    console.log(table);
    for (const [command, run] of [
      ["idac validate", validate],
      ["idac validate --base HEAD", validateBase],
    ] as const) {
      const at = run.stderr.indexOf("idac profile:");
      if (at !== -1) console.log([`Profile of \`${command}\` (IDAC_PROFILE=1):`, "", "```", run.stderr.slice(at).trimEnd(), "```", ""].join("\n"));
    }
    if (process.env.IDAC_BENCH_OUT) await writeFile(process.env.IDAC_BENCH_OUT, table);
  } finally {
    if (process.env.IDAC_BENCH_KEEP === "1") process.stderr.write(`kept ${work}\n`);
    else await rm(work, { recursive: true, force: true });
    await rm(path.dirname(hook), { recursive: true, force: true });
  }
}

await main();

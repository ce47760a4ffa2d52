/**
 * The baselines idac's synthesis is compared with. It reads the Terraform JSON idac synthesized (`cdk.tf.json` of
 * every stack whose name starts with a prefix) and writes the same configuration again, timed, in one of two ways:
 *
 * - `cdktf`: the same resources and data sources built with `@cdktf/provider-azuread` construct classes (the JSON's
 *   snake_case keys turned into each class's camelCase config, nested blocks included; references stay the strings
 *   they are), outputs as `TerraformOutput`, in one `App` (stack traces off, as idac's) and one `app.synth()`. This is
 *   what the same Terraform costs when written with cdktf directly.
 * - `floor`: the same JSON written with `JSON.stringify` and `writeFile`: the cost of the output alone.
 *
 * Usage: `tsx bench/private/bare-cdktf.ts <cdktf|floor> <synth output dir> <stack name prefix> <work dir>`. Prints one
 * JSON line: mode, stacks, resources, ms (construct and write, reading the input excluded) and, for `cdktf`, how many
 * resources came out different from idac's (0 when the baseline really is the same Terraform).
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { App, TerraformOutput, TerraformStack, type TerraformElement } from "cdktf";
import type { Construct } from "constructs";

type Json = Record<string, unknown>;
type ElementClass = new (scope: Construct, id: string, config: unknown) => TerraformElement & { addOverride(path: string, value: unknown): void };

const require = createRequire(import.meta.url);
const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (key: string) => camel(key).replace(/^[a-z]/, (c) => c.toUpperCase());

/** The JSON's keys in a construct config's spelling, recursively; metadata ("//") and meta-arguments left out. */
function config(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(config);
  if (value === null || typeof value !== "object") return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) if (k !== "//" && k !== "depends_on" && k !== "provider") out[camel(k)] = config(v);
  return out;
}

const classes = new Map<string, ElementClass>();
/** `azuread_group` → `Group` of `@cdktf/provider-azuread/lib/group`; `data` + `azuread_user` → `DataAzureadUser`. */
function classFor(type: string, data: boolean): ElementClass {
  const key = `${data ? "data_" : ""}${type}`;
  let cls = classes.get(key);
  if (!cls) {
    const name = data ? key : type.replace(/^azuread_/, "");
    const module = require(`@cdktf/provider-azuread/lib/${name.replaceAll("_", "-")}`) as Record<string, ElementClass>;
    cls = module[name === "provider" ? "AzureadProvider" : pascal(name)];
    if (!cls) throw new Error(`no construct class for ${key}`);
    classes.set(key, cls);
  }
  return cls;
}

function addElements(stack: TerraformStack, blocks: Json | undefined, data: boolean): number {
  let count = 0;
  for (const [type, byName] of Object.entries(blocks ?? {})) {
    for (const [name, body] of Object.entries(byName as Record<string, Json>)) {
      if (!type.startsWith("azuread_")) {
        stack.addOverride(`${data ? "data" : "resource"}.${type}.${name}`, body);
        continue;
      }
      const element = new (classFor(type, data))(stack, `${type}.${name}`, config(body));
      element.overrideLogicalId(name);
      if (body.depends_on) element.addOverride("depends_on", body.depends_on);
      if (body.provider) element.addOverride("provider", body.provider);
      count++;
    }
  }
  return count;
}

function buildStack(app: App, name: string, json: Json): number {
  const stack = new TerraformStack(app, name);
  const providers = (json.provider as Record<string, Json[]> | undefined)?.azuread ?? [];
  for (const [i, p] of providers.entries()) new (classFor("provider", false))(stack, `azuread${i}`, config(p));
  const terraform = json.terraform as Json | undefined;
  if (terraform?.backend) stack.addOverride("terraform.backend", terraform.backend);
  for (const [id, body] of Object.entries((json.output as Record<string, Json> | undefined) ?? {})) {
    new TerraformOutput(stack, `output.${id}`, config(body) as { value: unknown }).overrideLogicalId(id);
  }
  for (const block of ["import", "moved", "removed", "locals", "check"]) if (json[block]) stack.addOverride(block, json[block]);
  addElements(stack, json.data as Json | undefined, true);
  return addElements(stack, json.resource as Json | undefined, false);
}

/**
 * Resources, data sources and outputs whose body differs from idac's (metadata aside): a baseline that dropped a
 * setting would be cheaper than the truth.
 */
function differences(before: Json, after: Json): number {
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => k !== "//")
              .map(([k, x]) => [k, strip(x)]),
          )
        : v;
  const at = (json: Json, path: string[]) => path.reduce<unknown>((v, k) => (v as Json | undefined)?.[k], json);
  let different = 0;
  const blocks = [
    ...["resource", "data"].flatMap((block) =>
      Object.entries((before[block] as Record<string, Json>) ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => [block, type, n])),
    ),
    ...Object.keys((before.output as Json) ?? {}).map((n) => ["output", n]),
  ];
  for (const path of blocks) if (JSON.stringify(strip(at(before, path))) !== JSON.stringify(strip(at(after, path)))) different++;
  return different;
}

async function main(): Promise<void> {
  const [mode, synthOut, prefix, work] = process.argv.slice(2);
  if ((mode !== "cdktf" && mode !== "floor") || !synthOut || prefix === undefined || !work) {
    throw new Error("usage: tsx bench/private/bare-cdktf.ts <cdktf|floor> <synth output dir> <stack name prefix> <work dir>");
  }
  const names = (await readdir(join(synthOut, "stacks"))).filter((n) => n.startsWith(prefix)).sort();
  const stacks = new Map<string, Json>();
  for (const n of names) stacks.set(n, JSON.parse(await readFile(join(synthOut, "stacks", n, "cdk.tf.json"), "utf8")) as Json);

  const start = performance.now();
  let resources = 0;
  if (mode === "cdktf") {
    const app = new App({ outdir: work, stackTraces: false });
    for (const [n, json] of stacks) resources += buildStack(app, n, json);
    app.synth();
  } else {
    for (const [n, json] of stacks) {
      for (const byName of Object.values((json.resource as Record<string, Json>) ?? {})) resources += Object.keys(byName).length;
      await mkdir(join(work, "stacks", n), { recursive: true });
      await writeFile(join(work, "stacks", n, "cdk.tf.json"), JSON.stringify(json, null, 2));
    }
  }
  const ms = performance.now() - start;

  let different = 0;
  if (mode === "cdktf") {
    for (const [n, json] of stacks) different += differences(json, JSON.parse(await readFile(join(work, "stacks", n, "cdk.tf.json"), "utf8")) as Json);
  }
  console.log(JSON.stringify({ mode, stacks: stacks.size, resources, ms: Math.round(ms), different }));
}

await main();

import path from "node:path";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { REPORT_NAMES } from "../../src/cli/cli";
import { PEOPLE_REPORT_KINDS } from "../../src/reports/audit/people";
import { REPORT_KINDS } from "../../src/reports/audit/tables";

const ROOT = path.resolve(__dirname, "../..");

/** The modules a file loads when it is imported: its static imports, transitively, not what it imports later. */
async function staticGraph(entry: string): Promise<{ inputs: Set<string>; packages: Set<string> }> {
  const { metafile } = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    packages: "external",
    metafile: true,
    logLevel: "silent",
  });
  const inputs = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (inputs.has(file)) return;
    inputs.add(file);
    for (const imp of (metafile as Metafile).inputs[file]?.imports ?? []) {
      if (imp.kind !== "import-statement") continue;
      if (imp.external) packages.add(imp.path);
      else visit(imp.path);
    }
  };
  visit(entry);
  return { inputs, packages };
}

const CDKTF = /^(cdktf|constructs|@cdktf\/)/;

describe("the CLI loads a command's code when the command runs", () => {
  it("loads no command module and neither cdktf nor the provider bindings on start", async () => {
    const { inputs, packages } = await staticGraph("src/cli/main.ts");
    expect([...inputs].filter((f) => f.includes("src/cli/commands/"))).toEqual([]);
    expect([...packages].filter((p) => CDKTF.test(p))).toEqual([]);
  });

  it("loads only commander and the wiring on start, so --help needs neither zod, yaml nor the plan gate", async () => {
    const { inputs, packages } = await staticGraph("src/cli/main.ts");
    expect([...packages]).toEqual(["commander"]);
    const outside = [...inputs].filter((f) => !/^src\/(cli\/[^/]+|escape\/(terminal|characters)|plan\/gate-options)\.ts$/.test(f));
    expect(outside).toEqual([]);
  });

  it("lets idac validate run without cdktf", async () => {
    const { packages } = await staticGraph("src/cli/commands/validate.ts");
    expect([...packages].filter((p) => CDKTF.test(p))).toEqual([]);
  });

  it("does load cdktf for idac synth (the check above would notice a graph that hides it)", async () => {
    const { packages } = await staticGraph("src/cli/commands/synth.ts");
    expect([...packages].some((p) => p === "cdktf")).toBe(true);
  });

  it("accepts exactly the report names the report code defines, without loading it", () => {
    expect(REPORT_NAMES).toEqual([...REPORT_KINDS, ...PEOPLE_REPORT_KINDS, "all"]);
  });
});

import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runSynth } from "../../src/cli/commands/synth";
import { captureOutput, readTree } from "../helpers/catalog";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/idac.js");

let catalog: string;
let fresh: Record<string, string>;
beforeAll(async () => {
  catalog = await mkdtemp(path.join(tmpdir(), "idac-atomic-"));
  for (const f of ["environments", "roles", "policies"]) await cp(path.join(ROOT, f), path.join(catalog, f), { recursive: true });
  const out = path.join(catalog, "expected.out");
  expect(await runSynth({ catalog, out, format: "json" }, captureOutput().out)).toBe(0);
  fresh = await readTree(out);
});

/** A previous output that differs from what the catalog synthesizes, so a partial write would show. */
async function previousOutput(out: string): Promise<Record<string, string>> {
  await mkdir(path.join(out, "stacks", "prod-conditional-access"), { recursive: true });
  await writeFile(path.join(out, "stacks", "prod-conditional-access", "cdk.tf.json"), '{"previous": true}\n');
  await writeFile(path.join(out, "manifest.json"), '{"previous": true}\n');
  return readTree(out);
}

function synthProcess(out: string): { done: Promise<number | null>; kill: (signal: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, [BIN, "synth", "--catalog", catalog, "--out", out, "--no-base", "--format", "json"], { stdio: "ignore" });
  return { done: new Promise((resolve) => child.on("exit", (code) => resolve(code))), kill: (signal) => child.kill(signal) };
}

describe("atomic output", () => {
  it.each([
    ["SIGTERM", 150],
    ["SIGTERM", 700],
    ["SIGINT", 1200],
    ["SIGTERM", 1700],
    ["SIGINT", 2300],
    ["SIGKILL", 900],
    ["SIGKILL", 1900],
  ] as const)("leaves the previous output intact or the new one complete when killed with %s after %i ms", async (signal, delay) => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), "idac-kill-")), "cdktf.out");
    const before = await previousOutput(out);
    const run = synthProcess(out);
    await new Promise((r) => setTimeout(r, delay));
    run.kill(signal);
    const code = await run.done;
    // A SIGKILL between the two renames leaves the previous output under its temporary name; the next run (even
    // one that fails validation) puts it back first.
    if (signal === "SIGKILL") await runSynth({ catalog: "/nonexistent-catalog", out, format: "json" }, captureOutput().out);
    const after = await readTree(out);
    // A signal that lands during or after the swap (SIGINT and SIGTERM wait for it to finish) ends the process without
    // an exit code, with the new output in place and complete; before the swap, the previous output stays. Never a mix.
    if (code === 0) expect(after).toEqual(fresh);
    else expect([before, fresh]).toContainEqual(after);
  });

  it("puts back the output of a run killed between the two renames", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-recover-"));
    const out = path.join(dir, "cdktf.out");
    const before = await previousOutput(out);
    await rename(out, `${out}.previous-999999-abcd1234`);
    expect(await runSynth({ catalog: path.join(dir, "missing"), out, format: "json" }, captureOutput().out)).toBe(2);
    expect(await readTree(out)).toEqual(before);
  });
});

import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { runSynth } from "../../src/cli/commands/synth";
import { runValidate } from "../../src/cli/commands/validate";
import { formatIssueAnnotation } from "../../src/cli/render";
import { captureOutput, readTree, writeCatalog } from "../helpers/catalog";
import { SMALL_CATALOG } from "../helpers/fixtures";

const run = promisify(execFile);
const BIN = path.resolve(__dirname, "../../bin/idac.js");

/** Breaks the small catalog in one of the ways an author would. */
const BROKEN: Record<string, (files: Record<string, string>) => Record<string, string>> = {
  "a YAML syntax error": (f) => ({ ...f, "roles/finance.yaml": f["roles/finance.yaml"]!.replace("displayName: Finance AP", "displayName: [Finance AP") }),
  "an unknown key": (f) => ({
    ...f,
    "roles/finance.yaml": f["roles/finance.yaml"]!.replace("    description: Accounts payable\n", "    description: Accounts payable\n    colour: blue\n"),
  }),
  "a duplicate id": (f) => ({
    ...f,
    "roles/extra.yaml": "groups:\n  - id: fin-ap\n    displayName: Again\n    description: d\n    owners: [a@b.org]\n    membership: { type: assigned }\n",
  }),
  "a dangling reference": (f) => ({ ...f, "roles/finance.yaml": f["roles/finance.yaml"]!.replace("groups: [fin-ap, ke-files]", "groups: [fin-ap, ke-file]") }),
  "an invalid enum value": (f) => ({ ...f, "policies/ca.yaml": f["policies/ca.yaml"]!.replace("state: enabled", "state: on") }),
};

describe("idac validate", () => {
  it("exits 0 on the bundled example and 1 on a valid catalog with guardrail findings, summarising both", async () => {
    const ok = captureOutput();
    expect(await runValidate({ catalog: path.resolve(__dirname, "../.."), format: "human" }, ok.out)).toBe(0);
    expect(ok.stderr()).toMatch(/Catalog is valid: 2 environment\(s\)/);
    const cap = captureOutput();
    expect(await runValidate({ catalog: await writeCatalog(SMALL_CATALOG), format: "human" }, cap.out)).toBe(1);
    expect(cap.stderr()).toMatch(/error IDAC-CA-001 \[test\]/);
    expect(cap.stderr()).toMatch(
      /Catalog is valid: 1 environment\(s\), 3 groups, 2 business roles, 1 access packages, 2 privileged roles, 3 conditional access policies/,
    );
  });

  it("prints JSON on stdout with --format json", async () => {
    const cap = captureOutput();
    await runValidate({ catalog: await writeCatalog(BROKEN["an unknown key"]!(SMALL_CATALOG)), format: "json" }, cap.out);
    const json = JSON.parse(cap.stdout()) as { valid: boolean; issues: { code: string; file: string; line: number }[] };
    expect(json.valid).toBe(false);
    expect(json.issues[0]).toMatchObject({ code: "SCHEMA_UNKNOWN_KEY", file: "roles/finance.yaml", line: 6 });
    expect(cap.stderr()).toBe("");
  });

  it("prints the time of each phase and of the slowest rules on stderr with IDAC_PROFILE, leaving the JSON on stdout as it was", async () => {
    const catalog = await writeCatalog(SMALL_CATALOG);
    const plain = captureOutput();
    await runValidate({ catalog, format: "json" }, plain.out);
    vi.stubEnv("IDAC_PROFILE", "1");
    try {
      const cap = captureOutput();
      await runValidate({ catalog, format: "json" }, cap.out);
      expect(cap.stdout()).toBe(plain.stdout());
      const lines = cap.stderr().split("\n");
      expect(lines[0]).toMatch(/^idac profile: validate \d+ ms wall, \d+ ms cpu, peak RSS \d+ MB$/);
      for (const phase of ["load", "schema", "resolve", "policy review", "guardrails"])
        expect(lines.some((l) => new RegExp(`^  ${phase} +\\d+ ms wall +\\d+ ms cpu$`).test(l))).toBe(true);
      expect(lines.filter((l) => /^ {4}rule IDAC-[A-Z]+-\d{3} /.test(l))).toHaveLength(10);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("emits GitHub annotations on Actions", async () => {
    const cap = captureOutput();
    await runValidate({ catalog: await writeCatalog(BROKEN["a dangling reference"]!(SMALL_CATALOG)), format: "human" }, cap.github);
    expect(cap.stdout()).toMatch(
      new RegExp(
        [
          "^::error file=roles\\/finance\\.yaml,line=\\d+,col=\\d+,title=CATALOG_UNKNOWN_REFERENCE ",
          "at businessRoles\\[0\\]\\.entitlements\\.groups\\[1\\]::Group 'ke-file' is not ",
          "declared",
        ].join(""),
        "m",
      ),
    );
  });
});

describe("idac synth", () => {
  it.each(Object.keys(BROKEN))("exits 2 on %s, names file and line, and leaves cdktf.out untouched", async (label) => {
    const root = await writeCatalog(BROKEN[label]!(SMALL_CATALOG));
    const out = path.join(root, "cdktf.out");
    await mkdir(path.join(out, "stacks", "old"), { recursive: true });
    await writeFile(path.join(out, "stacks", "old", "cdk.tf.json"), "previous output");
    const cap = captureOutput();
    expect(await runSynth({ catalog: root, out, format: "human" }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/^roles\/\w+\.yaml:\d+:\d+: error|^policies\/ca\.yaml:\d+:\d+: error/m);
    expect(cap.stderr()).toMatch(/Nothing was written/);
    expect(await readTree(out)).toEqual({ "stacks/old/cdk.tf.json": "previous output" });
  });

  it("replaces the previous output as a whole when synthesis succeeds", async () => {
    const root = await writeCatalog(SMALL_CATALOG);
    const out = path.join(root, "cdktf.out");
    await mkdir(path.join(out, "stacks", "stale"), { recursive: true });
    await writeFile(path.join(out, "stacks", "stale", "cdk.tf.json"), "{}");
    const cap = captureOutput();
    expect(await runSynth({ catalog: root, out, format: "human" }, cap.out)).toBe(0);
    const tree = await readTree(out);
    expect(
      Object.keys(tree)
        .filter((f) => f.endsWith("cdk.tf.json"))
        .sort(),
    ).toEqual([
      "stacks/test-access-finance/cdk.tf.json",
      "stacks/test-conditional-access/cdk.tf.json",
      "stacks/test-directory/cdk.tf.json",
      "stacks/test-groups/cdk.tf.json",
      "stacks/test-privileged-access/cdk.tf.json",
    ]);
    expect(cap.stderr()).toMatch(/Synthesized 5 stack\(s\)/);
  });
});

describe("annotations", () => {
  it("escape characters GitHub would otherwise read as separators", () => {
    const line = formatIssueAnnotation(
      {
        code: "SCHEMA_INVALID_VALUE",
        severity: "error",
        file: "roles/a,b.yaml",
        line: 3,
        col: 5,
        path: "groups[0]",
        message: "bad: value\nnext",
        hint: "100% sure",
      },
      "catalog",
    );
    expect(line).toBe("::error file=catalog/roles/a%2Cb.yaml,line=3,col=5,title=SCHEMA_INVALID_VALUE at groups[0]::bad: value%0Anext (100%25 sure)");
  });
});

describe("npx idac", () => {
  it("runs the CLI through bin/idac.js with the documented exit codes", async () => {
    const ok = await run(process.execPath, [BIN, "validate", "--catalog", path.resolve(__dirname, "../.."), "--no-base"]);
    expect(ok.stderr).toMatch(/Catalog is valid/);
    const findings = await run(process.execPath, [BIN, "validate", "--catalog", await writeCatalog(SMALL_CATALOG)]).catch((e: { code: number }) => e);
    expect(findings).toMatchObject({ code: 1 });
    const failed = await run(process.execPath, [BIN, "validate", "--catalog", await writeCatalog(BROKEN["a duplicate id"]!(SMALL_CATALOG))]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toMatch(
      /roles\/finance\.yaml:3:9: error CATALOG_DUPLICATE_ID .*\n.*already declared at roles\/extra\.yaml:2/,
    );
    expect((failed as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 on an unknown command", async () => {
    const failed = await run(process.execPath, [BIN, "frobnicate"]).catch((e: { code: number }) => e);
    expect(failed).toMatchObject({ code: 2 });
  });

  it("stops quietly, and not with success, when the reader of its output goes away, as `idac coverage -f json | head` does", async () => {
    const { spawn } = await import("node:child_process");
    // The example's coverage JSON (megabytes) is far more than a pipe holds: idac is still writing when the reader goes.
    const child = spawn(process.execPath, [BIN, "coverage", "--catalog", path.resolve(__dirname, "../.."), "-f", "json"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const first = await new Promise<string>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(d.toString())));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(first).toMatch(/^\[\n {2}\{\n {4}"environment": "dev"/);
    expect(stderr).toBe("");
    // Stopped before it finished: not a success (as `set -o pipefail` sees a process a closed pipe ended).
    expect(code).toBe(141);
  });
});

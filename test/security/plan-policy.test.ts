import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPlanGate, runPlanSummary } from "../../src/cli/commands/plan";
import { captureOutput } from "../helpers/catalog";
import { exampleWith, type Patch } from "../guardrails/example-copy";

/**
 * plan-summary and plan-gate against the pull-request author: with --base, the break-glass objects, the limits and
 * the guardrail policy come from the protected revision, never from the pull request's catalog.
 */
const ATTACKER = "0badc0de-0000-4000-8000-000000000666";
const REAL = "d2a6f0b8-4e1c-4397-8b5a-1f7c3e9d6b45";
const GATE = path.resolve(__dirname, "../fixtures/plans/gate");

/** A repository whose HEAD is the example, with the attack applied on top (uncommitted). */
async function repo(patches: Patch[] = [], files: Record<string, string> = {}): Promise<string> {
  const root = await exampleWith([]);
  const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("-c", "user.name=Base", "-c", "user.email=base@example.org", "commit", "-qm", "protected base");
  for (const p of patches) {
    const file = path.join(root, p.file);
    await writeFile(file, (await readFile(file, "utf8")).replace(p.find, p.replace));
  }
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(root, file), text);
  return root;
}

/** A recorded plan as the pull request synthesizes it: each `from` swapped for its `to` everywhere. */
async function plan(name: string, swaps: { from: string; to: string }[] = []): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "idac-plans-"));
  const text = swaps.reduce((t, s) => t.replaceAll(s.from, s.to), await readFile(path.join(GATE, `${name}.json`), "utf8"));
  const file = path.join(dir, "prod-conditional-access.json");
  await writeFile(file, text);
  return file;
}

const GROUP = "6e2b8d4f-0a7c-4f13-9d68-3b1e5a7c0f56";
const ATTACKER_GROUP = "0badc0de-0000-4000-8000-0000000006ff";
const swapBreakGlass: Patch[] = [
  { file: "environments/prod.yaml", find: `        - ${REAL}\n`, replace: `        - ${ATTACKER}\n` },
  { file: "environments/prod.yaml", find: `      group: ${GROUP}\n`, replace: `      group: ${ATTACKER_GROUP}\n` },
];

describe("plan-gate takes break-glass from the protected base", () => {
  it("blocks a plan that excludes the author instead of a break-glass account, although the pull request's catalog says so", async () => {
    const root = await repo(swapBreakGlass);
    const files = [
      await plan("ok-ca-new-report-only", [
        { from: REAL, to: ATTACKER },
        { from: GROUP, to: ATTACKER_GROUP },
      ]),
    ];
    const own = captureOutput();
    expect(await runPlanGate({ files, format: "md", catalog: root }, own.out)).toBe(0);
    expect(own.stderr()).toContain("No --base: break-glass objects and limits come from the catalog");
    const based = captureOutput();
    expect(await runPlanGate({ files, format: "md", catalog: root, base: "HEAD" }, based.out)).toBe(1);
    expect(based.stderr()).toMatch(/BLOCKED break-glass \[catalog\] environments\/prod\.yaml:\d+: Break-glass accounts of 'prod' gain 0badc0de/);
    expect(based.stderr()).toMatch(new RegExp(`BLOCKED break-glass \\[prod-conditional-access\\] .*does not exclude the break-glass accounts \\["${REAL}"\\]`));
    expect(based.stderr()).toContain("Break-glass group of 'prod' changes from 6e2b8d4f-0a7c-4f13-9d68-3b1e5a7c0f56 to 0badc0de-0000-4000-8000-0000000006ff.");
    expect(await runPlanGate({ files, format: "md", catalog: root, base: "HEAD", allow: ["policy-change", "weaken-ca"] }, captureOutput().out)).toBe(1);
  });

  it("passes the same plan when nothing moved", async () => {
    const root = await repo();
    const files = [await plan("ok-ca-new-report-only")];
    const run = captureOutput();
    expect(await runPlanGate({ files, format: "md", catalog: root, base: "HEAD" }, run.out)).toBe(0);
    expect(run.stderr()).toContain("Plan gate passed (0 allowed).");
  });

  it("refuses to gate when the base cannot give its break-glass objects (exit 2), unless the policy change is allowed", async () => {
    const root = await repo();
    execFileSync("git", ["-C", root, "rm", "-rq", "--cached", "environments", "roles", "policies"]);
    execFileSync("git", ["-C", root, "-c", "user.name=B", "-c", "user.email=b@example.org", "commit", "-qm", "no catalog"]);
    const files = [await plan("ok-ca-new-report-only")];
    const run = captureOutput();
    expect(await runPlanGate({ files, format: "md", catalog: root, base: "HEAD" }, run.out)).toBe(2);
    expect(run.stderr()).toContain("There is no catalog at HEAD: this change establishes the guardrail policy");
    expect(run.stderr()).toContain("The gate loads the break-glass objects and limits from HEAD, so it cannot run; allow policy-change");
    expect(await runPlanGate({ files, format: "md", catalog: root, base: "HEAD", allow: ["policy-change"] }, captureOutput().out)).toBe(0);
  });

  it("refuses a base that does not resolve, and one that is an option (exit 2)", async () => {
    const root = await repo();
    const files = [await plan("ok-ca-new-report-only")];
    for (const base of ["no-such-branch", "--upload-pack=touch /tmp/x"]) {
      const run = captureOutput();
      expect(await runPlanGate({ files, format: "md", catalog: root, base }, run.out)).toBe(2);
      expect(run.stderr()).toMatch(/CATALOG_BASE_UNRESOLVABLE/);
    }
  });
});

describe("policy changes are trips of the plan review", () => {
  it("lists a raised limit first in the summary and blocks it in the gate, even when no stack changed", async () => {
    const root = await repo([], { "policies/guardrails.yaml": "guardrails:\n  planGate: { maxChanges: 500 }\n" });
    const md = captureOutput();
    expect(await runPlanSummary({ files: [], format: "md", catalog: root, base: "HEAD" }, md.out)).toBe(0);
    const text = md.stdout();
    expect(text).toContain("### Needs explicit intent");
    expect(text).toContain(
      "| ⛔ policy-change | catalog | policies/guardrails.yaml:1: The plan gate's " +
        "maxChanges is raised from 25 to 500 per stack. | `--allow policy-change` (label " +
        "`allow-policy-change`) |",
    );
    expect(text.indexOf("policy-change")).toBeLessThan(text.indexOf("No changes."));
    const gate = captureOutput();
    expect(await runPlanGate({ files: [], format: "md", catalog: root, base: "HEAD" }, gate.out)).toBe(1);
    expect(await runPlanGate({ files: [], format: "md", catalog: root, base: "HEAD", allow: ["policy-change"] }, captureOutput().out)).toBe(0);
  });

  it("applies the base's limit, not the raised one, while the change is not allowed", async () => {
    const root = await repo([], { "policies/guardrails.yaml": "guardrails:\n  planGate: { maxChanges: 500 }\n" });
    const large = path.join(GATE, "large-change.json");
    const dir = await mkdtemp(path.join(tmpdir(), "idac-plans-"));
    const file = path.join(dir, "prod-groups.json");
    await writeFile(file, await readFile(large, "utf8"));
    const run = captureOutput();
    expect(await runPlanGate({ files: [file], format: "json", catalog: root, base: "HEAD" }, run.out)).toBe(1);
    const trips = (JSON.parse(run.stdout()) as { trips: { condition: string }[] }).trips.map((t) => t.condition);
    expect(trips).toEqual(expect.arrayContaining(["policy-change", "large-change"]));
    const allowed = captureOutput();
    await runPlanGate({ files: [file], format: "json", catalog: root, base: "HEAD", allow: ["policy-change"] }, allowed.out);
    expect((JSON.parse(allowed.stdout()) as { trips: { condition: string }[] }).trips.map((t) => t.condition)).not.toContain("large-change");
  });
});

describe("plan files are untrusted", () => {
  it.each(["prod-ca<!--x.json", "Prod.json", "-rf.json", "prod ca.json", ".json"])(
    "refuses a plan file named %j (its name becomes the stack in the comment)",
    async (name) => {
      const dir = await mkdtemp(path.join(tmpdir(), "idac-plans-"));
      const file = path.join(dir, name);
      await writeFile(file, await readFile(path.join(GATE, "ok-ca-new-report-only.json"), "utf8"));
      const run = captureOutput();
      expect(await runPlanSummary({ files: [file], format: "md", catalog: await repo() }, run.out)).toBe(2);
      expect(run.stderr()).toContain("the file name must be <stack>.json with a stack name of lower-case letters, digits and hyphens");
      expect(run.stdout()).toBe("");
    },
  );
});

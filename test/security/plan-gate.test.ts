import { execFile } from "node:child_process";
import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runPlanGate, runPlanSummary } from "../../src/cli/commands/plan";
import { ALLOW_FLAGS, DEFAULT_GATE, gatePlans, type AllowFlag, type Trip } from "../../src/plan/gate";
import { PlanJson } from "../../src/plan/plan-json";
import { captureOutput } from "../helpers/catalog";
import { exampleWith } from "../guardrails/example-copy";

/**
 * The plan gate against the pull request author: each case is a crafted `terraform show -json` plan (azuread 3.7.0
 * attribute names and nesting) that weakens one control, or a benign look-alike that must pass. The index
 * (test/fixtures/plans/gate/cases.json) gives each case's exact trips: condition, address and a message fragment.
 */
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/idac.js");
const DIR = path.join(ROOT, "test/fixtures/plans/gate");

interface Expected {
  readonly condition: AllowFlag;
  readonly address: string | null;
  readonly message: string;
}
interface Case {
  readonly id: string;
  readonly title: string;
  readonly plans: readonly { file: string; stack: string }[];
  readonly expect: "passes" | readonly Expected[];
}
const index = JSON.parse(readFileSync(path.join(DIR, "cases.json"), "utf8")) as { breakGlass: { accounts: string[]; groups: string[] }; cases: Case[] };
const blocked = index.cases.filter((c): c is Case & { expect: readonly Expected[] } => c.expect !== "passes");
const passing = index.cases.filter((c) => c.expect === "passes");

const plansOf = (c: Case) => c.plans.map((p) => ({ stack: p.stack, plan: PlanJson.parse(JSON.parse(readFileSync(path.join(DIR, p.file), "utf8"))) }));
const gate = (c: Case, allow: readonly AllowFlag[] = []) => gatePlans(plansOf(c), { ...DEFAULT_GATE, allow, breakGlass: index.breakGlass });
const key = (t: { condition: string; address?: string | null }) => `${t.condition} ${t.address ?? "(stack)"}`;
const flagsOf = (c: { expect: readonly Expected[] }) => [...new Set(c.expect.map((e) => e.condition))];

describe("the plan gate corpus", () => {
  it("holds at least 40 weakening plans, one or more for every flag the gate decides, and at least 10 look-alikes", () => {
    expect(blocked.length).toBeGreaterThanOrEqual(40);
    expect(passing.length).toBeGreaterThanOrEqual(10);
    const covered = new Set(blocked.flatMap(flagsOf));
    // policy-change is decided by comparing the catalog's guardrail policy with the protected base, not from a plan.
    expect(ALLOW_FLAGS.filter((f) => f !== "policy-change" && !covered.has(f))).toEqual([]);
  });
});

describe("gatePlans on crafted plans", () => {
  it.each(blocked.map((c) => [c.id, c] as const))("blocks %s with exactly its trips, each saying what weakens", (_id, c) => {
    const trips = gate(c);
    expect(trips.map(key).sort()).toEqual(c.expect.map(key).sort());
    for (const e of c.expect) {
      const match = trips.find((t) => t.condition === e.condition && (t.address ?? null) === e.address && t.message.includes(e.message));
      expect(match, `${c.title}: no ${e.condition} trip saying ${JSON.stringify(e.message)} in\n${trips.map((t) => t.message).join("\n")}`).toBeDefined();
    }
    expect(trips.every((t) => !t.allowed && t.allowedBy === t.condition)).toBe(true);
  });

  it.each(blocked.map((c) => [c.id, c] as const))("lets %s through only with every flag it needs", (_id, c) => {
    const flags = flagsOf(c);
    expect(gate(c, flags).every((t) => t.allowed)).toBe(true);
    for (const missing of flags)
      expect(
        gate(
          c,
          flags.filter((f) => f !== missing),
        ).some((t) => !t.allowed),
        `without ${missing}`,
      ).toBe(true);
  });

  it.each(passing.map((c) => [c.id, c] as const))("passes the look-alike %s", (_id, c) => {
    expect(gate(c).map((t: Trip) => t.message)).toEqual([]);
  });
});

/** Copies a case's plans into a folder as `<stack>.json`, as the pipeline names them. */
async function planFiles(c: Case): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), `idac-gate-${c.id}-`));
  return Promise.all(
    c.plans.map(async (p) => {
      const file = path.join(dir, `${p.stack}.json`);
      await copyFile(path.join(DIR, p.file), file);
      return file;
    }),
  );
}

describe("idac plan-gate on crafted plans (break-glass IDs from the catalog's prod environment)", () => {
  it.each(index.cases.map((c) => [c.id, c] as const))("exits 1 for %s unless its flags are given, and 0 for a look-alike", async (_id, c) => {
    const files = await planFiles(c);
    const run = captureOutput();
    const code = await runPlanGate({ files, format: "json", catalog: ROOT }, run.out);
    const result = JSON.parse(run.stdout()) as { passed: boolean; trips: Trip[] };
    if (c.expect === "passes") {
      expect(code, run.stderr()).toBe(0);
      expect(result.trips).toEqual([]);
      return;
    }
    expect(code).toBe(1);
    expect(result.trips.map(key).sort()).toEqual(c.expect.map(key).sort());
    expect(run.stderr()).toMatch(
      new RegExp(`BLOCKED ${c.expect[0]!.condition} .*Allow with --allow ${c.expect[0]!.condition} \\(pull request label allow-${c.expect[0]!.condition}\\)`),
    );
    expect(await runPlanGate({ files, format: "md", catalog: ROOT, allow: flagsOf({ expect: c.expect }) }, captureOutput().out)).toBe(0);
  });
});

describe("gate limits on the command line", () => {
  const large = index.cases.find((c) => c.id === "large-change")!;

  it.each(["abc", "-1", "1.5", "1e3", "", " 5", "NaN", "Infinity", "0x1A", "25abc"])(
    "fails when --max-changes is %j: exit 2 before any plan is read, never a switched-off limit",
    async (value) => {
      const run = captureOutput();
      expect(await runPlanGate({ files: await planFiles(large), format: "md", catalog: ROOT, maxChanges: value }, run.out)).toBe(2);
      expect(run.stderr()).toMatch(/--max-changes must be a non-negative whole number/);
      const summary = captureOutput();
      expect(await runPlanSummary({ files: await planFiles(large), format: "md", catalog: ROOT, maxDeletes: value }, summary.out)).toBe(2);
      expect(summary.stderr()).toMatch(/--max-deletes must be a non-negative whole number/);
    },
  );

  it("fails when a limit given to the command is a number that is not a whole non-negative one", async () => {
    for (const maxMembershipRemovals of [Number.NaN, -3, 2.5, Number.POSITIVE_INFINITY]) {
      const run = captureOutput();
      expect(await runPlanGate({ files: await planFiles(large), format: "md", catalog: ROOT, maxMembershipRemovals }, run.out)).toBe(2);
      expect(run.stderr()).toMatch(/--max-membership-removals must be a non-negative whole number/);
    }
  });

  it("fails when the command line says --max-changes abc (which once switched the limit off): exit 2 from the binary", async () => {
    const failed = await promisify(execFile)(process.execPath, [
      BIN,
      "plan-gate",
      ...(await planFiles(large)),
      "--catalog",
      ROOT,
      "--max-changes",
      "abc",
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toMatch(/--max-changes must be a non-negative whole number \(a count of resources per stack\), not "abc"/);
  });

  it("reads whole numbers given as text, and only ever lowers the policy's limit", async () => {
    const files = await planFiles(large);
    const roomy = await exampleWith([]);
    await writeFile(path.join(roomy, "policies/guardrails.yaml"), "guardrails:\n  planGate: { maxChanges: 30 }\n");
    expect(await runPlanGate({ files, format: "md", catalog: roomy }, captureOutput().out)).toBe(0);
    expect(await runPlanGate({ files, format: "md", catalog: roomy, maxChanges: "26" }, captureOutput().out)).toBe(0);
    expect(await runPlanGate({ files, format: "md", catalog: roomy, maxChanges: "25" }, captureOutput().out)).toBe(1);
    const above = captureOutput();
    expect(await runPlanGate({ files, format: "md", catalog: ROOT, maxChanges: "26" }, above.out)).toBe(1);
    expect(above.stderr()).toContain("--max-changes 26 is above the policy's limit of 25; the policy's limit applies");
  });
});

describe("idac plan-summary", () => {
  it("lists every trip with its condition, stack, message and the flag and label that allow it", async () => {
    const c = index.cases.find((x) => x.id === "pim-activation-weakened")!;
    const run = captureOutput();
    expect(await runPlanSummary({ files: await planFiles(c), format: "md", catalog: ROOT }, run.out)).toBe(0);
    expect(run.stdout()).toContain(
      "| ⛔ weaken-pim | prod-privileged-access | Weakens PIM activation policy of " +
        "privileged role 'global-admin' (azuread\\_group\\_role\\_management\\_policy.pim\\_policy" +
        "\\_\\_global\\_admin): activation MFA true → false; activation approval true → false; " +
        "maximum activation PT1H → P1D (1 h → 24 h). | `--allow weaken-pim` (label " +
        "`allow-weaken-pim`) |",
    );
  });
});

import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPlanGate, runPlanSummary } from "../../src/cli/commands/plan";
import { plannedMoves } from "../../src/plan/checks/moves";
import { DEFAULT_GATE, gatePlans } from "../../src/plan/gate";
import { PlanJson } from "../../src/plan/plan-json";
import { summarizePlans } from "../../src/plan/summary";
import { captureOutput } from "../helpers/catalog";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/plans");
const files = (folder: string) => ["prod-groups", "prod-groups-1"].map((s) => path.join(FIXTURES, folder, `${s}.json`));

async function plans(folder: string): Promise<{ stack: string; plan: PlanJson }[]> {
  return Promise.all(files(folder).map(async (f) => ({ stack: path.basename(f, ".json"), plan: PlanJson.parse(JSON.parse(await readFile(f, "utf8"))) })));
}

describe("a group moved between stacks", () => {
  it("is recognised as a move when one stack forgets it and another imports it under the same address", async () => {
    const p = await plans("moves");
    expect(plannedMoves(p)).toEqual([{ address: "azuread_group.group__fin_ap_team", type: "azuread_group", from: "prod-groups", to: "prod-groups-1" }]);
    expect(gatePlans(p, DEFAULT_GATE)).toEqual([]);
    const summary = summarizePlans(p);
    expect(summary.changes).toEqual([]);
    expect(summary.counts).toEqual({ create: 0, update: 0, delete: 0, replace: 0 });
  });

  it("is summarised as a move, not a forget", async () => {
    const md = captureOutput();
    expect(await runPlanSummary({ files: files("moves"), format: "md", catalog: ROOT }, md.out)).toBe(0);
    expect(md.stdout()).toMatch(/### Moved between stacks \(1\)/);
    expect(md.stdout()).toMatch(/`azuread_group\.group__fin_ap_team`: prod-groups → prod-groups-1/);
    expect(md.stdout()).not.toMatch(/forget/);
    expect(await runPlanGate({ files: files("moves"), format: "md", catalog: ROOT }, captureOutput().out)).toBe(0);
  });

  it("is not a move when the stack that forgets it is the only one that has it (a retired entry)", async () => {
    const [groups] = await plans("moves");
    expect(plannedMoves([groups!])).toEqual([]);
  });
});

describe("fails when a group", () => {
  it("is deleted in one stack and created with the same display name in another (a replace, not a move)", async () => {
    const trips = gatePlans(await plans("moves-replace"), DEFAULT_GATE);
    const replace = trips.filter((t) => t.condition === "replace");
    expect(replace).toHaveLength(1);
    expect(replace[0]).toMatchObject({ stack: "prod-groups", address: "azuread_group.group__fin_ap_team", allowed: false });
    expect(replace[0]!.message).toMatch(/deleted in stack prod-groups and created again as azuread_group\.group__fin_ap_team in stack prod-groups-1/);
    expect(replace[0]!.message).toMatch(/--base/);
    const gate = captureOutput();
    expect(await runPlanGate({ files: files("moves-replace"), format: "md", catalog: ROOT }, gate.out)).toBe(1);
    expect(gate.stderr()).toMatch(/BLOCKED replace \[prod-groups\]/);
  });

  it("is forgotten in one stack and created (not imported) in another with the same mail nickname", async () => {
    const [groups, shard] = await plans("moves");
    const forgotten = groups!;
    const created = structuredClone(shard!);
    const rc = created.plan.resource_changes[0]!;
    rc.change = { actions: ["create"], before: null, after: { display_name: "Renamed", mail_nickname: "fin-ap-team" }, after_unknown: { id: true } };
    const trips = gatePlans([forgotten, created], DEFAULT_GATE).filter((t) => t.condition === "replace");
    expect(trips).toHaveLength(1);
    expect(trips[0]!.message).toMatch(/forgotten in stack prod-groups .* \(same mail nickname 'fin-ap-team'\)/);
  });
});

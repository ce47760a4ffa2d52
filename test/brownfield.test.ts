import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanupReport, type CleanupItem } from "../src/brownfield/cleanup";
import { readGraphExport } from "../src/brownfield/graph";
import { runCleanup } from "../src/cli/commands/cleanup";
import { captureOutput } from "./helpers/catalog";

const ROOT = path.resolve(__dirname, "..");
const MESSY = path.join(ROOT, "test/fixtures/graph/messy");

describe("reading a Microsoft Graph export", () => {
  it("follows pages, takes annotations out, keeps @odata.type where it tells kinds apart, and accepts nulls", async () => {
    const data = await readGraphExport(MESSY);
    expect(data.groups.map((g) => g.displayName)).toEqual(["Finance AP", "Old Project Team", "Payroll Admins", "Empty Group", "Forgotten Group", "All staff"]);
    // A policy's own type says nothing the collection does not; a principal's says whether it is a user or a group.
    expect(Object.hasOwn(data.conditionalAccessPolicies[0]!, "@odata.type")).toBe(false);
    expect(data.roleAssignments[0]!.principal?.["@odata.type"]).toBe("#microsoft.graph.user");
  });

  it("fails on a bad export naming the file and JSON path", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-graph-"));
    await writeFile(path.join(dir, "groups.json"), JSON.stringify({ value: [{ id: "g1", displayName: "ok" }, { id: "g2" }] }));
    const cap = captureOutput();
    expect(await runCleanup({ from: dir, catalog: ROOT, format: "md" }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/groups\.json: \$\.value\[1\]\.displayName: /);
  });
});

describe("npx idac report cleanup", () => {
  it("lists each seeded problem of a messy export exactly once, with the guardrail rule", async () => {
    const cap = captureOutput();
    expect(await runCleanup({ from: MESSY, catalog: ROOT, format: "json" }, cap.out)).toBe(0);
    const items = JSON.parse(cap.stdout()) as CleanupItem[];
    expect(items.map((i) => [i.problem, i.rule ?? "", i.object]).sort()).toEqual(
      [
        ["direct-privileged-assignment", "IDAC-PRIV-001", "mallory@contoso.org"],
        ["permanent-active-assignment", "IDAC-PRIV-001", "d4444444-4444-4444-8444-444444444444"],
        ["group-without-owners", "IDAC-GOV-006", "Old Project Team"],
        ["group-with-one-owner", "IDAC-GOV-006", "Payroll Admins"],
        ["empty-group", "", "Empty Group"],
        ["unreferenced-group", "", "Forgotten Group"],
        ["package-without-expiry", "IDAC-GOV-002", "Vendor access"],
        ["package-without-review", "IDAC-GOV-003", "Travel"],
        ["policy-without-break-glass-exclusion", "IDAC-CA-011", "CA001 Require MFA"],
        ["policy-references-deleted-object", "", "CA002 Old project block"],
      ].sort(),
    );
  });

  it("does not report break-glass accounts' standing Global Administrator assignment", async () => {
    const items = cleanupReport(await readGraphExport(MESSY), { accounts: ["3c8e1a5d-7b2f-4e96-a0c3-9d5f1b7e2a34"], groups: [] });
    expect(items.filter((i) => i.problem === "direct-privileged-assignment").map((i) => i.object)).toEqual(["mallory@contoso.org"]);
  });
});

import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runImpact } from "../../src/cli/commands/impact";
import { runAccess, runJml } from "../../src/cli/commands/people";
import { runSod } from "../../src/cli/commands/sod";
import { environmentView } from "../../src/model/environment";
import type { Catalog } from "../../src/model/model";
import { join, leave, move, personAccess, pseudonym, readPeopleCsv, snapshotConflicts, type PeopleSnapshot } from "../../src/people";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { captureOutput, writeCatalog } from "../helpers/catalog";

const SNAPSHOT = "people/synthetic-hr-snapshot.csv";
const TODAY = "2026-12-01";
let catalog: Catalog;
let snapshot: PeopleSnapshot;

beforeAll(async () => {
  catalog = (await loadCatalog(".")).catalog!;
  const read = readPeopleCsv(SNAPSHOT, await readFile(SNAPSHOT, "utf8"), catalog.people);
  expect(read.issues).toEqual([]);
  snapshot = read.snapshot!;
});

const person = (upn: string) => snapshot.byUpn.get(upn)!;

describe("the example organisation's synthetic HR snapshot", () => {
  it("holds a few hundred fictional people across HQ and the field offices", () => {
    expect(snapshot.people.length).toBe(294);
    expect(new Set(snapshot.people.map((p) => p.hr.officeLocation))).toEqual(new Set(["Geneva HQ", "Nairobi", "Amman", "Cox's Bazar", "Bogotá"]));
    expect(snapshot.people.every((p) => p.upn.endsWith("@meridian.org"))).toBe(true);
  });

  it("names the lifecycle workflows a join, a move and a leave start, and only those", () => {
    const view = environmentView(catalog, "prod");
    const moved = move(view, person("maria.santos@meridian.org"), { department: "Programmes" }, TODAY);
    expect(moved.workflows.map((w) => [w.id, w.because])).toEqual([["mover-department", ["department"]]]);
    // A new job title alone is not a change the mover workflow listens to.
    expect(move(view, person("maria.santos@meridian.org"), { jobTitle: "Senior Accountant" }, TODAY).workflows).toEqual([]);
    const left = leave(view, person("grace.wanjiru@meridian.org"), TODAY);
    expect(left.workflows.map((w) => w.id)).toEqual(["leaver-cleanup", "leaver-personnel"]);
    expect(left.workflows.find((w) => w.id === "leaver-personnel")!.tasks[0]).toBe("disableUserAccount");
    const joined = join(view, person("maria.santos@meridian.org"), TODAY);
    expect(joined.workflows.map((w) => w.id)).toEqual(["joiner-staff"]);
    // A consultant is not in the joiner workflow's scope (staff members only).
    expect(join(view, person("adaeze.bauer@meridian.org"), TODAY).workflows).toEqual([]);
  });

  it("moves Maria Santos from Finance to Programmes: birthright follows at once, the payment approver role stays until 2027-03-31", () => {
    const r = move(environmentView(catalog, "prod"), person("maria.santos@meridian.org"), { department: "Programmes", jobTitle: "Programme Officer" }, TODAY);
    const by = (s: string) => r.entitlements.filter((e) => e.status === s).map((e) => e.entitlement);
    expect(by("gained")).toEqual(["appRole:pms/data-entry", "group:prg-monitoring-data", "group:prg-staff-all", "role:prg-officer"]);
    expect(by("lost")).toEqual([
      "appRole:erp/budget-viewer",
      "appRole:erp/gl-accountant",
      "group:fin-budget-readers",
      "group:fin-general-ledger",
      "group:fin-staff-all",
      "role:fin-gl-accountant",
      "role:fin-staff",
    ]);
    expect(r.entitlements.find((e) => e.entitlement === "role:fin-gl-accountant")!.because).toEqual([
      'user.department -eq "Finance"',
      'user.jobTitle -startsWith "Accountant"',
    ]);
    expect(r.residue.map((x) => [x.source.kind, x.source.id, x.ends, x.requestableNow, x.entitlements])).toEqual([
      ["request", "fin-payment-approver", "2027-03-31", false, ["appRole:erp/payment-approver", "group:fin-treasury", "role:fin-payment-approver"]],
    ]);
    expect(r.sod).toEqual([]);
  });

  it("lets Brian Ochieng's access drop at once but for what Entra keeps: his request, direct membership and eligibility", () => {
    const brian = person("brian.ochieng@meridian.org");
    expect(brian.accountEnabled).toBe(false);
    const access = personAccess(catalog, brian);
    expect(access.grants.map((g) => `${g.source.kind} ${g.source.id}`).filter((v, i, a) => a.indexOf(v) === i)).toEqual([
      "request field-security-focal-point",
      "direct staff-collaboration",
      "eligible helpdesk-east-africa",
    ]);
  });

  it("lists what a leaver owns or approves for", () => {
    const r = leave(environmentView(catalog, "prod"), person("grace.wanjiru@meridian.org"), TODAY);
    expect(r.entitlements.filter((e) => e.status === "lost").every((e) => e.because.includes("user.accountEnabled -eq true"))).toBe(true);
    expect(r.responsibilities).toContainEqual({ what: "business role", id: "hr-payroll-officer", as: "approver" });
    expect(r.responsibilities.length).toBe(19);
  });

  it("finds exactly one person holding both sides of an SoD rule: Paolo Ricci, vendor master data and payment approval", () => {
    expect(snapshotConflicts(catalog, snapshot).map((c) => [c.rule, c.upn, c.sets])).toEqual([
      ["sod-vendor-master-vs-payment", "paolo.ricci@meridian.org", ["Vendor master data", "Payment approval"]],
    ]);
  });
});

describe("the commands on the example", () => {
  it("fails when the UPN is not in the snapshot, suggesting the closest", async () => {
    const c = captureOutput();
    expect(await runAccess({ catalog: ".", upn: "maria.santo@meridian.org", people: SNAPSHOT, format: "human" }, c.out)).toBe(2);
    expect(c.stderr()).toContain("Did you mean 'maria.santos@meridian.org'?");
  });

  it("shows what a joiner gets at once and nothing they could not have", async () => {
    const c = captureOutput();
    expect(
      await runJml(
        {
          catalog: ".",
          kind: "join",
          upn: "new.accountant@meridian.org",
          set: ["department=Finance", "jobTitle=Accountant", "employeeType=Staff"],
          people: SNAPSHOT,
          format: "json",
          today: TODAY,
        },
        c.out,
      ),
    ).toBe(0);
    const r = JSON.parse(c.stdout());
    expect(
      r.entitlements
        .filter((e: { entitlement: string }) => e.entitlement.startsWith("role:"))
        .map((e: { entitlement: string; status: string }) => `${e.status} ${e.entitlement}`),
    ).toEqual(["gained role:base-personnel", "gained role:fin-gl-accountant", "gained role:fin-staff", "gained role:staff-member"]);
    expect(r.residue).toEqual([]);
  });

  it("fails when a joiner is already in the snapshot", async () => {
    const c = captureOutput();
    expect(
      await runJml(
        { catalog: ".", kind: "join", upn: "maria.santos@meridian.org", set: ["department=Finance"], people: SNAPSHOT, format: "human", today: TODAY },
        c.out,
      ),
    ).toBe(2);
    expect(c.stderr()).toContain("already in the HR snapshot");
  });

  it("fails when --set names no HR attribute, suggesting the closest", async () => {
    const c = captureOutput();
    expect(
      await runJml(
        { catalog: ".", kind: "move", upn: "maria.santos@meridian.org", set: ["departmnt=Programmes"], people: SNAPSHOT, format: "human", today: TODAY },
        c.out,
      ),
    ).toBe(2);
    expect(c.stderr()).toContain("Did you mean 'department'?");
  });

  it("fails when the snapshot has bad rows, with file:row:column and nothing on stdout", async () => {
    const root = await writeCatalog({ "bad.csv": "upn,accountEnabled\nana@x.org,perhaps\n" });
    const c = captureOutput();
    expect(await runAccess({ catalog: ".", upn: "ana@x.org", people: path.join(root, "bad.csv"), format: "human" }, c.out)).toBe(2);
    expect(c.stderr()).toContain("bad.csv:2:2: error PEOPLE_INVALID_VALUE");
    expect(c.stdout()).toBe("");
  });

  it("escapes HR values before they reach a terminal", async () => {
    const root = await writeCatalog({ "hr.csv": 'upn,displayName,department\nana@x.org,"Ana\u001b[31m",Finance\n' });
    const c = captureOutput();
    expect(await runAccess({ catalog: ".", upn: "ana@x.org", people: path.join(root, "hr.csv"), format: "human" }, c.out)).toBe(0);
    expect(c.stdout()).not.toContain("\u001b");
  });

  it("sod --people lists the conflict next to the reachability matrix with the same rule ID", async () => {
    const c = captureOutput();
    expect(await runSod({ catalog: ".", format: "md", people: SNAPSHOT }, c.out)).toBe(0);
    expect(c.stdout()).toContain(
      "| sod-vendor-master-vs-payment | paolo.ricci@meridian.org | Vendor master data: requested role fin-vendor-master since 2025-12-01 until 2026-12-01 |",
    );
  });
});

describe("impact of a dynamic rule change", () => {
  it("gives the exact people who gain and lose membership, by UPN or pseudonym", async () => {
    const root = await writeCatalog({
      "roles/r.yaml": `groups:
  - id: treasury
    displayName: Treasury
    description: Treasury team
    owners: [ann.owner@example.org, bob.owner@example.org]
    membership: { type: dynamic, when: { department: Finance, jobTitle: { startsWith: Treasury } } }
`,
      "hr.csv":
        "upn,department,jobTitle\nana@x.org,Finance,Treasury Analyst\nbo@x.org,Treasury,Analyst\ncy@x.org,treasury,Clerk\ndi@x.org,Finance,Accountant\n",
    });
    const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("-c", "user.name=Base", "-c", "user.email=base@example.org", "commit", "-qm", "base");
    const file = path.join(root, "roles/r.yaml");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(file, (await readFile(file, "utf8")).replace("{ department: Finance, jobTitle: { startsWith: Treasury } }", "{ department: Treasury }"));
    const c = captureOutput();
    expect(await runImpact({ catalog: root, base: "HEAD", people: path.join(root, "hr.csv"), format: "json" }, c.out)).toBe(0);
    expect(JSON.parse(c.stdout())).toEqual({
      base: "HEAD",
      peopleAffected: 3,
      items: [{ kind: "group", id: "treasury", effects: { "gains membership": ["bo@x.org", "cy@x.org"], "loses membership": ["ana@x.org"] } }],
    });
    const p = captureOutput();
    process.env.IDAC_PSEUDONYM_KEY = "test-key";
    try {
      expect(await runImpact({ catalog: root, base: "HEAD", people: path.join(root, "hr.csv"), format: "md", pseudonymise: true }, p.out)).toBe(0);
    } finally {
      delete process.env.IDAC_PSEUDONYM_KEY;
    }
    expect(p.stdout()).not.toMatch(/@x\.org/);
    expect(p.stdout()).toContain(pseudonym("bo@x.org", "test-key"));
  });

  it("reads the snapshot with the base's column mapping: a pull request cannot remap columns to hide its effect in people", async () => {
    const root = await writeCatalog({
      "roles/r.yaml": `groups:
  - id: finance
    displayName: Finance
    description: Finance team
    owners: [ann.owner@example.org, bob.owner@example.org]
    membership: { type: dynamic, when: { department: Finance } }
`,
      "policies/people.yaml": "people:\n  columns: { department: Dept }\n  ignoreColumns: [Spare]\n",
      "hr.csv": "upn,Dept,Spare\nana@x.org,Finance,\nbo@x.org,Treasury,\n",
    });
    const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("-c", "user.name=Base", "-c", "user.email=base@example.org", "commit", "-qm", "base");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(
      path.join(root, "roles/r.yaml"),
      (await readFile(path.join(root, "roles/r.yaml"), "utf8")).replace("department: Finance", "department: Treasury"),
    );
    await writeFile(path.join(root, "policies/people.yaml"), "people:\n  columns: { department: Spare }\n  ignoreColumns: [Dept]\n");
    const c = captureOutput();
    expect(await runImpact({ catalog: root, base: "HEAD", people: path.join(root, "hr.csv"), format: "json" }, c.out)).toBe(0);
    expect(JSON.parse(c.stdout()).peopleAffected).toBe(2);
  });
});

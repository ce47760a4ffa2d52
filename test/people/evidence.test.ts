import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runReport } from "../../src/cli/commands/report";
import { readPeopleCsv } from "../../src/people";
import { leaversTable, peopleAccessTable } from "../../src/reports/audit/people";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { captureOutput } from "../helpers/catalog";

const SNAPSHOT = "people/synthetic-hr-snapshot.csv";

describe("person-level evidence", () => {
  it("lists leavers who still hold access that does not end with the account, with its end date", async () => {
    const catalog = (await loadCatalog(".")).catalog!;
    const snapshot = readPeopleCsv(SNAPSHOT, await readFile(SNAPSHOT, "utf8"), catalog.people).snapshot!;
    expect(leaversTable(catalog, snapshot, "2026-12-01").rows.map((r) => [r.person, r["still holds"], r.until])).toEqual([
      ["brian.ochieng@meridian.org", "requested role field-security-focal-point since 2026-02-01 until 2027-01-31", "2027-01-31"],
      ["brian.ochieng@meridian.org", "direct member of staff-collaboration", ""],
      ["brian.ochieng@meridian.org", "eligible in PIM for helpdesk-east-africa", ""],
    ]);
    const extract = peopleAccessTable(catalog, snapshot);
    expect(extract.rows.filter((r) => r.person === "paolo.ricci@meridian.org" && r.entitlement === "role:fin-vendor-master")).toEqual([
      {
        person: "paolo.ricci@meridian.org",
        name: "Paolo Ricci",
        department: "Finance",
        account: "enabled",
        entitlement: "role:fin-vendor-master",
        "how obtained": "requested role fin-vendor-master since 2025-12-01 until 2026-12-01",
        since: "2025-12-01",
        until: "2026-12-01",
      },
    ]);
  });

  it("opens the HTML evidence pack with scope, commit, counts and open findings with control IDs, and ends with a sign-off block", async () => {
    const c = captureOutput();
    expect(await runReport({ catalog: ".", kind: "all", format: "html", people: SNAPSHOT, today: "2026-12-01" }, c.out)).toBe(0);
    const html = c.stdout();
    const summary = html.slice(html.indexOf('<section id="summary">'), html.indexOf("</section>", html.indexOf('<section id="summary">')));
    expect(summary).toContain("Scope: environments dev, prod; 294 people of the HR snapshot people/synthetic-hr-snapshot.csv");
    expect(summary).toContain("Access per person: ");
    expect(summary).toContain("Leavers with residual access: 3 row(s)");
    expect(summary).toMatch(/open finding|No open finding/);
    expect(html.indexOf('<section id="sign-off">')).toBeGreaterThan(html.indexOf('<section id="leavers-residual-access">'));
  });

  it("fails when a person-level report is asked for without a snapshot", async () => {
    const c = captureOutput();
    const saved = process.env.IDAC_PEOPLE;
    delete process.env.IDAC_PEOPLE;
    try {
      expect(await runReport({ catalog: ".", kind: "people-access", format: "csv" }, c.out)).toBe(2);
    } finally {
      if (saved !== undefined) process.env.IDAC_PEOPLE = saved;
    }
    expect(c.stderr()).toContain("needs an HR snapshot");
  });
});

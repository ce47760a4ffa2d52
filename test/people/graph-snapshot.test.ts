import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportTenant, LEAVE_DATES_PERMISSION, USER_PROPERTIES } from "../../src/brownfield/export";
import { readGraphExport } from "../../src/brownfield/graph";
import { runExport } from "../../src/cli/commands/export";
import { runAccess, runJml } from "../../src/cli/commands/people";
import { runReport } from "../../src/cli/commands/report";
import { readPeopleGraph } from "../../src/people";
import { captureOutput } from "../helpers/catalog";

/** A users page written as Graph returns it (v1.0 and beta objects), saved as UTF-16LE with a byte order mark. */
const EXPORT = path.resolve(__dirname, "../fixtures/people/graph-export");
const USERS_FILE = path.join(EXPORT, "users/page-1.json");
const TODAY = "2026-12-01";

describe("an HR snapshot read from a Graph export's users", () => {
  it("maps Graph's user properties to the person fields the CSV has, nested ones included", async () => {
    const { snapshot, issues } = readPeopleGraph(EXPORT, (await readGraphExport(EXPORT)).users);
    expect(issues).toEqual([]);
    const maria = snapshot!.byUpn.get("maria.santos@meridian.org")!;
    expect(maria.hr).toEqual({
      employeeType: "Staff",
      department: "Finance",
      costCenter: "MRD-FIN",
      jobTitle: "Accountant",
      country: "CH",
      usageLocation: "CH",
      officeLocation: "Geneva HQ",
      city: "Geneva",
      employeeId: "100139",
      extensionAttribute7: "payroll-eu",
    });
    expect(maria.employeeHireDate).toBe("2019-02-01T00:00:00Z");
    expect(maria.employeeLeaveDateTime).toBeUndefined();
    const nadia = snapshot!.byUpn.get("nadia.karimi@meridian.org")!;
    expect(nadia.hr.division).toBe("Headquarters");
    expect(nadia.hr.companyName).toBe("Meridian Relief Organisation");
    expect(nadia.employeeLeaveDateTime).toBe("2026-06-30T23:59:59Z");
    expect(snapshot!.byUpn.get("brian.ochieng@meridian.org")!.accountEnabled).toBe(false);
  });

  it("reports every bad user at once, by position and UPN, and returns no snapshot", () => {
    const { snapshot, issues } = readPeopleGraph("export", [
      { id: "1", userPrincipalName: "ana@x.org" },
      { id: "2", userPrincipalName: "not-a-upn", department: 42 },
      { id: "3", userPrincipalName: "bo@x.org", userType: "Partner", employeeLeaveDateTime: "soon", employeeOrgData: "Finance" },
      { id: "4", userPrincipalName: "ANA@x.org" },
    ]);
    expect(snapshot).toBeUndefined();
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["PEOPLE_INVALID_VALUE", "users[1].userPrincipalName"],
      ["PEOPLE_INVALID_VALUE", "users[1].department"],
      ["PEOPLE_INVALID_VALUE", "users[2].userType"],
      ["PEOPLE_INVALID_VALUE", "users[2].employeeLeaveDateTime"],
      ["PEOPLE_INVALID_VALUE", "users[2].employeeOrgData"],
      ["PEOPLE_DUPLICATE_PERSON", "users[3].userPrincipalName"],
    ]);
    expect(issues[1]!.message).toContain("department is a JSON number");
    expect(issues[2]!.message).toContain("users[2] (bo@x.org): userType 'Partner'");
    expect(issues.every((i) => i.file === "export")).toBe(true);
  });

  it("serves idac access, jml leave and the leavers report from the export folder and from the users file", async () => {
    for (const people of [EXPORT, USERS_FILE]) {
      const access = captureOutput();
      expect(await runAccess({ catalog: ".", upn: "maria.santos@meridian.org", people, format: "json" }, access.out)).toBe(0);
      expect(access.stdout()).toContain("role:fin-gl-accountant");
      const leave = captureOutput();
      expect(await runJml({ catalog: ".", kind: "leave", upn: "nadia.karimi@meridian.org", set: [], people, format: "json", today: TODAY }, leave.out)).toBe(0);
      expect(JSON.parse(leave.stdout()).responsibilities.length).toBeGreaterThan(0);
      const report = captureOutput();
      expect(await runReport({ catalog: ".", kind: "leavers-residual-access", format: "json", people, today: TODAY }, report.out)).toBe(0);
      const rows = (JSON.parse(report.stdout()) as { reports: { rows: Record<string, string>[] }[] }).reports[0]!.rows;
      // Nadia left on 2026-06-30 but her account is still enabled: the catalog still lists her in legal-contracts.
      expect(rows.filter((r) => r.person === "nadia.karimi@meridian.org").map((r) => [r.leaver, r["still holds"]])).toEqual([
        ["left on 2026-06-30", "member of legal-contracts listed in the catalog"],
      ]);
      expect(rows.some((r) => r.person === "maria.santos@meridian.org")).toBe(false);
    }
  });

  it("refuses a users file that holds something else, naming the problem (exit 2)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "idac-people-graph-"));
    const file = path.join(dir, "users.json");
    await writeFile(file, JSON.stringify({ value: [{ "@odata.type": "#microsoft.graph.group", id: "g1", displayName: "Finance" }] }));
    const c = captureOutput();
    expect(await runAccess({ catalog: ".", upn: "ana@x.org", people: file, format: "human" }, c.out)).toBe(2);
    expect(c.stderr()).toContain("is #microsoft.graph.group, not a user");
  });
});

/** A Graph stand-in on loopback that, like Graph, refuses employeeLeaveDateTime to a token without its permission. */
let server: Server;
let base: string;
const userRequests: URL[] = [];

beforeAll(async () => {
  const page = await readFile(USERS_FILE);
  const users = JSON.parse(new TextDecoder("utf-16le").decode(page.subarray(2))) as { value: Record<string, unknown>[] };
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", base);
    const send = (body: unknown, status = 200) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/v1.0/users") {
      userRequests.push(url);
      const select = (url.searchParams.get("$select") ?? "").split(",");
      const canReadLeaveDates = req.headers.authorization === "Bearer lifecycle";
      if (select.includes("employeeLeaveDateTime") && !canReadLeaveDates)
        return send({ error: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." } }, 403);
      return send({ value: users.value.map((u) => Object.fromEntries(Object.entries(u).filter(([k]) => select.includes(k)))) });
    }
    // Every other collection is empty; the authentication methods policy is one object, not a page.
    return send(url.pathname === "/v1.0/policies/authenticationMethodsPolicy" ? { id: "authenticationMethodsPolicy" } : { value: [] });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("idac export of the users' HR properties", () => {
  it("selects the HR properties but not employeeLeaveDateTime by default, so a token without its permission still exports", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "idac-export-"));
    await exportTenant({ out, baseUrl: `${base}/v1.0`, getToken: async () => "plain", conditionalAccessIntervalMs: 0, sleep: async () => {} });
    const select = userRequests.at(-1)!.searchParams.get("$select")!.split(",");
    expect(select).toEqual([...USER_PROPERTIES]);
    expect(select).toEqual(expect.arrayContaining(["employeeOrgData", "onPremisesExtensionAttributes", "employeeHireDate", "department", "userType"]));
    const { snapshot } = readPeopleGraph(out, (await readGraphExport(out)).users);
    expect(snapshot!.byUpn.get("maria.santos@meridian.org")!.hr.costCenter).toBe("MRD-FIN");
    expect(snapshot!.byUpn.get("nadia.karimi@meridian.org")!.employeeLeaveDateTime).toBeUndefined();
  });

  it("selects employeeLeaveDateTime with --leave-dates, and names the permission when Graph refuses it", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "idac-export-"));
    await exportTenant({
      out,
      baseUrl: `${base}/v1.0`,
      getToken: async () => "lifecycle",
      leaveDates: true,
      conditionalAccessIntervalMs: 0,
      sleep: async () => {},
    });
    expect(userRequests.at(-1)!.searchParams.get("$select")!.split(",")).toContain("employeeLeaveDateTime");
    const { snapshot } = readPeopleGraph(out, (await readGraphExport(out)).users);
    expect(snapshot!.byUpn.get("nadia.karimi@meridian.org")!.employeeLeaveDateTime).toBe("2026-06-30T23:59:59Z");

    const c = captureOutput();
    expect(await runExport({ out: await mkdtemp(path.join(tmpdir(), "idac-export-")), baseUrl: `${base}/v1.0`, token: "plain", leaveDates: true }, c.out)).toBe(
      2,
    );
    expect(c.stderr()).toContain(`HTTP 403`);
    expect(c.stderr()).toContain(LEAVE_DATES_PERMISSION);
  });
});

import { describe, expect, it } from "vitest";
import { checkSnapshotReferences, readPeopleCsv } from "../../src/people";
import { loadCatalog } from "../../src/resolve/load-catalog";

const HEADER = "upn,displayName,department,accountEnabled,userType,employeeHireDate,assignedRoles";

describe("reading an HR snapshot", () => {
  it("reads people with their HR values, account state and held access", () => {
    const { snapshot, issues } = readPeopleCsv(
      "hr.csv",
      `${HEADER}\nana@x.org,Ana,Finance,true,Member,2020-01-01,fin-payment-approver since 2026-01-01 until 2027-01-01\nbo@x.org,,,false,guest,,\n`,
    );
    expect(issues).toEqual([]);
    expect(snapshot!.people.map((p) => [p.upn, p.displayName, p.hr, p.accountEnabled, p.userType])).toEqual([
      ["ana@x.org", "Ana", { department: "Finance" }, true, "Member"],
      ["bo@x.org", "bo@x.org", {}, false, "Guest"],
    ]);
    expect(snapshot!.people[0]!.assignedRoles).toEqual([{ id: "fin-payment-approver", since: "2026-01-01", until: "2027-01-01" }]);
    expect(snapshot!.byUpn.get("ANA@X.ORG".toLowerCase())?.source).toEqual({ file: "hr.csv", row: 2 });
  });

  it("reads columns as the catalog maps them", () => {
    const { snapshot, issues } = readPeopleCsv("hr.csv", "Email,Dept,Notes\nana@x.org,Finance,likes tea\n", {
      columns: { upn: "Email", department: "Dept" },
      ignoreColumns: ["notes"],
    });
    expect(issues).toEqual([]);
    expect(snapshot!.people[0]!.hr).toEqual({ department: "Finance" });
  });

  it("fails when rows are bad, reporting every problem at once with file:row:column", () => {
    const text =
      `${HEADER}\nnot-an-upn,A,Finance,maybe,Member,2020-01-01,\nbo@x.org,B,HR,` + `true,Robot,01/02/2020,fin-x until tomorrow\nbo@x.org,B,HR,true,Member,,\n`;
    const { snapshot, issues } = readPeopleCsv("hr.csv", text);
    expect(snapshot).toBeUndefined();
    expect(issues.map((i) => `${i.file}:${i.line}:${i.col} ${i.code} ${i.message}`)).toEqual([
      "hr.csv:2:1 PEOPLE_INVALID_VALUE 'not-an-upn' is not a user principal name.",
      "hr.csv:2:4 PEOPLE_INVALID_VALUE accountEnabled 'maybe' is not true or false.",
      "hr.csv:3:5 PEOPLE_INVALID_VALUE userType 'Robot' is neither Member nor Guest.",
      "hr.csv:3:6 PEOPLE_INVALID_VALUE employeeHireDate '01/02/2020' is not a date.",
      "hr.csv:3:7 PEOPLE_INVALID_VALUE 'fin-x until tomorrow' in assignedRoles is not a catalog ID with optional since/until dates.",
    ]);
  });

  it("fails when a person appears twice", () => {
    const { issues } = readPeopleCsv("hr.csv", "upn\nana@x.org\nANA@x.org\n");
    expect(issues.map((i) => [i.line, i.code, i.message])).toEqual([
      [3, "PEOPLE_DUPLICATE_PERSON", "ANA@x.org appears twice in the HR snapshot (rows 2 and 3)."],
    ]);
  });

  it("fails when a column is unknown, suggesting the field it was meant to be", () => {
    const { issues } = readPeopleCsv("hr.csv", "upn,departmnet,constructor\nana@x.org,Finance,x\n");
    expect(issues.map((i) => [i.line, i.col, i.code, i.message])).toEqual([
      [1, 2, "PEOPLE_UNKNOWN_COLUMN", "The HR snapshot's column 'departmnet' is not a field idac reads. Did you mean 'department'?"],
      [1, 3, "PEOPLE_UNKNOWN_COLUMN", "The HR snapshot's column 'constructor' is not a field idac reads."],
    ]);
  });

  it("fails when no column holds the user principal name", () => {
    const { issues } = readPeopleCsv("hr.csv", "department\nFinance\n");
    expect(issues.map((i) => i.code)).toEqual(["PEOPLE_MISSING_COLUMN"]);
  });

  it("fails when held access names nothing in the catalog, with the closest ID", async () => {
    const { catalog } = await loadCatalog(".");
    const { snapshot } = readPeopleCsv("hr.csv", "upn,assignedRoles,eligibleRoles\nana@x.org,fin-payment-aprover,global-admin\n");
    expect(checkSnapshotReferences(snapshot!, catalog!).map((i) => `${i.line}:${i.col} ${i.message}`)).toEqual([
      "2:2 assignedRoles of ana@x.org names 'fin-payment-aprover', which is no requestable business role of the catalog. Did you mean 'fin-payment-approver'?",
    ]);
  });
});

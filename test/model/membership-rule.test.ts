import { describe, expect, it } from "vitest";
import { compileMembershipRule } from "../../src/model/membership-rule";

describe("compileMembershipRule", () => {
  it.each([
    [{}, '(user.accountEnabled -eq true)'],
    [{ department: "Finance" }, '(user.accountEnabled -eq true) -and (user.department -eq "Finance")'],
    [{ department: ["Finance", "Legal"] }, '(user.accountEnabled -eq true) -and (user.department -in ["Finance","Legal"])'],
    [{ department: ["Finance"] }, '(user.accountEnabled -eq true) -and (user.department -eq "Finance")'],
    [{ jobTitle: { startsWith: "Head of" } }, '(user.accountEnabled -eq true) -and (user.jobTitle -startsWith "Head of")'],
    [{ employeeType: { notEquals: "Intern" } }, '(user.accountEnabled -eq true) -and (user.employeeType -ne "Intern")'],
    [{ country: { notIn: ["KE", "JO"] } }, '(user.accountEnabled -eq true) -and (user.country -notIn ["JO","KE"])'],
    [{ jobTitle: { notStartsWith: "Temp" } }, '(user.accountEnabled -eq true) -and (user.jobTitle -notStartsWith "Temp")'],
    [{ officeLocation: "Nairobi" }, '(user.accountEnabled -eq true) -and (user.physicalDeliveryOfficeName -eq "Nairobi")'],
    [{ division: "Operations" }, '(user.accountEnabled -eq true) -and (user.employeeOrgData.division -eq "Operations")'],
    [{ extensionAttribute7: "X" }, '(user.accountEnabled -eq true) -and (user.extensionAttribute7 -eq "X")'],
  ])("compiles %j", (conditions, rule) => {
    expect(compileMembershipRule(conditions)).toBe(rule);
  });

  it("orders clauses by attribute, not by how the YAML was written", () => {
    expect(compileMembershipRule({ jobTitle: "Clerk", department: "Finance", employeeType: "Staff" })).toBe(
      compileMembershipRule({ employeeType: "Staff", department: "Finance", jobTitle: "Clerk" }),
    );
    expect(compileMembershipRule({ jobTitle: "Clerk", department: "Finance" })).toBe(
      '(user.accountEnabled -eq true) -and (user.department -eq "Finance") -and (user.jobTitle -eq "Clerk")',
    );
  });

  it("keeps rule keywords and parentheses inside HR values as plain text", () => {
    expect(compileMembershipRule({ department: 'R&D) -or (user.userType -eq Guest' })).toBe(
      '(user.accountEnabled -eq true) -and (user.department -eq "R&D) -or (user.userType -eq Guest")',
    );
  });

  it("fails when a value could close its string literal", () => {
    expect(() => compileMembershipRule({ department: 'Finance" -or user.userType -eq "Guest' })).toThrow(/quote/);
    expect(() => compileMembershipRule({ department: "a`b" })).toThrow();
    expect(() => compileMembershipRule({ department: "a\nb" })).toThrow();
  });
});

import { describe, expect, it } from "vitest";
import { compileMembershipRule, parseMembershipRule, ruleReach } from "../../src/model/membership-rule";

describe("compileMembershipRule", () => {
  it.each([
    [{}, "(user.accountEnabled -eq true)"],
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
    expect(compileMembershipRule({ department: "R&D) -or (user.userType -eq Guest" })).toBe(
      '(user.accountEnabled -eq true) -and (user.department -eq "R&D) -or (user.userType -eq Guest")',
    );
  });

  it("fails when a value could close its string literal", () => {
    expect(() => compileMembershipRule({ department: 'Finance" -or user.userType -eq "Guest' })).toThrow(/quote/);
    expect(() => compileMembershipRule({ department: "a`b" })).toThrow();
    expect(() => compileMembershipRule({ department: "a\nb" })).toThrow();
  });

  it("reads back only rules that are HR conditions, saying why not otherwise", () => {
    expect(parseMembershipRule('(user.department -eq "Finance") -and (user.jobTitle -startsWith "Clerk")')).toEqual({
      conditions: { department: "Finance", jobTitle: { startsWith: "Clerk" } },
      requiresEnabledAccount: false,
    });
    expect(parseMembershipRule('user.country -in ["KE","JO"] -and user.accountEnabled -eq true')).toEqual({
      conditions: { country: ["JO", "KE"] },
      requiresEnabledAccount: true,
    });
    const why = (rule: string) => (parseMembershipRule(rule) as { error: string }).error;
    expect(why('(user.department -eq "Sales") -or (user.department -eq "HR")')).toMatch(/-and/);
    expect(why('user.department -contains "Sales"')).toMatch(/-contains has no HR condition/);
    expect(why('user.mail -eq "a@b.org"')).toMatch(/'user.mail' is not an HR attribute/);
    expect(why('(user.city -eq "Rome") -and (user.city -eq "Oslo")')).toMatch(/tested twice/);
    expect(why("user.objectId -ne null")).toMatch(/HR attribute/);
    expect(why("(user.accountEnabled -eq true)")).toMatch(/no HR attribute/);
  });
});

describe("ruleReach", () => {
  it.each([
    ["user.objectId -ne null", "everyone"],
    ["(user.accountEnabled -eq true)", "everyone"],
    ['(user.department -eq "Finance") -or (user.userPrincipalName -ne null)', "everyone"],
    ['(user.accountEnabled -eq true) -and (user.userType -eq "Member")', "everyone"],
    ['(user.accountEnabled -eq true) -and (user.department -notIn ["Finance"])', "everyone"],
    ["-not (user.objectId -eq null)", "everyone"],
    ["user.department -notIn []", "everyone"],
    ["user.objectId -eq null", "nobody"],
    ['(user.accountEnabled -eq false) -and (user.department -eq "Finance")', "nobody"],
    ['(user.accountEnabled -eq true) -and (user.userType -eq "Robot") -and (user.country -eq "KE")', "nobody"],
    ['(user.accountEnabled -eq true) -and (user.userType -eq "Guest") -and (user.department -eq "Finance")', "nobody"],
    ["user.department -in []", "nobody"],
  ])("says %s matches %s", (rule, reach) => {
    expect(ruleReach(rule)?.reach).toBe(reach);
  });

  it.each([
    '(user.accountEnabled -eq true) -and (user.department -eq "Finance")',
    '(user.department -eq "Sales") -or (user.department -eq "HR")',
    'user.assignedPlans -any (assignedPlan.servicePlanId -eq "efb87545-963c-4e0d-99df-69c6916d9eb0" -and assignedPlan.capabilityStatus -eq "Enabled")',
    '(user.objectId -ne null) -and (user.mail -contains "@meridian.org")',
    'Direct Reports for "62e19b97-8b3d-4d4a-a106-4ce66896a863"',
    "user.department -eq (",
  ])("leaves %s undecided (it depends on the people, or cannot be read)", (rule) => {
    expect(ruleReach(rule)).toBeUndefined();
  });
});

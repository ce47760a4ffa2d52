import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchesHr } from "../../src/analysis/hr-match";
import { compileMembershipRule, normalizeMatcher, parseMembershipRule } from "../../src/model/membership-rule";
import { subjectOf } from "../../src/people/person";
import { clauseOutcomes, parseRule, ruleMatches, RuleSyntaxError } from "../../src/people/rule";
import type { HrConditions, HrMatcher } from "../../src/schema/hr-conditions";

const finance = subjectOf({ department: "Finance", jobTitle: "Accountant II", country: "CH" }, "Member", true, "ana@example.org");

describe("dynamic membership rules as Entra evaluates them", () => {
  it.each([
    ['user.department -eq "finance"', true],
    ['user.department -eq "FINANCE"', true],
    ['user.department -ne "Finance"', false],
    ['user.jobTitle -startsWith "accountant"', true],
    ['user.jobTitle -notStartsWith "Accountant"', false],
    ['user.jobTitle -contains "TANT I"', true],
    ['user.jobTitle -notContains "clerk"', true],
    ['user.country -in ["ch","DE"]', true],
    ['user.country -notIn ["CH"]', false],
    ["user.country -in []", false],
    ["user.country -notIn []", true],
    ['user.jobTitle -match "^account.*ii$"', true],
    ['user.jobTitle -match "ledger"', false],
    ['user.jobTitle -notMatch "ledger"', true],
    ["user.accountEnabled -eq true", true],
    ['user.accountEnabled -eq "true"', true],
    ["user.accountEnabled -eq false", false],
    ['user.userType -eq "member"', true],
    ["user.city -eq null", true],
    ["user.city -ne null", false],
    ["user.department -eq null", false],
    ['user.city -eq "Geneva"', false],
    ['user.city -ne "Geneva"', true],
    ['user.city -startsWith "G"', false],
    ['user.city -notStartsWith "G"', true],
    ['user.city -in ["Geneva"]', false],
    ['user.city -notIn ["Geneva"]', true],
    ['user.city -match ".*"', false],
    ['user.department -eq "Finance" -or user.department -eq "HR" -and user.country -eq "KE"', true],
    ['(user.department -eq "Finance" -or user.department -eq "HR") -and user.country -eq "KE"', false],
    ['-not user.department -eq "HR" -and user.country -eq "CH"', true],
    ['-not (user.department -eq "Finance" -or user.country -eq "KE")', false],
    ['user.DEPARTMENT -EQ "Finance" -AND user.country -IN ["CH"]', true],
  ] as const)("%s is %s for a Finance accountant in Geneva with no city", (rule, expected) => {
    expect(ruleMatches(rule, finance)).toBe(expected);
  });

  it("treats an empty HR value as no value", () => {
    const s = subjectOf({ department: "" }, "Member", true);
    expect(ruleMatches("user.department -eq null", s)).toBe(true);
  });

  it.each([
    ['user.department -eq "Finance" -and', 35],
    ['user.department -equals "Finance"', 17],
    ['user.department -in "Finance"', 21],
    ['(user.department -eq "Finance"', 31],
    ['user.department -match "("', 24],
    ["", 1],
  ])("fails when the rule cannot be read: %s (at character %i)", (rule, at) => {
    try {
      parseRule(rule);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleSyntaxError);
      expect((e as RuleSyntaxError).at).toBe(at);
    }
  });

  it("names each clause with whether it holds", () => {
    expect(clauseOutcomes(parseRule('(user.accountEnabled -eq true) -and (user.department -eq "HR")'), finance)).toEqual([
      { text: "user.accountEnabled -eq true", holds: true },
      { text: 'user.department -eq "HR"', holds: false },
    ]);
  });

  it("gives personas the meaning Entra gives a rule: values compare without case", () => {
    expect(matchesHr({ department: "Finance" }, { department: "FINANCE" }, "Member")).toBe(true);
    expect(matchesHr({ department: { notIn: ["Finance"] } }, { department: "finance" }, "Member")).toBe(false);
  });
});

// ── Property: the evaluator agrees with a reference reading of the HR conditions the rule was compiled from ──

const ATTRIBUTES = ["department", "jobTitle", "country", "employeeType", "userType"] as const;
const VALUES = ["Finance", "finance", "Fin", "HR", "Treasury", "Member", "Guest", "Staff", "staff", "CH", "KE", "Accountant", "Acc"];
const value = fc.constantFrom(...VALUES);
const matcher: fc.Arbitrary<HrMatcher> = fc.oneof(
  value,
  fc.array(value, { minLength: 1, maxLength: 3 }),
  value.map((v) => ({ equals: v })),
  fc.array(value, { minLength: 1, maxLength: 3 }).map((v) => ({ in: v })),
  value.map((v) => ({ startsWith: v })),
  value.map((v) => ({ notEquals: v })),
  fc.array(value, { minLength: 1, maxLength: 3 }).map((v) => ({ notIn: v })),
  value.map((v) => ({ notStartsWith: v })),
);
const conditions: fc.Arbitrary<HrConditions> = fc.dictionary(fc.constantFrom(...ATTRIBUTES), matcher, { minKeys: 1, maxKeys: 4 });
const person = fc.record({
  hr: fc.dictionary(fc.constantFrom(...ATTRIBUTES.filter((a) => a !== "userType")), fc.oneof(value, fc.constant("")), { maxKeys: 4 }),
  userType: fc.constantFrom("Member" as const, "Guest" as const),
  accountEnabled: fc.boolean(),
});

/** The documented meaning, written independently of the rule text: all conditions, case-insensitive, an enabled account. */
function reference(c: HrConditions, p: { hr: Record<string, string>; userType: string; accountEnabled: boolean }): boolean {
  if (!p.accountEnabled) return false;
  return Object.entries(c).every(([attribute, m]) => {
    const raw = attribute === "userType" ? p.userType : p.hr[attribute];
    const v = raw ? raw.toLowerCase() : undefined;
    const n = normalizeMatcher(m!);
    const values = n.values.map((x) => x.toLowerCase());
    if (n.op === "in") return v !== undefined && values.includes(v);
    if (n.op === "startsWith") return v !== undefined && values.some((x) => v.startsWith(x));
    if (n.op === "notIn") return v === undefined || !values.includes(v);
    return v === undefined || !values.some((x) => v.startsWith(x));
  });
}

describe("the evaluator against the compiled rule (property)", () => {
  it("agrees with a reference evaluation of the conditions the rule was compiled from", () => {
    fc.assert(
      fc.property(conditions, person, (c, p) => {
        expect(ruleMatches(compileMembershipRule(c), subjectOf(p.hr, p.userType, p.accountEnabled))).toBe(reference(c, p));
      }),
      { numRuns: 2000 },
    );
  });

  it("evaluates a rule the same before and after it round-trips through import", () => {
    fc.assert(
      fc.property(conditions, person, (c, p) => {
        const rule = compileMembershipRule(c);
        const read = parseMembershipRule(rule);
        if ("error" in read) throw new Error(read.error);
        const subject = subjectOf(p.hr, p.userType, p.accountEnabled);
        expect(ruleMatches(compileMembershipRule(read.conditions), subject)).toBe(ruleMatches(rule, subject));
      }),
      { numRuns: 2000 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileMembershipRule, ENABLED_ACCOUNT_CLAUSE, parseMembershipRule } from "../../src/model/membership-rule";
import { HR_ATTRIBUTES, HrConditions, HrValue } from "../../src/schema/hr-conditions";

/** Pieces an attacker (or a careless HR export) would put into an HR field to change a rule's logic. */
const HOSTILE = [
  '"',
  "`",
  "(",
  ")",
  " -or ",
  " -and ",
  " -not ",
  "user.userType -eq Guest",
  "\n",
  "\r",
  "\t",
  "\\",
  "'",
  "[",
  "]",
  ",",
  "\u2028",
  "\u200b",
  "\u202e",
  "-eq",
  "true",
  "*",
];
const hostileValue = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ minLength: 1, maxLength: 6 })), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(""));
const matcher = fc.oneof(
  hostileValue,
  fc.array(hostileValue, { minLength: 1, maxLength: 4 }),
  hostileValue.map((v) => ({ startsWith: v })),
  hostileValue.map((v) => ({ notEquals: v })),
  fc.array(hostileValue, { minLength: 1, maxLength: 3 }).map((v) => ({ notIn: v })),
);
const attributes = Object.keys(HR_ATTRIBUTES);
const conditions = fc.dictionary(fc.constantFrom(...attributes), matcher, { maxKeys: 5 });

/** The rule with every string literal replaced by a placeholder: what remains is its logic. */
function skeleton(rule: string): string {
  return rule.replace(/"[^"]*"/g, "V");
}

describe("dynamic membership rules", () => {
  it("cannot have their logic changed by an HR value: hostile values are refused or stay inside their literal", () => {
    fc.assert(
      fc.property(conditions, (when) => {
        const parsed = HrConditions.safeParse(when);
        if (!parsed.success) {
          // Refused values are exactly those that carry a quote, backtick, control or invisible character, or are empty.
          const values = Object.values(when).flatMap((m) => (typeof m === "string" ? [m] : Array.isArray(m) ? m : Object.values(m).flat()));
          expect(values.some((v) => !HrValue.safeParse(v).success)).toBe(true);
          return;
        }
        const rule = compileMembershipRule(parsed.data);
        const clauses = Object.keys(parsed.data).length;
        // Logic: the enabled-account clause and one clause per attribute, all joined by -and.
        const logic = skeleton(rule);
        expect(logic.startsWith(ENABLED_ACCOUNT_CLAUSE)).toBe(true);
        expect(logic.split(" -and ").length).toBe(clauses + 1);
        expect(logic).not.toMatch(/-or|-not\b|\n/);
        for (const clause of logic.split(" -and ").slice(1)) {
          expect(clause).toMatch(/^\(user\.[A-Za-z.0-9]+ -(eq|ne|startsWith|notStartsWith) V\)$|^\(user\.[A-Za-z.0-9]+ -(in|notIn) \[V(,V)*\]\)$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("read back by idac import, give the HR conditions they were compiled from (the same rule again)", () => {
    fc.assert(
      fc.property(conditions, (when) => {
        const parsed = HrConditions.safeParse(when);
        if (!parsed.success || !Object.keys(parsed.data).length) return;
        const rule = compileMembershipRule(parsed.data);
        const back = parseMembershipRule(rule);
        if ("error" in back) throw new Error(`${rule}: ${back.error}`);
        expect(back.requiresEnabledAccount).toBe(true);
        expect(compileMembershipRule(back.conditions)).toBe(rule);
      }),
      { numRuns: 500 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hrSubject, HrConditionsIndex, matchesHrSubject } from "../../src/analysis/hr-match";
import type { HrConditions, HrMatcher } from "../../src/schema/hr-conditions";

/** Few attributes and values, in mixed case, so that conditions and people meet often. */
const ATTRIBUTES = ["department", "employeeType", "country", "jobTitle"] as const;
const VALUES = ["Finance", "finance", "FINANCE", "Staff", "Contractor", "CH", "ke", "Head of Audit"] as const;

const arbitraryValue = fc.constantFrom(...VALUES);
const arbitraryMatcher: fc.Arbitrary<HrMatcher> = fc.oneof(
  arbitraryValue,
  fc.array(arbitraryValue, { minLength: 1, maxLength: 3 }),
  arbitraryValue.map((v) => ({ equals: v })),
  fc.array(arbitraryValue, { minLength: 1, maxLength: 3 }).map((v) => ({ in: v })),
  arbitraryValue.map((v) => ({ startsWith: v.slice(0, 3) })),
  arbitraryValue.map((v) => ({ notEquals: v })),
  fc.array(arbitraryValue, { minLength: 1, maxLength: 3 }).map((v) => ({ notIn: v })),
);
const arbitraryConditions: fc.Arbitrary<HrConditions> = fc.record(
  {
    userType: fc.constantFrom("Member", "Guest", "guest"),
    department: arbitraryMatcher,
    employeeType: arbitraryMatcher,
    country: arbitraryMatcher,
    jobTitle: arbitraryMatcher,
  },
  { requiredKeys: [] },
);
/** A person's HR values; an attribute may be missing or empty. */
const arbitraryPerson = fc.record({
  hr: fc.record(Object.fromEntries(ATTRIBUTES.map((a) => [a, fc.constantFrom(...VALUES, "")])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>,
  userType: fc.constantFrom("Member" as const, "Guest" as const),
});

describe("HR conditions index", () => {
  it("finds exactly the conditions each person matches, in the order they were given", () => {
    fc.assert(
      fc.property(fc.array(arbitraryConditions, { maxLength: 30 }), fc.array(arbitraryPerson, { minLength: 1, maxLength: 5 }), (conditions, people) => {
        const index = new HrConditionsIndex(conditions.map((when, item) => ({ item, when })));
        for (const { hr, userType } of people) {
          const subject = hrSubject(hr, userType);
          expect(index.matching(subject)).toEqual(conditions.flatMap((when, i) => (matchesHrSubject(when, subject) ? [i] : [])));
        }
      }),
      { numRuns: 300, seed: 20_261_203 },
    );
  });
});

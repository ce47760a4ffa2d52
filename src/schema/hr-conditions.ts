import { z } from "zod";
import { findUnsafeCharacter } from "../escape";

/**
 * HR attributes a dynamic membership condition may test, mapped to Entra's dynamic membership rule property.
 * The order here is the order conditions appear in the compiled rule (never the YAML order).
 * @see https://learn.microsoft.com/entra/identity/users/groups-dynamic-membership
 */
export const HR_ATTRIBUTES = {
  userType: "user.userType",
  employeeType: "user.employeeType",
  companyName: "user.companyName",
  department: "user.department",
  division: "user.employeeOrgData.division",
  costCenter: "user.employeeOrgData.costCenter",
  jobTitle: "user.jobTitle",
  country: "user.country",
  usageLocation: "user.usageLocation",
  officeLocation: "user.physicalDeliveryOfficeName",
  city: "user.city",
  state: "user.state",
  employeeId: "user.employeeId",
  ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`extensionAttribute${i + 1}`, `user.extensionAttribute${i + 1}`])),
} as Record<string, string>;

export type HrAttribute = keyof typeof HR_ATTRIBUTES;

/**
 * A value compared with an HR attribute. Quotes, backticks and control characters are refused, so a value
 * can never end the quoted string in the compiled rule and change its logic.
 */
export const HrValue = z
  .string()
  .min(1, { error: "HR values cannot be empty" })
  .max(256, { error: "HR values are at most 256 characters" })
  .refine((s) => !/["`\u0000-\u001f\u007f\u2028\u2029]/.test(s), {
    error: "HR values cannot contain double quotes, backticks or control characters (they would change the membership rule)",
  })
  .refine((s) => findUnsafeCharacter(s) === undefined, {
    error: "HR values cannot contain invisible characters (zero-width spaces, direction overrides): the rule would silently match nobody",
  });

const HrValueList = z.array(HrValue).min(1, { error: "a list of values needs at least one value" }).max(50);

/** One matcher object: exactly one operator. */
const HrOperator = z
  .strictObject({
    equals: HrValue.optional(),
    in: HrValueList.optional(),
    startsWith: HrValue.optional(),
    notEquals: HrValue.optional(),
    notIn: HrValueList.optional(),
    notStartsWith: HrValue.optional(),
  })
  .refine((o) => Object.values(o).filter((v) => v !== undefined).length === 1, {
    error: "use exactly one of equals, in, startsWith, notEquals, notIn, notStartsWith",
  });

/** A value (equals), a list (in), or an operator object. */
export const HrMatcher = z
  .union([HrValue, HrValueList, HrOperator])
  .describe("A value (equals), a list of values (any of them), or one of {equals, in, startsWith, notEquals, notIn, notStartsWith}.");

export type HrMatcher = z.infer<typeof HrMatcher>;

/**
 * HR conditions, all of which must hold (AND). An enabled account is always required in addition, so leavers
 * (disabled accounts) drop out of every dynamic group at once.
 */
export const HrConditions = z
  .strictObject(Object.fromEntries(Object.keys(HR_ATTRIBUTES).map((k) => [k, HrMatcher.optional()])) as Record<string, z.ZodOptional<typeof HrMatcher>>)
  .describe("HR attribute conditions (AND). Attributes: " + Object.keys(HR_ATTRIBUTES).join(", "));

export type HrConditions = Partial<Record<string, HrMatcher>>;

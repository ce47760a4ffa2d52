import { z } from "zod";
import { HR_ATTRIBUTES } from "./hr-conditions";

/**
 * Fields of a person idac reads from an HR snapshot. A CSV whose headers already are these names (any case) needs
 * no mapping; `userPrincipalName`, `mail` and `email` are read as `upn` too.
 */
export const PERSON_FIELDS = [
  "upn",
  "displayName",
  "userType",
  "accountEnabled",
  "employeeHireDate",
  "employeeLeaveDateTime",
  ...Object.keys(HR_ATTRIBUTES).filter((a) => a !== "userType"),
  "assignedRoles",
  "eligibleRoles",
  "directGroups",
] as const;

/**
 * How the organisation's HR export is read: which column holds which field, and which columns idac ignores. The
 * snapshot itself is never part of the catalog: it is given by path (--people) or the IDAC_PEOPLE variable.
 */
export const PeopleConfig = z
  .strictObject({
    columns: z
      .partialRecord(z.enum(PERSON_FIELDS as unknown as [string, ...string[]]), z.string().trim().min(1).max(256))
      .default({})
      .describe(`Field → column header of the HR export, e.g. { upn: Email, department: Dept }. Fields: ${PERSON_FIELDS.join(", ")}.`),
    ignoreColumns: z
      .array(z.string().trim().min(1).max(256))
      .default([])
      .describe("Columns of the HR export idac does not read (any other unknown column is an error)."),
  })
  .describe("How HR snapshots are read (idac access, jml, impact, report people).");

export type PeopleConfigSpec = z.infer<typeof PeopleConfig>;

import type { Catalog } from "../../model/model";
import { personAccess, RESIDUAL_KINDS, type PeopleSnapshot, type Person } from "../../people";
import { obtained } from "../people";
import type { Table } from "./tables";

/** The person-level evidence tables, from an HR snapshot. */
export const PEOPLE_REPORT_KINDS = ["people-access", "leavers-residual-access"] as const;
export type PeopleReportKind = (typeof PEOPLE_REPORT_KINDS)[number];

/**
 * The access extract: one row per person and entitlement, how it is obtained, and since/until where known; for
 * recertification and audits that ask "who has what".
 */
export function peopleAccessTable(catalog: Catalog, snapshot: PeopleSnapshot): Table {
  const rows: Record<string, string>[] = [];
  for (const person of snapshot.people) {
    for (const g of personAccess(catalog, person).grants)
      rows.push({
        person: person.upn,
        name: person.displayName,
        department: person.hr.department ?? "",
        account: person.accountEnabled ? "enabled" : "disabled",
        entitlement: g.entitlement,
        "how obtained": obtained(g.source),
        since: g.source.since ?? "",
        until: g.source.until ?? "",
      });
  }
  return {
    kind: "people-access",
    title: "Access per person",
    description: `Every person of the HR snapshot (${snapshot.people.length} people) × every entitlement, with how it is obtained and since/until where known.`,
    columns: ["person", "name", "department", "account", "entitlement", "how obtained", "since", "until"],
    rows,
  };
}

/** Whether a person has left: their account is disabled, or their leave date is past. */
export function leaverReason(person: Person, today: string): string | undefined {
  if (!person.accountEnabled) return "account disabled";
  if (person.employeeLeaveDateTime && person.employeeLeaveDateTime.slice(0, 10) < today) return `left on ${person.employeeLeaveDateTime.slice(0, 10)}`;
  return undefined;
}

/**
 * Leavers with residual access: people whose account is disabled or whose leave date is past, who still hold a
 * request-based assignment, a direct or catalog-listed membership, or a PIM eligibility.
 */
export function leaversTable(catalog: Catalog, snapshot: PeopleSnapshot, today: string): Table {
  const rows: Record<string, string>[] = [];
  for (const person of snapshot.people) {
    const why = leaverReason(person, today);
    if (!why) continue;
    const seen = new Set<string>();
    for (const g of personAccess(catalog, person).grants) {
      if (!RESIDUAL_KINDS.has(g.source.kind) || seen.has(`${g.source.kind}|${g.source.id}`)) continue;
      seen.add(`${g.source.kind}|${g.source.id}`);
      rows.push({ person: person.upn, name: person.displayName, leaver: why, "still holds": obtained(g.source), until: g.source.until ?? "" });
    }
  }
  return {
    kind: "leavers-residual-access",
    title: "Leavers with residual access",
    description:
      `People of the HR snapshot who have left (account disabled or leave date ` + `before ${today}) and still hold access that does not end with the account.`,
    columns: ["person", "name", "leaver", "still holds", "until"],
    rows,
  };
}

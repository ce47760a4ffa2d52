import { HR_ATTRIBUTES } from "../schema/hr-conditions";
import type { RuleSubject, RuleValue } from "./rule";

/** Access a person holds now that does not follow from HR values: what Entra keeps until expiry or review. */
export interface HeldAccess {
  /** Business role (request-based, through its access package), privileged role (PIM eligibility) or group (direct member). */
  readonly id: string;
  /** When it ends (YYYY-MM-DD), when known. */
  readonly until?: string;
  /** When it started (YYYY-MM-DD), when known. */
  readonly since?: string;
}

/**
 * One person of an HR snapshot. Values are untrusted text: escape them for the medium they are written to.
 */
export interface Person {
  readonly upn: string;
  readonly displayName: string;
  readonly userType: "Member" | "Guest";
  readonly accountEnabled: boolean;
  /** HR attributes by catalog name (department, jobTitle, extensionAttribute1, …); empty values are absent. */
  readonly hr: Readonly<Record<string, string>>;
  readonly employeeHireDate?: string;
  readonly employeeLeaveDateTime?: string;
  /** Request-based business role assignments (access packages) the person holds now. */
  readonly assignedRoles: readonly HeldAccess[];
  /** Privileged roles (PIM for Groups) the person is eligible for now. */
  readonly eligibleRoles: readonly HeldAccess[];
  /** Assigned groups the person is a direct member of now. */
  readonly directGroups: readonly HeldAccess[];
  /** Where the person was read: snapshot file and 1-based row (the header is row 1). */
  readonly source: { readonly file: string; readonly row: number };
}

const subjects = new WeakMap<Person, RuleSubject>();

/** The values dynamic membership rules read of a person (lower-case property names). */
export function ruleSubject(person: Person): RuleSubject {
  let s = subjects.get(person);
  if (!s) subjects.set(person, (s = subjectOf(person.hr, person.userType, person.accountEnabled, person.upn)));
  return s;
}

/** Rule values from HR attributes: every HR attribute idac compiles, the user type, the account state and the UPN. */
export function subjectOf(hr: Readonly<Partial<Record<string, string>>>, userType: "Member" | "Guest", accountEnabled: boolean, upn?: string): RuleSubject {
  const m = new Map<string, RuleValue>();
  for (const [attribute, property] of Object.entries(HR_ATTRIBUTES)) {
    if (attribute === "userType") continue;
    const v = Object.hasOwn(hr, attribute) ? hr[attribute] : undefined;
    m.set(property.toLowerCase(), v === undefined || v === "" ? null : v);
  }
  m.set("user.usertype", userType);
  m.set("user.accountenabled", accountEnabled);
  if (upn !== undefined) m.set("user.userprincipalname", upn);
  return m;
}

/** A rule ID that is no longer in use. Its ID is never given to another rule. */
export interface RetiredRule {
  readonly id: string;
  /** The title the rule had. */
  readonly title: string;
  /** Why it was retired, and what covers its concern now. */
  readonly reason: string;
}

/** Rules that were retired; `docs/RULES.md` lists them and validate names them when a setting still does. */
export const RETIRED_RULES: readonly RetiredRule[] = [
  {
    id: "IDAC-CA-028",
    title: "Policies should reference only objects that exist",
    reason:
      "A catalog cannot express what it checked: validation refuses a conditional access " +
      "policy that names a group the catalog does not declare (CATALOG_UNKNOWN_REFERENCE), so " +
      "the rule never had a finding. Policies of an existing tenant that reference deleted " +
      "groups are listed by `idac report cleanup`.",
  },
  {
    id: "IDAC-GOV-008",
    title: "Access packages should grant only groups that exist",
    reason:
      "A catalog cannot express what it checked: validation refuses a business role that " +
      "grants a group the catalog does not declare (CATALOG_UNKNOWN_REFERENCE), so the rule " +
      "never had a finding.",
  },
];

export {
  mayRequest,
  personAccess,
  policiesFor,
  principalOfPerson,
  roleEntitlements,
  RESIDUAL_KINDS,
  type AccessSource,
  type EntitlementKey,
  type Grant,
  type PersonAccess,
  type SourceKind,
} from "./access";
export {
  join,
  leave,
  move,
  responsibilities,
  settableAttributes,
  withChanges,
  type EntitlementChange,
  type JmlResult,
  type Residue,
  type Responsibility,
  type SodChange,
} from "./jml";
export { ruleSubject, subjectOf, type HeldAccess, type Person } from "./person";
export { clauseOutcomes, evaluateRule, parseRule, ruleMatches, ruleTree, RuleSyntaxError, type RuleNode, type RuleSubject } from "./rule";
export { RuleIndex } from "./rule-index";
export { readPeopleGraph, type GraphUserObject } from "./graph-snapshot";
export { checkSnapshotReferences, MAX_PEOPLE, readPeopleCsv, type PeopleColumns, type PeopleSnapshot } from "./snapshot";
export { personConflicts, snapshotConflicts, type HeldEntitlement, type PersonConflict } from "./sod";
export { impactOf, pseudonym, type Impact, type ImpactEffect, type ItemImpact } from "./impact";
export { workflowsTriggered, type WorkflowRun } from "./workflows";

/**
 * idac's library surface (`import … from "idac"`): catalog loading and validation, the resolved model's types, the
 * guardrail rule API with every built-in rule, the analyses and the reports. Building Terraform is `idac/stacks`;
 * helpers for an organisation's own catalog tests are `idac/testing`. What this file does not export is internal.
 */
export { loadCatalog, fromFiles, type CatalogResult, type LoadOptions } from "./resolve/load-catalog";
export { hasErrors, sortIssues, formatPath, type CatalogIssue, type IssueCode, type SourceLocation } from "./errors/issue";
export type * from "./model/model";
export { environmentView, type EnvironmentView } from "./model/environment";
export { ALL_RULES, runGuardrails, failing, type GuardrailOptions, type GuardrailResult } from "./guardrails/engine";
export type { Finding, Level, Rule, RuleCheck, RuleContext, RuleMeta, Severity, Violation } from "./guardrails/types";
export { analyseSod, sodMatrix, type SodAnalysis, type SodConflict } from "./analysis/sod";
export {
  evaluate,
  type Decision,
  type Outcome,
  type PolicyResult,
  type Principal,
  type Requirement,
  type SignIn,
  type SignInNetwork,
} from "./analysis/conditional-access/evaluate";
export { resolvePersonas, type ResolvedPersona } from "./analysis/conditional-access/personas";
export { resolveApp, resolveLocation, type InputProblem } from "./analysis/conditional-access/sign-in-inputs";
export { coverageMatrix, CLIENTS, PLATFORMS, type Coverage, type CoverageCell, type Gap } from "./analysis/conditional-access/coverage";
export { coverageMarkdown, coverageCsv, coverageCsvChunks, coverageJson } from "./reports/coverage";
export { sodMatrixMarkdown, sodMatrixJson } from "./reports/sod-matrix";
export { rulesMarkdown, rulesJson } from "./reports/rules-doc";
export { findingsSarif, type SarifOptions } from "./reports/sarif";
export { REPORT_KINDS, buildTable, type ReportKind, type Table } from "./reports/audit/tables";
export { tableMarkdown, tableCsv, tablesJson, evidenceHtml, type ReportMeta } from "./reports/audit/render";
export { semanticDiff, changelog, type SemanticChange, type ChangelogEntry } from "./reports/audit/changes";
export { IDAC_VERSION } from "./package-files";

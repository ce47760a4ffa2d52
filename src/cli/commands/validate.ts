import { hasErrors, sortIssues } from "../../errors/issue";
import { failing, runGuardrails } from "../../guardrails/engine";
import type { Finding } from "../../guardrails/types";
import { planStacks } from "../../model/stacks";
import { loadCatalog } from "../../resolve/load-catalog";
import { EXIT, type ExitCode } from "../exit-codes";
import { formatFindingAnnotation, formatFindingHuman, processOutput, reportIssues, type Output, type OutputFormat } from "../render";

export interface ValidateOptions {
  /** Catalog root folder (holding environments/, roles/, policies/). */
  readonly catalog: string;
  readonly format: OutputFormat;
  /** Git revision to compare with for replacements and report-only history. @default no comparison */
  readonly base?: string;
  /** `base` is the command's default (HEAD): outside a repository, or before the first commit, it is skipped with a warning. @default false */
  readonly defaultBase?: boolean;
  /** The day guardrails run on (YYYY-MM-DD). @default today (UTC), or IDAC_TODAY */
  readonly today?: string;
}

/**
 * Loads and checks the catalog, then runs the guardrail packs in every environment. Every problem is reported at
 * once. Exit 0 when valid and no error-level finding remains, 1 for findings, 2 for an invalid catalog.
 */
export async function runValidate(options: ValidateOptions, out: Output = processOutput): Promise<ExitCode> {
  const loaded = await loadCatalog(options.catalog, options.base !== undefined ? { base: options.base, ...(options.defaultBase ? { defaultBase: true } : {}) } : {});
  const catalog = loaded.catalog;
  const today = options.today ?? process.env.IDAC_TODAY ?? new Date().toISOString().slice(0, 10);
  const guardrails = catalog && !hasErrors(loaded.issues) ? runGuardrails(catalog, { today, ...(loaded.base ? { base: loaded.base } : {}) }) : undefined;
  const issues = sortIssues([...loaded.issues, ...(guardrails?.issues ?? [])]);
  const valid = catalog !== undefined && !hasErrors(issues);
  const findings = valid ? (guardrails?.findings ?? []) : [];
  const failed = failing(findings);
  const summary = catalog
    ? {
        environments: catalog.environments.map((e) => e.id),
        counts: {
          groups: catalog.groups.length,
          businessRoles: catalog.businessRoles.length,
          accessPackages: catalog.businessRoles.filter((r) => r.spec.assignment?.type === "request").length,
          privilegedRoles: catalog.privilegedRoles.length,
          conditionalAccessPolicies: catalog.conditionalAccessPolicies.length,
          namedLocations: catalog.namedLocations.length,
          sodRules: catalog.sodRules.length,
        },
        stacks: catalog.environments.flatMap((e) => planStacks(catalog, e.id).map((s) => s.name)),
      }
    : {};
  reportIssues(out, issues, options.format, { valid, passed: valid && failed.length === 0, ...summary, findings }, annotationRoot(options.catalog));
  if (options.format === "human") reportFindings(out, findings);
  if (out.githubActions) for (const f of findings) out.stdout(formatFindingAnnotation(f, annotationRoot(options.catalog)) + "\n");
  if (options.format === "human" && valid && catalog) {
    const c = (summary as { counts: Record<string, number> }).counts;
    out.stderr(
      `Catalog is valid: ${catalog.environments.length} environment(s), ${c.groups} groups, ${c.businessRoles} business roles, ${c.accessPackages} access packages, ${c.privilegedRoles} privileged roles, ${c.conditionalAccessPolicies} conditional access policies.\n`,
    );
    const count = (level: string) => findings.filter((f) => f.level === level && !f.suppressed).length;
    out.stderr(`Guardrails: ${count("error")} error(s), ${count("warning")} warning(s), ${count("info")} info, ${findings.filter((f) => f.suppressed).length} suppressed.\n`);
  }
  if (!valid) return EXIT.invalidInput;
  return failed.length ? EXIT.findings : EXIT.ok;
}

function reportFindings(out: Output, findings: readonly Finding[]): void {
  const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
  for (const f of findings) out.stderr(formatFindingHuman(f, color) + "\n\n");
}

/** Annotations need paths relative to the repository root; the catalog may sit in a sub-folder. */
export function annotationRoot(catalog: string): string {
  const rel = catalog.startsWith("/") ? undefined : catalog.replace(/^\.\/?/, "");
  return rel ?? "";
}

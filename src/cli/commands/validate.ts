import { hasErrors, sortIssues, type CatalogIssue } from "../../errors/issue";
import { ALL_RULES, failing, runGuardrails } from "../../guardrails/engine";
import { checkPolicy } from "../../guardrails/policy-checks";
import type { Finding, Rule } from "../../guardrails/types";
import { resolveRevision } from "../../load/git";
import { loadOrganisationRules, loadOrganisationRulesAt, ruleFileChanges, type LoadedRules } from "../../load/rule-files";
import type { Catalog } from "../../model/model";
import { planStacks } from "../../model/stacks";
import { POLICY_INTENTS, policyOf, reviewPolicy, ruleCodeChange, type PolicyChange, type PolicyReview } from "../../policy";
import { loadCatalog, type CatalogResult } from "../../resolve/load-catalog";
import { jsonText, termText } from "../../escape";
import { replaceFile } from "../../output/replace-file";
import { findingsSarif } from "../../reports/sarif";
import { EXIT, type ExitCode } from "../exit-codes";
import { IDAC_VERSION } from "../version";
import {
  formatFindingAnnotation,
  formatFindingHuman,
  formatPolicyChangeAnnotation,
  formatPolicyChangeHuman,
  processOutput,
  reportIssues,
  type Output,
  type OutputFormat,
} from "../render";
import { runDate } from "../today";
import { enablePhaseTimings, phaseTimings, timed, timedAsync } from "../../profile/phases";

export interface ValidateOptions {
  /** Catalog root folder (holding environments/, roles/, policies/). */
  readonly catalog: string;
  /** `sarif` prints the findings as SARIF 2.1.0 on stdout (catalog problems stay human, on stderr). */
  readonly format: OutputFormat | "sarif";
  /**
   * Also write the findings as SARIF 2.1.0 to this file (for GitHub code scanning). Not written when the catalog is
   * invalid: an empty log would close every open alert. @default none
   */
  readonly sarif?: string;
  /**
   * The protected git revision to compare with: replacements, report-only history, and the guardrail policy (a
   * change of levels, suppressions, break-glass or limits is a policy change). @default no comparison
   */
  readonly base?: string;
  /** Intent given for policy changes (pull request labels `allow-policy-change`, `allow-break-glass`). */
  readonly allow?: readonly string[];
  /** `base` is the command's default (HEAD): outside a repository, or before the first commit, it is skipped with a warning. @default false */
  readonly defaultBase?: boolean;
  /** The day guardrails run on (YYYY-MM-DD). @default today (UTC), or IDAC_TODAY */
  readonly today?: string;
}

/**
 * Loads and checks the catalog, compares its guardrail policy with the base, then runs the guardrail packs in every
 * environment under the policy that applies. Every problem is reported at once. Exit 0 when valid and nothing
 * blocks, 1 for findings or a policy change without its intent, 2 for an invalid catalog or invalid options.
 */
export async function runValidate(options: ValidateOptions, out: Output = processOutput): Promise<ExitCode> {
  if (!process.env.IDAC_PROFILE) return validate(options, out);
  enablePhaseTimings();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const code = await validate(options, out);
  out.stderr(profileSummary(performance.now() - start, process.cpuUsage(cpu)));
  return code;
}

/** Per-phase timings for `IDAC_PROFILE=1 idac validate`: the phases in order, then the slowest guardrail rules. */
function profileSummary(totalMs: number, cpu: NodeJS.CpuUsage): string {
  const row = (name: string, wallMs: number, cpuMs: number) =>
    `  ${name.padEnd(34)} ${wallMs.toFixed(0).padStart(7)} ms wall ${cpuMs.toFixed(0).padStart(7)} ms cpu\n`;
  const phases = phaseTimings();
  const rules = phases.filter((p) => p.phase.startsWith("rule ")).sort((a, b) => b.cpuMs - a.cpuMs);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  return (
    `idac profile: validate ${totalMs.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms cpu, peak RSS ${peakMb.toFixed(0)} MB\n` +
    phases
      .filter((p) => !p.phase.startsWith("rule "))
      .map((p) => row(p.phase, p.wallMs, p.cpuMs))
      .join("") +
    rules
      .slice(0, 10)
      .map((p) => row(`  ${termText(p.phase)}`, p.wallMs, p.cpuMs))
      .join("")
  );
}

async function validate(options: ValidateOptions, out: Output): Promise<ExitCode> {
  const date = runDate(options.today);
  const unknown = (options.allow ?? []).filter((a) => !(POLICY_INTENTS as readonly string[]).includes(a));
  if ("error" in date || unknown.length) {
    out.stderr("error" in date ? `${date.error}\n` : `Unknown --allow value(s) for validate: ${unknown.join(", ")}. Known: ${POLICY_INTENTS.join(", ")}.\n`);
    return EXIT.invalidInput;
  }
  const loaded = await loadCatalog(
    options.catalog,
    options.base !== undefined ? { base: options.base, ...(options.defaultBase ? { defaultBase: true } : {}) } : {},
  );
  const catalog = loaded.catalog;
  const org = await timedAsync("organisation rules", () => organisationRulesFor(options.catalog, options.base, loaded, options.allow ?? []));
  const rules = [...ALL_RULES, ...org.rules];
  const review =
    catalog && !hasErrors(loaded.issues)
      ? timed("policy review", () => reviewPolicy(catalog, baseState(options.base, loaded), options.allow ?? [], rules, org.changes))
      : undefined;
  const run = catalog && review && !hasErrors(org.issues) ? timed("guardrails", () => guardrails(catalog, review, loaded, date.today, rules, org)) : undefined;
  const issues = sortIssues([...loaded.issues, ...org.issues, ...(run?.issues ?? [])]);
  const valid = catalog !== undefined && !hasErrors(issues);
  const findings = valid ? (run?.findings ?? []) : [];
  const changes = valid ? (review?.changes ?? []) : [];
  const blocked = valid ? (review?.blocked ?? []) : [];
  const failed = failing(findings);
  // The stacks are listed in JSON only (working them out is most of the summary's time for a large catalog).
  const summary = catalog ? timed("summary", () => summaryOf(catalog, options.format === "json")) : {};
  const extra = {
    valid,
    passed: valid && failed.length === 0 && blocked.length === 0,
    ...summary,
    policy: review?.source ?? "catalog",
    policyChanges: changes.map((c) => ({ ...c, allowed: !blocked.includes(c) })),
    findings,
  };
  const format = options.format === "sarif" ? "human" : options.format;
  if (format === "human") reportPolicyChanges(out, changes, blocked, options.base);
  reportIssues(out, issues, format, extra, annotationRoot(options.catalog));
  if (options.format === "human") reportFindings(out, findings);
  const sarif = valid ? jsonText(findingsSarif(findings, { rules, root: annotationRoot(options.catalog), toolVersion: IDAC_VERSION })) + "\n" : undefined;
  if (options.format === "sarif" && sarif) out.stdout(sarif);
  if (options.sarif !== undefined) {
    if (sarif) await replaceFile(options.sarif, sarif);
    else out.stderr(`--sarif: ${termText(options.sarif)} was not written: the catalog is invalid, and an empty log would close every open alert.\n`);
  }
  if (out.githubActions) {
    for (const c of changes) out.stdout(formatPolicyChangeAnnotation(c, !blocked.includes(c), annotationRoot(options.catalog)) + "\n");
    for (const f of findings) out.stdout(formatFindingAnnotation(f, annotationRoot(options.catalog)) + "\n");
  }
  if (format === "human" && valid && catalog) {
    const c = (summary as { counts: Record<string, number> }).counts;
    out.stderr(
      `Catalog is valid: ${catalog.environments.length} environment(s), ${c.groups} ` +
        `groups, ${c.businessRoles} business roles, ${c.accessPackages} access packages, ` +
        `${c.privilegedRoles} privileged roles, ${c.conditionalAccessPolicies} conditional access ` +
        `policies.\n`,
    );
    const count = (level: string) => findings.filter((f) => f.level === level && !f.suppressed).length;
    const policy = review?.source === "base" ? ` (policy of ${options.base}, the change of it is not allowed)` : "";
    out.stderr(
      `Guardrails${policy}: ${count("error")} error(s), ${count("warning")} warning(s), ` +
        `${count("info")} info, ${findings.filter((f) => f.suppressed).length} suppressed.\n`,
    );
    if (blocked.length) out.stderr(`Policy: ${blocked.length} change(s) of the guardrail policy need explicit intent.\n`);
    if (org.rules.length || org.changes.length) {
      const from =
        org.source === "catalog"
          ? "rules/ of the working tree"
          : org.changes.length
            ? `rules/ at ${options.base} (the change of rules/ is not allowed, so its code did not run)`
            : `rules/ at ${options.base} (unchanged)`;
      out.stderr(`Organisation rules: ${org.rules.length} from ${from}.\n`);
    }
  }
  if (!valid) return EXIT.invalidInput;
  return failed.length || blocked.length ? EXIT.findings : EXIT.ok;
}

/**
 * Runs the guardrails under the policy that applies. The catalog's own policy is always checked (its settings
 * must be valid even while the base's applies); its unused suppressions are reported only when it applies.
 */
function guardrails(
  catalog: Catalog,
  review: PolicyReview,
  loaded: CatalogResult,
  today: string,
  rules: readonly Rule[],
  org: OrganisationRulesRun,
): { findings: readonly Finding[]; issues: readonly CatalogIssue[] } {
  const result = runGuardrails(catalog, { today, rules, policy: review.effective, ...(loaded.base ? { base: loaded.base } : {}) });
  if (review.source === "catalog") return result;
  const own = checkPolicy(catalog, policyOf(catalog), rules, today).issues;
  // The pull request's settings may name a rule its own (not yet allowed) rule files add: that is not known yet.
  const pending = org.source === "base" && org.changes.length > 0;
  const issues = own.map((i) =>
    pending && i.code === "GUARDRAIL_UNKNOWN_RULE" && !/'IDAC-/.test(i.message)
      ? {
          ...i,
          severity: "warning" as const,
          hint: `${i.hint ?? ""} If this change adds the rule in rules/, it is known once the change of rules/ is allowed (--allow policy-change).`.trim(),
        }
      : i,
  );
  return { findings: result.findings, issues };
}

interface OrganisationRulesRun extends LoadedRules {
  /** The rules/ files the working tree adds, changes or removes against the base, as policy changes. */
  readonly changes: readonly PolicyChange[];
  /** Where the rules that run come from: the base revision's rules/, or the working tree's. */
  readonly source: "base" | "catalog";
}

/**
 * The organisation rules that run. Without a base (or outside a repository) they are the working tree's. With a base,
 * rule code is untrusted: the base's rules/ run, unless the working tree changes rules/ and that policy change is
 * allowed (`--allow policy-change`), in which case the pull request's own rules run.
 */
async function organisationRulesFor(root: string, base: string | undefined, loaded: CatalogResult, allow: readonly string[]): Promise<OrganisationRulesRun> {
  if (base === undefined) return { ...(await loadOrganisationRules(root, ALL_RULES)), changes: [], source: "catalog" };
  const commit = await resolveRevision(root, base);
  if (commit === undefined) {
    // The default base where there is no history to compare with runs the working tree's rules, as it applies its policy.
    const noHistory = loaded.issues.some((i) => i.code === "CATALOG_BASE_NOT_CHECKED");
    return { ...(noHistory ? await loadOrganisationRules(root, ALL_RULES) : { rules: [], issues: [] }), changes: [], source: noHistory ? "catalog" : "base" };
  }
  const files = await ruleFileChanges(root, commit);
  if (files === undefined) return { ...(await loadOrganisationRulesAt(root, commit, ALL_RULES)), changes: [], source: "base" };
  const changes = files.map((f) => ruleCodeChange(f.file, f.kind, base));
  if (changes.length && allow.includes("policy-change")) return { ...(await loadOrganisationRules(root, ALL_RULES)), changes, source: "catalog" };
  return { ...(await loadOrganisationRulesAt(root, commit, ALL_RULES)), changes, source: "base" };
}

function baseState(ref: string | undefined, loaded: CatalogResult) {
  if (ref === undefined || loaded.baseStatus === undefined) return undefined;
  return { ref, status: loaded.baseStatus, ...(loaded.base ? { catalog: loaded.base } : {}) };
}

function summaryOf(catalog: Catalog, withStacks: boolean) {
  return {
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
    ...(withStacks ? { stacks: catalog.environments.flatMap((e) => planStacks(catalog, e.id).map((s) => s.name)) } : {}),
  };
}

/** Policy changes come first: they decide which policy the rest of the report is judged by. */
function reportPolicyChanges(out: Output, changes: readonly PolicyChange[], blocked: readonly PolicyChange[], base: string | undefined): void {
  if (!changes.length) return;
  out.stderr(`Policy changes against ${base} (${changes.length}):\n\n`);
  for (const c of changes) out.stderr(formatPolicyChangeHuman(c, !blocked.includes(c)) + "\n\n");
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

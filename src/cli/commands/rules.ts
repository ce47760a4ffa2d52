import { hasErrors } from "../../errors/issue";
import { ALL_RULES } from "../../guardrails/engine";
import { loadOrganisationRules } from "../../load/rule-files";
import { rulesJson, rulesMarkdown } from "../../reports/rules-doc";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, reportIssues, type Output } from "../render";

export interface RulesOptions {
  readonly format: "md" | "json";
  /**
   * The catalog repository whose organisation rules (rules/*.ts, *.js, *.mjs) are listed after idac's own, with the
   * file that defines each. @default only idac's own rules (docs/RULES.md)
   */
  readonly catalog?: string;
}

/**
 * Lists the guardrail rules: idac's own (docs/RULES.md is this command's Markdown output with `--builtin`) and the
 * organisation's. Rule files that cannot be loaded, or rules that break the metadata contract, are errors (exit 2).
 */
export async function runRules(options: RulesOptions, out: Output = processOutput): Promise<ExitCode> {
  const org = options.catalog !== undefined ? await loadOrganisationRules(options.catalog, ALL_RULES) : { rules: [], issues: [] };
  if (org.issues.length) reportIssues(out, org.issues, "human");
  if (hasErrors(org.issues)) return EXIT.invalidInput;
  const rules = [...ALL_RULES, ...org.rules];
  out.stdout(options.format === "json" ? rulesJson(rules) : rulesMarkdown(rules));
  return EXIT.ok;
}

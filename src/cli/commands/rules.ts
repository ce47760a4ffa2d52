import { ALL_RULES } from "../../guardrails/engine";
import { rulesJson, rulesMarkdown } from "../../reports/rules-doc";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";

export interface RulesOptions {
  readonly format: "md" | "json";
}

/** Lists the guardrail rules (docs/RULES.md is this command's Markdown output). */
export async function runRules(options: RulesOptions, out: Output = processOutput): Promise<ExitCode> {
  out.stdout(options.format === "json" ? rulesJson(ALL_RULES) : rulesMarkdown(ALL_RULES));
  return EXIT.ok;
}

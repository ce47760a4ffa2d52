import { readFile } from "node:fs/promises";
import path from "node:path";
import { breakGlassObjectIds } from "../../model/environment";
import { ALLOW_FLAGS, DEFAULT_GATE, gatePlans, type AllowFlag } from "../../plan/gate";
import { PlanJson } from "../../plan/plan-json";
import { summarizePlans } from "../../plan/summary";
import { SECTION_TITLE } from "../../plan/classify";
import { loadCatalog } from "../../resolve/load-catalog";
import { planSummaryMarkdown } from "../../reports/plan-summary";
import { jsonText, termText } from "../../escape";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";

export interface PlanOptions {
  /** Files written by `terraform show -json <planfile>`; the stack name is the file name without `.json`/`.plan.json`. */
  readonly files: readonly string[];
  readonly format: "md" | "json";
  /** Catalog whose break-glass IDs the gate protects. @default "." */
  readonly catalog?: string;
  readonly allow?: readonly string[];
  readonly maxDeletes?: number;
  readonly maxChanges?: number;
  readonly maxMembershipRemovals?: number;
}

async function readPlans(files: readonly string[], out: Output): Promise<{ stack: string; plan: PlanJson }[] | undefined> {
  const plans = [];
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, "utf8"));
    } catch (err) {
      out.stderr(`${termText(file)}: cannot read the plan JSON (${termText((err as Error).message)}). Produce it with 'terraform show -json plan.tfplan > ${termText(file)}'.\n`);
      return undefined;
    }
    const parsed = PlanJson.safeParse(data);
    if (!parsed.success) {
      out.stderr(`${termText(file)}: not a Terraform JSON plan (${termText(String(parsed.error.issues[0]?.path.join(".")))}: ${termText(String(parsed.error.issues[0]?.message))}).\n`);
      return undefined;
    }
    const stack = path.basename(file).replace(/(\.plan)?\.json$/, "");
    // The stack name goes into the fingerprint comment the apply job reads: only the characters of a stack name.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(stack)) {
      out.stderr(`${termText(file)}: the file name should be the stack's name (letters, digits, '.', '_' and '-'), e.g. prod-groups.json.\n`);
      return undefined;
    }
    plans.push({ stack, plan: parsed.data });
  }
  return plans;
}

async function breakGlassIds(catalog: string | undefined): Promise<string[]> {
  const { catalog: c } = await loadCatalog(catalog ?? ".");
  return c ? c.environments.flatMap((e) => breakGlassObjectIds(e.spec)) : [];
}

function gateOptions(options: PlanOptions, ids: string[]) {
  return {
    allow: (options.allow ?? []).filter((a): a is AllowFlag => (ALLOW_FLAGS as readonly string[]).includes(a)),
    maxDeletes: options.maxDeletes ?? DEFAULT_GATE.maxDeletes,
    maxChanges: options.maxChanges ?? DEFAULT_GATE.maxChanges,
    maxMembershipRemovals: options.maxMembershipRemovals ?? DEFAULT_GATE.maxMembershipRemovals,
    breakGlassIds: ids,
  };
}

/** `idac plan-summary`: the plans in catalog terms (Markdown for the PR comment, or JSON). */
export async function runPlanSummary(options: PlanOptions, out: Output = processOutput): Promise<ExitCode> {
  const plans = await readPlans(options.files, out);
  if (!plans) return EXIT.invalidInput;
  const summary = summarizePlans(plans);
  const trips = gatePlans(plans, gateOptions(options, await breakGlassIds(options.catalog)));
  out.stdout(options.format === "json" ? jsonText({ ...summary, gate: trips }) + "\n" : planSummaryMarkdown(summary, trips) + "\n");
  return EXIT.ok;
}

/** `idac plan-gate`: exit 1 when a change needs explicit intent that was not given with --allow. */
export async function runPlanGate(options: PlanOptions, out: Output = processOutput): Promise<ExitCode> {
  const unknown = (options.allow ?? []).filter((a) => !(ALLOW_FLAGS as readonly string[]).includes(a));
  if (unknown.length) {
    out.stderr(`Unknown --allow value(s): ${unknown.map(termText).join(", ")}. Known: ${ALLOW_FLAGS.join(", ")}.\n`);
    return EXIT.invalidInput;
  }
  const plans = await readPlans(options.files, out);
  if (!plans) return EXIT.invalidInput;
  const trips = gatePlans(plans, gateOptions(options, await breakGlassIds(options.catalog)));
  const blocking = trips.filter((t) => !t.allowed);
  if (options.format === "json") out.stdout(jsonText({ passed: blocking.length === 0, trips }) + "\n");
  // What a reviewer must look at even when nothing blocks: privileged access and conditional access changes.
  for (const c of summarizePlans(plans).changes.filter((x) => x.section === "privileged" || x.section === "conditional-access")) {
    out.stderr(`review ${SECTION_TITLE[c.section]}: ${c.action} ${termText(c.kind)} '${termText(c.catalogId)}'${c.displayName ? ` (${termText(c.displayName)})` : ""} [${termText(c.stack)}]\n`);
  }
  for (const t of trips) out.stderr(`${t.allowed ? "allowed" : "BLOCKED"} ${t.condition} [${termText(t.stack)}] ${termText(t.message)}${t.allowed ? "" : ` Allow with --allow ${t.allowedBy} (pull request label allow-${t.allowedBy}).`}\n`);
  out.stderr(blocking.length ? `Plan gate failed: ${blocking.length} change(s) need explicit intent.\n` : `Plan gate passed (${trips.length} allowed).\n`);
  return blocking.length ? EXIT.findings : EXIT.ok;
}

import { readFile } from "node:fs/promises";
import path from "node:path";
import { ALLOW_FLAGS, DEFAULT_GATE, gatePlans, type AllowFlag, type GateLimits, type Trip } from "../../plan/gate";
import { PlanJson } from "../../plan/plan-json";
import { summarizePlans } from "../../plan/summary";
import { SECTION_TITLE } from "../../plan/classify";
import { loadCatalog } from "../../resolve/load-catalog";
import type { EnvironmentSpec } from "../../schema/catalog";
import { planSummaryMarkdown } from "../../reports/plan-summary";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";

export interface PlanOptions {
  /** Files written by `terraform show -json <planfile>`; the stack name is the file name without `.json`/`.plan.json`. */
  readonly files: readonly string[];
  readonly format: "md" | "json";
  /** Catalog whose break-glass IDs the gate protects. @default "." */
  readonly catalog?: string;
  readonly allow?: readonly string[];
  /** Non-negative whole numbers; text from the command line is checked here (anything else is invalid input). @default 0 */
  readonly maxDeletes?: number | string;
  /** @default 25 */
  readonly maxChanges?: number | string;
  /** @default 50 */
  readonly maxMembershipRemovals?: number | string;
}

async function readPlans(files: readonly string[], out: Output): Promise<{ stack: string; plan: PlanJson }[] | undefined> {
  const plans = [];
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, "utf8"));
    } catch (err) {
      out.stderr(`${file}: cannot read the plan JSON (${(err as Error).message}). Produce it with 'terraform show -json plan.tfplan > ${file}'.\n`);
      return undefined;
    }
    const parsed = PlanJson.safeParse(data);
    if (!parsed.success) {
      out.stderr(`${file}: not a Terraform JSON plan (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}).\n`);
      return undefined;
    }
    plans.push({ stack: path.basename(file).replace(/(\.plan)?\.json$/, ""), plan: parsed.data });
  }
  return plans;
}

const LIMIT_FLAGS = { maxDeletes: "--max-deletes", maxChanges: "--max-changes", maxMembershipRemovals: "--max-membership-removals" } as const;

/** The blast-radius limits, or undefined (after saying why) when one is not a non-negative whole number. */
function gateLimits(options: PlanOptions, out: Output): GateLimits | undefined {
  const limits: Record<keyof GateLimits, number> = { ...DEFAULT_GATE.limits };
  for (const [key, flag] of Object.entries(LIMIT_FLAGS) as [keyof typeof LIMIT_FLAGS, string][]) {
    const given = options[key];
    const n = given === undefined ? DEFAULT_GATE.limits[key] : typeof given === "number" ? given : /^\d+$/.test(given) ? Number(given) : NaN;
    if (!Number.isSafeInteger(n) || n < 0) {
      out.stderr(`${flag} must be a non-negative whole number (a count of resources per stack), not ${JSON.stringify(given)}.\n`);
      return undefined;
    }
    limits[key] = n;
  }
  return limits;
}

/**
 * Gates the plans of each environment with that environment's break-glass IDs: a stack belongs to the environment
 * its name starts with (`prod-…`). Plans of no known environment are held to every environment's IDs.
 */
async function gate(plans: { stack: string; plan: PlanJson }[], options: PlanOptions, limits: GateLimits): Promise<Trip[]> {
  const { catalog } = await loadCatalog(options.catalog ?? ".");
  const environments = [...(catalog?.environments ?? [])].sort((a, b) => b.id.length - a.id.length);
  const allow = (options.allow ?? []).filter((a): a is AllowFlag => (ALLOW_FLAGS as readonly string[]).includes(a));
  const breakGlass = (specs: readonly EnvironmentSpec[]) => ({ accounts: specs.flatMap((s) => s.breakGlass.accounts), groups: specs.flatMap((s) => (s.breakGlass.group ? [s.breakGlass.group] : [])) });
  const byEnvironment = new Map<string | undefined, { stack: string; plan: PlanJson }[]>();
  for (const p of plans) {
    const env = environments.find((e) => p.stack.startsWith(`${e.id}-`))?.id;
    byEnvironment.set(env, [...(byEnvironment.get(env) ?? []), p]);
  }
  const trips = [...byEnvironment].flatMap(([env, group]) => {
    const specs = environments.filter((e) => env === undefined || e.id === env).map((e) => e.spec);
    return gatePlans(group, { allow, limits, breakGlass: breakGlass(specs) });
  });
  const order = new Map(plans.map((p, i) => [p.stack, i]));
  return trips.sort((a, b) => order.get(a.stack)! - order.get(b.stack)!);
}

/** `idac plan-summary`: the plans in catalog terms (Markdown for the PR comment, or JSON). */
export async function runPlanSummary(options: PlanOptions, out: Output = processOutput): Promise<ExitCode> {
  const limits = gateLimits(options, out);
  if (!limits) return EXIT.invalidInput;
  const plans = await readPlans(options.files, out);
  if (!plans) return EXIT.invalidInput;
  const summary = summarizePlans(plans);
  const trips = await gate(plans, options, limits);
  out.stdout(options.format === "json" ? JSON.stringify({ ...summary, gate: trips }, null, 2) + "\n" : planSummaryMarkdown(summary, trips) + "\n");
  return EXIT.ok;
}

/** `idac plan-gate`: exit 1 when a change needs explicit intent that was not given with --allow. */
export async function runPlanGate(options: PlanOptions, out: Output = processOutput): Promise<ExitCode> {
  const unknown = (options.allow ?? []).filter((a) => !(ALLOW_FLAGS as readonly string[]).includes(a));
  if (unknown.length) {
    out.stderr(`Unknown --allow value(s): ${unknown.join(", ")}. Known: ${ALLOW_FLAGS.join(", ")}.\n`);
    return EXIT.invalidInput;
  }
  const limits = gateLimits(options, out);
  if (!limits) return EXIT.invalidInput;
  const plans = await readPlans(options.files, out);
  if (!plans) return EXIT.invalidInput;
  const trips = await gate(plans, options, limits);
  const blocking = trips.filter((t) => !t.allowed);
  if (options.format === "json") out.stdout(JSON.stringify({ passed: blocking.length === 0, trips }, null, 2) + "\n");
  // What a reviewer must look at even when nothing blocks: privileged access and conditional access changes.
  for (const c of summarizePlans(plans).changes.filter((x) => x.section === "privileged" || x.section === "conditional-access")) {
    out.stderr(`review ${SECTION_TITLE[c.section]}: ${c.action} ${c.kind} '${c.catalogId}'${c.displayName ? ` (${c.displayName})` : ""} [${c.stack}]\n`);
  }
  for (const t of trips) out.stderr(`${t.allowed ? "allowed" : "BLOCKED"} ${t.condition} [${t.stack}] ${t.message}${t.allowed ? "" : ` Allow with --allow ${t.allowedBy} (pull request label allow-${t.allowedBy}).`}\n`);
  out.stderr(blocking.length ? `Plan gate failed: ${blocking.length} change(s) need explicit intent.\n` : `Plan gate passed (${trips.length} allowed).\n`);
  return blocking.length ? EXIT.findings : EXIT.ok;
}

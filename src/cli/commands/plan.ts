import { readFile } from "node:fs/promises";
import path from "node:path";
import { ALLOW_FLAGS, gatePlans, type AllowFlag, type GateLimits, type Trip } from "../../plan/gate";
import { PlanJson } from "../../plan/plan-json";
import { summarizePlans } from "../../plan/summary";
import { SECTION_TITLE } from "../../plan/classify";
import { ALL_RULES } from "../../guardrails/engine";
import { reviewPolicy, type BreakGlassSetting, type GuardrailPolicy, type PolicyChange } from "../../policy";
import { loadCatalog } from "../../resolve/load-catalog";
import { planSummaryMarkdown } from "../../reports/plan-summary";
import { jsonText, termText } from "../../escape";
import type { Impact } from "../../people";
import { impactMarkdown } from "../../reports/people";
import { namer, peopleImpact } from "./impact";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, reportIssues, type Output } from "../render";

export interface PlanOptions {
  /** Files written by `terraform show -json <planfile>`; the stack name is the file name without `.json`/`.plan.json`. */
  readonly files: readonly string[];
  readonly format: "md" | "json";
  /** The pull request's catalog: its policy is compared with the base's. @default "." */
  readonly catalog?: string;
  /**
   * The protected revision (the pipeline passes the target branch): the break-glass objects, the limits and the
   * guardrail policy come from it, and a change of the policy is a trip of its own. Without it they come from
   * the catalog itself. @default no base
   */
  readonly base?: string;
  readonly allow?: readonly string[];
  /** Non-negative whole numbers; text from the command line is checked here (anything else is invalid input). @default 0 */
  readonly maxDeletes?: number | string;
  /** @default 25 */
  readonly maxChanges?: number | string;
  /** @default 50 */
  readonly maxMembershipRemovals?: number | string;
  /** An HR snapshot: the summary shows the change's effect in people (needs `base`). */
  readonly people?: string;
  /** With `people`: the gate trips (large-change) when more people are affected. */
  readonly maxPeopleAffected?: number | string;
  /** Name people by stable pseudonyms in the summary. */
  readonly pseudonymise?: boolean;
}

/** The change's effect in people when a snapshot is given; `null` after reporting why it cannot be computed. */
async function peopleSection(options: PlanOptions, out: Output): Promise<Impact | undefined | null> {
  if (options.people === undefined) return undefined;
  if (options.base === undefined) {
    out.stderr("--people needs --base: the effect in people is the difference between the base and this change.\n");
    return null;
  }
  const result = await peopleImpact({ catalog: options.catalog ?? ".", base: options.base, people: options.people }, out);
  return result ? result.impact : null;
}

function peopleLimit(options: PlanOptions, out: Output): number | undefined | null {
  const given = options.maxPeopleAffected;
  if (given === undefined) return undefined;
  const n = typeof given === "number" ? given : /^\d+$/.test(given) ? Number(given) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    out.stderr(`--max-people-affected must be a non-negative whole number, not ${JSON.stringify(given)}.\n`);
    return null;
  }
  if (options.people === undefined) {
    out.stderr("--max-people-affected needs --people <snapshot> (and --base).\n");
    return null;
  }
  return n;
}

async function readPlans(files: readonly string[], out: Output): Promise<{ stack: string; plan: PlanJson }[] | undefined> {
  const plans = [];
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, "utf8"));
    } catch (err) {
      out.stderr(
        `${termText(file)}: cannot read the plan JSON (${termText((err as Error).message)}` +
          `). Produce it with 'terraform show -json plan.tfplan > ${termText(file)}'.\n`,
      );
      return undefined;
    }
    const parsed = PlanJson.safeParse(data);
    if (!parsed.success) {
      out.stderr(
        `${termText(file)}: not a Terraform JSON plan (` +
          `${termText(String(parsed.error.issues[0]?.path.join(".")))}: ` +
          `${termText(String(parsed.error.issues[0]?.message))}).\n`,
      );
      return undefined;
    }
    const stack = path.basename(file).replace(/(\.plan)?\.json$/, "");
    if (!STACK_NAME.test(stack)) {
      out.stderr(`${termText(file)}: the file name must be <stack>.json with a stack name of lower-case letters, digits and hyphens (as idac names stacks).\n`);
      return undefined;
    }
    plans.push({ stack, plan: parsed.data });
  }
  return plans;
}

/** Stack names as idac derives them (`prod-access-finance`): they are written into the review comment. */
const STACK_NAME = /^[a-z0-9][a-z0-9-]{0,127}$/;

const LIMIT_FLAGS = { maxDeletes: "--max-deletes", maxChanges: "--max-changes", maxMembershipRemovals: "--max-membership-removals" } as const;

/**
 * The blast-radius limits: the policy's, tightened (never loosened) by the command line's; undefined (after saying
 * why) when a given limit is not a non-negative whole number.
 */
function gateLimits(options: PlanOptions, policy: GateLimits, out: Output): GateLimits | undefined {
  const limits: Record<keyof GateLimits, number> = { ...policy };
  for (const [key, flag] of Object.entries(LIMIT_FLAGS) as [keyof typeof LIMIT_FLAGS, string][]) {
    const given = options[key];
    if (given === undefined) continue;
    const n = typeof given === "number" ? given : /^\d+$/.test(given) ? Number(given) : NaN;
    if (!Number.isSafeInteger(n) || n < 0) {
      out.stderr(`${flag} must be a non-negative whole number (a count of resources per stack), not ${JSON.stringify(given)}.\n`);
      return undefined;
    }
    if (n > policy[key])
      out.stderr(`${flag} ${n} is above the policy's limit of ${policy[key]}; the policy's limit applies (raise it in policies/guardrails.yaml).\n`);
    limits[key] = Math.min(n, policy[key]);
  }
  return limits;
}

interface GatePolicy {
  readonly policy: GuardrailPolicy;
  /** Changes of the policy against the base, as trips. */
  readonly trips: readonly Trip[];
}

/**
 * The policy the gate applies. With a base, the base's break-glass objects and limits, and the catalog's policy
 * changes as trips (`policy-change`, `break-glass`); when the base's policy cannot be read the gate cannot know
 * which break-glass objects to protect: that is invalid input unless `policy-change` was allowed. Without a base,
 * the catalog's own (for local use: the pipeline always passes one).
 */
async function gatePolicy(options: PlanOptions, allow: readonly string[], out: Output): Promise<GatePolicy | undefined> {
  const root = options.catalog ?? ".";
  const loaded = await loadCatalog(root, options.base !== undefined ? { base: options.base } : {});
  if (!loaded.catalog) {
    reportIssues(out, loaded.issues, "human");
    out.stderr(`The catalog at ${termText(root)} is not valid: the gate cannot know which break-glass objects and limits apply.\n`);
    return undefined;
  }
  if (options.base === undefined) {
    out.stderr(
      `No --base: break-glass objects and limits come from the catalog at ${termText(root)} itself (the pull request pipeline passes the protected branch).\n`,
    );
    return { policy: reviewPolicy(loaded.catalog, undefined, allow, ALL_RULES).effective, trips: [] };
  }
  const status = loaded.baseStatus ?? "missing";
  const review = reviewPolicy(loaded.catalog, { ref: options.base, status, ...(loaded.base ? { catalog: loaded.base } : {}) }, allow, ALL_RULES);
  if (status !== "valid" && !allow.includes("policy-change")) {
    out.stderr(
      `${termText(review.changes[0]?.message ?? "")} The gate loads the break-glass ` +
        `objects and limits from ${termText(options.base)}, so it cannot run; allow policy-change ` +
        `to use this change's own.\n`,
    );
    return undefined;
  }
  return { policy: review.effective, trips: review.changes.map((c) => policyTrip(c, !review.blocked.includes(c))) };
}

function policyTrip(c: PolicyChange, allowed: boolean): Trip {
  return { stack: "catalog", condition: c.allowedBy, message: `${c.at.file}:${c.at.line}: ${c.message}`, allowedBy: c.allowedBy, allowed };
}

/**
 * Gates the plans of each environment with that environment's break-glass objects under the policy: a stack belongs
 * to the environment its name starts with (`prod-…`). Plans of no known environment are held to every
 * environment's objects.
 */
function gate(plans: { stack: string; plan: PlanJson }[], policy: GuardrailPolicy, allow: readonly string[], limits: GateLimits): Trip[] {
  const environments = [...policy.breakGlass.keys()].sort((a, b) => b.length - a.length);
  const flags = allow.filter((a): a is AllowFlag => (ALLOW_FLAGS as readonly string[]).includes(a));
  const breakGlass = (settings: readonly BreakGlassSetting[]) => ({
    accounts: settings.flatMap((s) => s.accounts),
    groups: settings.flatMap((s) => (s.group ? [s.group] : [])),
  });
  const byEnvironment = new Map<string | undefined, { stack: string; plan: PlanJson }[]>();
  for (const p of plans) {
    const env = environments.find((e) => p.stack.startsWith(`${e}-`));
    byEnvironment.set(env, [...(byEnvironment.get(env) ?? []), p]);
  }
  const trips = [...byEnvironment].flatMap(([env, group]) => {
    const settings = [...policy.breakGlass].filter(([id]) => env === undefined || id === env).map(([, s]) => s);
    return gatePlans(group, { allow: flags, limits, breakGlass: breakGlass(settings) });
  });
  const order = new Map(plans.map((p, i) => [p.stack, i]));
  return trips.sort((a, b) => order.get(a.stack)! - order.get(b.stack)!);
}

/** Everything a plan command needs: the plans, and the trips under the policy that applies (policy changes first). */
async function review(options: PlanOptions, out: Output): Promise<{ plans: { stack: string; plan: PlanJson }[]; trips: Trip[] } | undefined> {
  const allow = options.allow ?? [];
  const policy = await gatePolicy(options, allow, out);
  if (!policy) return undefined;
  const limits = gateLimits(options, policy.policy.planGate, out);
  if (!limits) return undefined;
  const plans = await readPlans(options.files, out);
  if (!plans) return undefined;
  return { plans, trips: [...policy.trips, ...gate(plans, policy.policy, allow, limits)] };
}

/** `idac plan-summary`: the plans in catalog terms (Markdown for the PR comment, or JSON). */
export async function runPlanSummary(options: PlanOptions, out: Output = processOutput): Promise<ExitCode> {
  const reviewed = await review(options, out);
  if (!reviewed) return EXIT.invalidInput;
  const people = await peopleSection(options, out);
  if (people === null) return EXIT.invalidInput;
  const summary = summarizePlans(reviewed.plans);
  const nameOf = namer(options.pseudonymise, out);
  if (options.format === "json")
    out.stdout(
      jsonText({
        ...summary,
        gate: reviewed.trips,
        ...(people
          ? {
              people: {
                peopleAffected: people.peopleAffected,
                items: people.items.map((i) => ({ kind: i.kind, id: i.id, effects: Object.fromEntries([...i.people].map(([e, l]) => [e, l.length])) })),
              },
            }
          : {}),
      }) + "\n",
    );
  else out.stdout(planSummaryMarkdown(summary, reviewed.trips) + "\n" + (people ? `\n${impactMarkdown(people, nameOf, options.base!)}` : ""));
  return EXIT.ok;
}

/** `idac plan-gate`: exit 1 when a change needs explicit intent that was not given with --allow. */
export async function runPlanGate(options: PlanOptions, out: Output = processOutput): Promise<ExitCode> {
  const unknown = (options.allow ?? []).filter((a) => !(ALLOW_FLAGS as readonly string[]).includes(a));
  if (unknown.length) {
    out.stderr(`Unknown --allow value(s): ${unknown.map(termText).join(", ")}. Known: ${ALLOW_FLAGS.join(", ")}.\n`);
    return EXIT.invalidInput;
  }
  const limit = peopleLimit(options, out);
  if (limit === null) return EXIT.invalidInput;
  const reviewed = await review(options, out);
  if (!reviewed) return EXIT.invalidInput;
  const { plans } = reviewed;
  const trips = [...reviewed.trips];
  if (limit !== undefined) {
    const people = await peopleSection(options, out);
    if (!people) return EXIT.invalidInput;
    if (people.peopleAffected > limit)
      trips.push({
        stack: "people",
        condition: "large-change",
        message: `the change affects ${people.peopleAffected} people of the HR snapshot, more than --max-people-affected ${limit}`,
        allowedBy: "large-change",
        allowed: (options.allow ?? []).includes("large-change"),
      });
  }
  const blocking = trips.filter((t) => !t.allowed);
  if (options.format === "json") out.stdout(jsonText({ passed: blocking.length === 0, trips }) + "\n");
  // What a reviewer must look at even when nothing blocks: privileged access and conditional access changes.
  for (const c of summarizePlans(plans).changes.filter((x) => x.section === "privileged" || x.section === "conditional-access")) {
    out.stderr(
      `review ${SECTION_TITLE[c.section]}: ${c.action} ${termText(c.kind)} '` +
        `${termText(c.catalogId)}'${c.displayName ? ` (${termText(c.displayName)})` : ""} [` +
        `${termText(c.stack)}]\n`,
    );
  }
  for (const t of trips)
    out.stderr(
      `${t.allowed ? "allowed" : "BLOCKED"} ${t.condition} [${termText(t.stack)}] ` +
        `${termText(t.message)}` +
        `${t.allowed ? "" : ` Allow with --allow ${t.allowedBy} (pull request label allow-${t.allowedBy}).`}` +
        `\n`,
    );
  out.stderr(blocking.length ? `Plan gate failed: ${blocking.length} change(s) need explicit intent.\n` : `Plan gate passed (${trips.length} allowed).\n`);
  return blocking.length ? EXIT.findings : EXIT.ok;
}

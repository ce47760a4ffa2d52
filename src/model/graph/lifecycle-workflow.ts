import type { z } from "zod";
import type { LifecycleWorkflow as LifecycleWorkflowEntry } from "../../schema/catalog";
import { LIFECYCLE_CATEGORIES, MOVER_ATTRIBUTES, type LifecycleCategory, type LifecycleTaskSpec } from "../../schema/lifecycle-workflows";
import type { LifecycleWorkflow } from "../model";
import { parseScopeRule } from "./lifecycle-scope";
import { LIFECYCLE_TASK_DEFINITIONS, taskByDefinitionId } from "./lifecycle-tasks";

/** Graph's workflow create body (identityGovernance.workflow, v1.0). */
export interface WorkflowBody {
  category: LifecycleCategory;
  displayName: string;
  description: string;
  isEnabled: boolean;
  isSchedulingEnabled: boolean;
  executionConditions: {
    "@odata.type": "#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions";
    scope: { "@odata.type": "#microsoft.graph.identityGovernance.ruleBasedSubjectSet"; rule: string };
    trigger: TimeTrigger | AttributeTrigger;
  };
  tasks: TaskBody[];
}

interface TimeTrigger {
  "@odata.type": "#microsoft.graph.identityGovernance.timeBasedAttributeTrigger";
  timeBasedAttribute: "employeeHireDate" | "employeeLeaveDateTime";
  offsetInDays: number;
}
interface AttributeTrigger {
  "@odata.type": "#microsoft.graph.identityGovernance.attributeChangeTrigger";
  triggerAttributes: { name: string }[];
}
interface TaskBody {
  continueOnError: boolean;
  description: string;
  displayName: string;
  isEnabled: boolean;
  taskDefinitionId: string;
  arguments: { name: string; value: string }[];
}

/** Object IDs the body points at, supplied by the caller (Terraform references, or a tenant view's IDs). */
export interface WorkflowReferences {
  group(catalogId: string): string;
}

/**
 * The Graph v1.0 body that creates a workflow from a catalog entry.
 * @see https://learn.microsoft.com/graph/api/identitygovernance-lifecycleworkflowscontainer-post-workflows
 */
export function lifecycleWorkflowBody(w: LifecycleWorkflow, displayName: string, refs: WorkflowReferences): WorkflowBody {
  const s = w.spec;
  return {
    category: s.category,
    displayName,
    description: s.description,
    isEnabled: s.enabled,
    isSchedulingEnabled: s.scheduled,
    executionConditions: {
      "@odata.type": "#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions",
      scope: { "@odata.type": "#microsoft.graph.identityGovernance.ruleBasedSubjectSet", rule: w.scopeRule },
      trigger: triggerBody(s.trigger),
    },
    tasks: s.tasks.map((t) => taskBody(t, refs)),
  };
}

function triggerBody(t: LifecycleWorkflowEntryTrigger): TimeTrigger | AttributeTrigger {
  if (t.attributesChanged) {
    return { "@odata.type": "#microsoft.graph.identityGovernance.attributeChangeTrigger", triggerAttributes: t.attributesChanged.map((name) => ({ name })) };
  }
  const time = (timeBasedAttribute: TimeTrigger["timeBasedAttribute"], offsetInDays: number): TimeTrigger => ({
    "@odata.type": "#microsoft.graph.identityGovernance.timeBasedAttributeTrigger",
    timeBasedAttribute,
    // -0 (from "0 days before") is written as 0.
    offsetInDays: offsetInDays === 0 ? 0 : offsetInDays,
  });
  if (t.daysBeforeHire !== undefined) return time("employeeHireDate", -t.daysBeforeHire);
  if (t.daysBeforeLeave !== undefined) return time("employeeLeaveDateTime", -t.daysBeforeLeave);
  return time("employeeLeaveDateTime", t.daysAfterLeave!);
}

type LifecycleWorkflowEntryTrigger = LifecycleWorkflow["spec"]["trigger"];

function taskBody(t: LifecycleTaskSpec, refs: WorkflowReferences): TaskBody {
  const def = LIFECYCLE_TASK_DEFINITIONS[t.task];
  const args: { name: string; value: string }[] = [];
  for (const [field, name] of Object.entries(def.arguments) as [keyof LifecycleTaskSpec, string][]) {
    const v = t[field];
    if (v === undefined) continue;
    const value = field === "groups" ? (v as string[]).map((g) => refs.group(g)).join(",") : String(v);
    args.push({ name, value });
  }
  return {
    continueOnError: t.continueOnError,
    description: def.displayName,
    displayName: def.displayName,
    isEnabled: t.enabled,
    taskDefinitionId: def.id,
    arguments: args,
  };
}

/**
 * The parts of a workflow Graph cannot change in place with an update (PATCH changes only the display name,
 * description and the enabled and scheduling switches; tasks and execution conditions need a new version, and the
 * category never changes). idac replaces the workflow when they change; a fingerprint of them is its trigger.
 * @see https://learn.microsoft.com/graph/api/identitygovernance-workflow-update
 */
export function workflowReplacementKey(body: WorkflowBody): { category: string; executionConditions: unknown; tasks: unknown } {
  return { category: body.category, executionConditions: body.executionConditions, tasks: body.tasks };
}

// ─── Graph → catalog ─────────────────────────────────────────────────────────────────────────────────────

/** What importing a workflow needs from the tenant: catalog IDs of groups by object ID. */
export interface WorkflowImportContext {
  groupRef(objectId: string): string | undefined;
}

type WorkflowInput = z.input<typeof LifecycleWorkflowEntry>;

/**
 * A catalog entry from Graph's workflow JSON (v1.0), or the reasons it cannot be expressed, each naming the Graph
 * property. Nothing is written for a workflow with a refusal: a partial entry would change the workflow on apply.
 */
export function lifecycleWorkflowFromGraph(
  json: Record<string, unknown>,
  id: string,
  ctx: WorkflowImportContext,
): { entry: WorkflowInput; refusals: [] } | { entry?: undefined; refusals: string[] } {
  const refusals: string[] = [];
  const category = json.category as string;
  if (!(LIFECYCLE_CATEGORIES as readonly string[]).includes(category)) refusals.push(`category '${category}' is not joiner, mover or leaver`);
  const ec = (json.executionConditions ?? {}) as Record<string, unknown>;
  if (ec["@odata.type"] !== "#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions")
    refusals.push(`executionConditions is ${String(ec["@odata.type"])} (idac writes triggerAndScopeBasedConditions)`);
  const scope = (ec.scope ?? {}) as Record<string, unknown>;
  let when: Record<string, unknown> = {};
  if (scope["@odata.type"] !== "#microsoft.graph.identityGovernance.ruleBasedSubjectSet") {
    refusals.push(`executionConditions.scope is ${String(scope["@odata.type"])} (idac writes a rule-based scope)`);
  } else {
    const parsed = parseScopeRule(String(scope.rule ?? ""));
    if ("error" in parsed) refusals.push(`executionConditions.scope.rule: ${parsed.error}`);
    else when = parsed.conditions;
  }
  const trigger = triggerFromGraph((ec.trigger ?? {}) as Record<string, unknown>, category, refusals);
  const tasks = ((json.tasks ?? []) as Record<string, unknown>[]).map((t, i) => taskFromGraph(t, i, ctx, refusals));
  if (refusals.length) return { refusals };
  const entry: WorkflowInput = {
    id,
    importFrom: String(json.id).toLowerCase(),
    displayName: String(json.displayName),
    description: String(json.description || "Imported from the tenant: describe what this workflow is for."),
    category: category as LifecycleCategory,
    trigger: trigger!,
    when: when as WorkflowInput["when"],
    ...(json.isEnabled === false ? { enabled: false } : {}),
    ...(json.isSchedulingEnabled === false ? { scheduled: false } : {}),
    tasks: tasks as NonNullable<WorkflowInput["tasks"]>,
  };
  return { entry, refusals: [] };
}

function triggerFromGraph(t: Record<string, unknown>, category: string, refusals: string[]): WorkflowInput["trigger"] | undefined {
  if (t["@odata.type"] === "#microsoft.graph.identityGovernance.attributeChangeTrigger") {
    const names = ((t.triggerAttributes ?? []) as { name?: string }[]).map((a) => String(a.name));
    const unknown = names.filter((n) => !(MOVER_ATTRIBUTES as readonly string[]).includes(n));
    if (unknown.length) refusals.push(`executionConditions.trigger.triggerAttributes: ${unknown.join(", ")} (idac knows ${MOVER_ATTRIBUTES.join(", ")})`);
    return { attributesChanged: names as (typeof MOVER_ATTRIBUTES)[number][] };
  }
  if (t["@odata.type"] === "#microsoft.graph.identityGovernance.timeBasedAttributeTrigger") {
    const offset = Number(t.offsetInDays);
    if (t.timeBasedAttribute === "employeeHireDate" && category === "joiner" && offset <= 0) return { daysBeforeHire: Math.abs(offset) };
    if (t.timeBasedAttribute === "employeeLeaveDateTime" && category === "leaver")
      return offset < 0 ? { daysBeforeLeave: Math.abs(offset) } : { daysAfterLeave: offset };
    refusals.push(
      `executionConditions.trigger: ${String(t.timeBasedAttribute)} with offsetInDays ${offset} in a ${category} workflow (idac: joiners on or before the hire date, leavers around the leave date)`,
    );
    return undefined;
  }
  refusals.push(`executionConditions.trigger is ${String(t["@odata.type"])} (idac writes time-based and attribute-change triggers)`);
  return undefined;
}

function taskFromGraph(t: Record<string, unknown>, i: number, ctx: WorkflowImportContext, refusals: string[]): Record<string, unknown> | undefined {
  const name = taskByDefinitionId(String(t.taskDefinitionId));
  if (!name) {
    refusals.push(`tasks[${i}].taskDefinitionId ${String(t.taskDefinitionId)} ('${String(t.displayName)}') is not a built-in task idac knows`);
    return undefined;
  }
  const def = LIFECYCLE_TASK_DEFINITIONS[name];
  const byArgument = new Map(Object.entries(def.arguments).map(([field, arg]) => [arg.toLowerCase(), field]));
  const task: Record<string, unknown> = { task: name };
  if (t.isEnabled === false) task.enabled = false;
  if (t.continueOnError === true) task.continueOnError = true;
  for (const a of (t.arguments ?? []) as { name?: string; value?: string }[]) {
    const field = byArgument.get(String(a.name).toLowerCase());
    const value = String(a.value ?? "");
    if (!field) {
      refusals.push(`tasks[${i}].arguments '${String(a.name)}' of ${name} has no catalog field (idac does not set cc, to or custom task extensions)`);
      continue;
    }
    if (field === "groups") {
      const ids = value
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);
      const refs = ids.map((objectId) => ctx.groupRef(objectId));
      const missing = ids.filter((_, k) => refs[k] === undefined);
      if (missing.length) refusals.push(`tasks[${i}].arguments groupID names groups that are not in the catalog: ${missing.join(", ")}`);
      task.groups = refs.filter((r): r is string => r !== undefined);
    } else if (field === "onPremises" || field === "tapOneTimeUse") {
      task[field] = value.toLowerCase() === "true";
    } else if (field === "tapLifetimeMinutes") {
      task[field] = Number(value);
    } else task[field] = value;
  }
  return task;
}

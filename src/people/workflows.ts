import { compileMembershipRule } from "../model/membership-rule";
import type { Catalog, LifecycleWorkflow } from "../model/model";
import type { LifecycleCategory, LifecycleTaskName } from "../schema/lifecycle-workflows";
import { subjectOf, type Person } from "./person";
import { evaluateRule, ruleTree, type RuleNode } from "./rule";

/** A lifecycle workflow a join, move or leave sets off for one person. */
export interface WorkflowRun {
  readonly id: string;
  readonly displayName: string;
  readonly category: LifecycleCategory;
  readonly trigger: LifecycleWorkflow["spec"]["trigger"];
  /** Enabled tasks, in order. */
  readonly tasks: readonly LifecycleTaskName[];
  /** For movers: the changed attributes that start it. */
  readonly because?: readonly string[];
}

const scopes = new WeakMap<LifecycleWorkflow, RuleNode>();

/**
 * Whether a workflow's scope selects the person. Lifecycle Workflows read the same HR attributes as dynamic groups
 * but not the account state (joiners are disabled until their first day), so the person counts as enabled here.
 */
function inScope(w: LifecycleWorkflow, person: Person): boolean {
  let rule = scopes.get(w);
  if (!rule) scopes.set(w, (rule = ruleTree(compileMembershipRule(w.spec.when))));
  return evaluateRule(rule, subjectOf(person.hr, person.userType, true, person.upn));
}

/**
 * The scheduled workflows a join, move or leave starts: joiners and leavers whose scope selects the person (the
 * person as they are at the hire date, or before leaving), movers whose trigger attributes changed and whose scope
 * selects the person after the move. Disabled and on-demand workflows start nothing by themselves.
 */
export function workflowsTriggered(catalog: Catalog, kind: "join" | "move" | "leave", person: Person, changed: readonly string[] = []): WorkflowRun[] {
  const category = ({ join: "joiner", move: "mover", leave: "leaver" } as const)[kind];
  return catalog.lifecycleWorkflows.flatMap((w) => {
    if (w.spec.category !== category || !w.spec.enabled || !w.spec.scheduled || !inScope(w, person)) return [];
    const because = kind === "move" ? (w.spec.trigger.attributesChanged ?? []).filter((a) => changed.includes(a)) : [];
    if (kind === "move" && because.length === 0) return [];
    return [
      {
        id: w.id,
        displayName: w.spec.displayName,
        category,
        trigger: w.spec.trigger,
        tasks: w.spec.tasks.filter((t) => t.enabled).map((t) => t.task),
        ...(kind === "move" ? { because } : {}),
      },
    ];
  });
}

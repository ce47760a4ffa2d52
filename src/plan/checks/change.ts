import { catalogTerms } from "../classify";
import type { ResourceChange } from "../plan-json";
import { actionOf, type Action } from "../summary";
import type { AllowFlag } from "../gate";
import type { PlanIndex } from "./plan-index";
import { isValues, type Values } from "./values";

/** One managed resource change, with what the gate reads of it. */
export interface PlannedChange {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly action: Action;
  /** Absent on create. */
  readonly before?: Values;
  /** Absent on delete. */
  readonly after?: Values;
  /** Terraform's `after_unknown`: `true` where a value is known only after apply. */
  readonly afterUnknown: unknown;
  readonly rc: ResourceChange;
  /** In catalog terms: "conditional access policy 'ca001-…' (azuread_conditional_access_policy.ca__ca001_…)". */
  readonly what: string;
}

/** Something a change does that needs explicit intent. */
export interface Finding {
  readonly condition: AllowFlag;
  readonly address?: string;
  readonly message: string;
}

export interface BreakGlassIds {
  /** Lower case. */
  readonly accounts: ReadonlySet<string>;
  /** Lower case. */
  readonly groups: ReadonlySet<string>;
}

export interface GateContext {
  readonly breakGlass: BreakGlassIds;
  readonly index: PlanIndex;
}

/** A named check of one resource change: the findings it raises (none when the change is fine). */
export type ChangeCheck = (change: PlannedChange, ctx: GateContext) => readonly Finding[];

export function plannedChange(stack: string, rc: ResourceChange): PlannedChange {
  const action = actionOf(rc.change.actions);
  const before = isValues(rc.change.before) && action !== "create" ? rc.change.before : undefined;
  const after = isValues(rc.change.after) && action !== "delete" ? rc.change.after : undefined;
  const { kind, catalogId } = catalogTerms(rc);
  return {
    stack,
    address: rc.address,
    type: rc.type,
    name: rc.name,
    action,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
    afterUnknown: rc.change.after_unknown ?? {},
    rc,
    what: `${kind} '${catalogId}' (${rc.address})`,
  };
}

/** Whether the change writes the object (create, update or replace): what a weakening check looks at. */
export function writes(change: PlannedChange): boolean {
  return change.action === "create" || change.action === "update" || change.action === "replace";
}

/** Whether the change has both sides to compare (update or replace). */
export function compares(change: PlannedChange): change is PlannedChange & { before: Values; after: Values } {
  return (change.action === "update" || change.action === "replace") && change.before !== undefined && change.after !== undefined;
}

export function finding(condition: AllowFlag, change: PlannedChange, message: string): Finding {
  return { condition, address: change.address, message };
}

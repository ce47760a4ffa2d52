import type { PlanJson, ResourceChange } from "../plan-json";
import { GROUP_TYPES } from "../idac-resources";
import { finding, type Finding, type PlannedChange } from "./change";

/** An object that leaves one stack's state (a `removed` block) and is imported into another's: a move, not a delete. */
export interface PlannedMove {
  readonly address: string;
  readonly type: string;
  /** The stack that forgets it. */
  readonly from: string;
  /** The stack that imports it. */
  readonly to: string;
}

/**
 * The moves between the stacks of one environment: a resource forgotten in one stack (`actions: ["forget"]`, a
 * `removed` block with `destroy = false`) and imported under the same address in another (`change.importing`).
 * Logical IDs are unique within an environment, so the address names the same catalog object in both. A forget
 * without an import elsewhere is a retired entry, not a move.
 * @see https://developer.hashicorp.com/terraform/internals/json-format
 */
export function plannedMoves(plans: readonly { stack: string; plan: PlanJson }[]): PlannedMove[] {
  const imported = new Map<string, string[]>();
  for (const { stack, plan } of plans)
    for (const rc of managed(plan)) if (rc.change.importing !== undefined) imported.set(rc.address, [...(imported.get(rc.address) ?? []), stack]);
  const moves: PlannedMove[] = [];
  for (const { stack, plan } of plans) {
    for (const rc of managed(plan)) {
      if (!isForget(rc)) continue;
      const to = (imported.get(rc.address) ?? []).find((s) => s !== stack);
      if (to !== undefined) moves.push({ address: rc.address, type: rc.type, from: stack, to });
    }
  }
  return moves.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.from < b.from ? -1 : 1));
}

/**
 * A group deleted (or forgotten without an import) in one stack and created in another with the same display name
 * or mail nickname: the object is destroyed and a new one made (new object ID: assignments, access packages and
 * policies that pointed at it lose it). A change of stack must be a move; idac emits one when synthesized with the
 * protected branch as `--base`.
 */
export function crossStackReplacements(changes: readonly PlannedChange[]): (Finding & { readonly stack: string })[] {
  const out: (Finding & { readonly stack: string })[] = [];
  const creates = changes.filter((c) => c.action === "create" && GROUP_TYPES.has(c.type) && c.rc.change.importing === undefined);
  for (const gone of changes.filter((c) => GROUP_TYPES.has(c.type) && (c.action === "delete" || (c.action === "forget" && !importedElsewhere(c, changes))))) {
    const name = text(gone.rc.change.before, "display_name");
    const nickname = text(gone.rc.change.before, "mail_nickname");
    const twin = creates.find(
      (c) =>
        c.stack !== gone.stack &&
        ((name !== undefined && text(c.rc.change.after, "display_name") === name) ||
          (nickname !== undefined && text(c.rc.change.after, "mail_nickname") === nickname)),
    );
    if (!twin) continue;
    const verb = gone.action === "delete" ? "deleted" : "forgotten";
    out.push({
      stack: gone.stack,
      ...finding(
        "replace",
        gone,
        `${gone.what} is ${verb} in stack ${gone.stack} and created again as ${twin.address} in stack ${twin.stack} ` +
          `(same ${name !== undefined && text(twin.rc.change.after, "display_name") === name ? `display name '${name}'` : `mail nickname '${nickname}'`}): ` +
          `the group would get a new object ID. Moving it between stacks must keep it: synthesize with --base <protected branch> ` +
          `so idac emits a removed block in ${gone.stack} and an import block in ${twin.stack}.`,
      ),
    });
  }
  return out;
}

function importedElsewhere(change: PlannedChange, changes: readonly PlannedChange[]): boolean {
  return changes.some((c) => c.stack !== change.stack && c.address === change.address && c.rc.change.importing !== undefined);
}

function managed(plan: PlanJson): ResourceChange[] {
  return plan.resource_changes.filter((rc) => rc.mode === "managed");
}

function isForget(rc: ResourceChange): boolean {
  return rc.change.actions.length === 1 && rc.change.actions[0] === "forget";
}

function text(values: unknown, key: string): string | undefined {
  const v = values && typeof values === "object" ? (values as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" ? v : undefined;
}

import { TerraformDataSource, TerraformResource, TerraformStack, type App } from "cdktf";

/**
 * The stacks cannot be written as they are: a stack over the resource ceiling, or stacks that read each other's
 * outputs in a cycle (neither could be applied first). Every problem is listed; nothing was written.
 */
export class StackLayoutError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`${problems.length} problem(s) with the stacks; nothing was written:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "StackLayoutError";
  }
}

/** Resources (not data sources) in a stack, as `terraform plan` counts them. */
function resourceCount(stack: TerraformStack): number {
  return stack.node.findAll().filter((c) => c instanceof TerraformResource && !(c instanceof TerraformDataSource)).length;
}

/** Throws {@link StackLayoutError} naming every stack of the app that holds more than `maxResources` resources. */
export function checkStackSizes(app: App, maxResources: number): void {
  const over = app.node
    .findAll()
    .filter(TerraformStack.isStack)
    .map((stack) => ({ name: stack.node.id, count: resourceCount(stack) }))
    .filter((s) => s.count > maxResources);
  if (!over.length) return;
  throw new StackLayoutError(
    over.map(
      (s) =>
        `stack ${s.name} holds ${s.count.toLocaleString("en-US")} resources, over the ceiling of ${maxResources.toLocaleString("en-US")} ` +
        `(idac.yaml stacks.maxResources). hint: groups, role groups and a domain's access are split into shards under the ceiling; ` +
        `a stack still over it holds what an extension or one concern adds (privileged access, conditional access, one very large role): ` +
        `raise stacks.maxResources in idac.yaml, or move what the extension adds to another stack.`,
    ),
  );
}

/**
 * The apply order of stacks: each after every stack it reads outputs from, otherwise in the order given. Throws
 * {@link StackLayoutError} naming the stacks of a cycle.
 */
export function orderStacks(names: readonly string[], readsFrom: ReadonlyMap<string, readonly string[]>): string[] {
  const cycle = findCycle(names, readsFrom);
  if (cycle) throw new StackLayoutError([cycleProblem(cycle)]);
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    for (const dep of [...(readsFrom.get(name) ?? [])].sort((a, b) => names.indexOf(a) - names.indexOf(b))) visit(dep);
    order.push(name);
  };
  for (const name of names) visit(name);
  return order;
}

/** Which stacks each stack of the app reads outputs from (known once the app was synthesized or its stacks prepared). */
export function stackDependencies(app: App): Map<string, string[]> {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  return new Map(stacks.map((s) => [s.node.id, s.dependencies.map((d) => d.node.id).sort()]));
}

/**
 * Synthesizes the app (or prepares its stacks) and returns the stacks in apply order; a cycle between stacks (which
 * cdktf refuses while it links them) becomes a {@link StackLayoutError} that names the stacks in it.
 */
export function synthesizeChecked(app: App & { readonly stackNames: readonly string[] }, synth: () => void): string[] {
  try {
    synth();
  } catch (err) {
    throw asLayoutError(app, err);
  }
  return orderStacks(app.stackNames, stackDependencies(app));
}

/**
 * A cycle between stacks that cdktf refused while linking them (when a construct was built with a reference to another
 * stack, or while preparing the stacks), as a {@link StackLayoutError} naming the stacks in it; any other error as it is.
 */
export function asLayoutError(app: App, err: unknown): unknown {
  const m = err instanceof Error ? /Cannot add dependency (\S+) to (\S+), because it would cause a circular dependency/.exec(err.message) : null;
  if (!m) return err;
  const [, from, to] = m as unknown as [string, string, string];
  const deps = stackDependencies(app);
  deps.set(to, [...(deps.get(to) ?? []), from]);
  const cycle = findCycle([...deps.keys()], deps);
  return new StackLayoutError([cycle ? cycleProblem(cycle) : `stacks ${to} and ${from} read each other's outputs`]);
}

function cycleProblem(cycle: readonly string[]): string {
  return (
    `stacks read each other's outputs in a cycle: ${cycle.join(" → ")}, so none of them can be applied first. ` +
    `hint: a construct added by an extension references an object in a later stack; add it to a stack after the objects it references.`
  );
}

/** A cycle in the graph, as a path that starts and ends at the same stack, or undefined. */
function findCycle(names: readonly string[], readsFrom: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === "done") return undefined;
    if (state.get(name) === "open") return [...path.slice(path.indexOf(name)), name];
    state.set(name, "open");
    path.push(name);
    for (const dep of [...(readsFrom.get(name) ?? [])].sort()) {
      const found = visit(dep);
      if (found) return found;
    }
    path.pop();
    state.set(name, "done");
    return undefined;
  };
  for (const name of names) {
    const found = visit(name);
    if (found) return found;
  }
  return undefined;
}

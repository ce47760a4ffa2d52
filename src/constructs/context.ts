import type { IConstruct } from "constructs";
import type { EnvironmentView } from "../model/environment";
import type { Principals } from "./principals";
import type { Refactoring } from "./refactoring";
import type { Registry } from "./registry";

/** What every construct needs besides its props: the environment it is built for and the stack it is built in. */
export interface ConstructContext {
  readonly view: EnvironmentView;
  /** Looks people and enterprise applications up in the stack being built. */
  readonly principals: Principals;
  /** Objects created in any stack of the environment, by catalog ID (references across stacks resolve through it). */
  readonly registry: Registry;
  /** Moved and removed blocks of the stack being built. */
  readonly refactoring: Refactoring;
  /**
   * Where business roles put their role groups (the environment's groups stack), so a role declared in an access
   * stack produces the same Terraform as the catalog. @default the scope the role is declared in
   */
  readonly roleGroupScope?: IConstruct;
}

const CONTEXT = Symbol.for("idac.constructContext");

/** Makes `ctx` the context of every idac construct created inside `scope` (an idac stack does this for itself). */
export function provideContext(scope: IConstruct, ctx: ConstructContext): void {
  Object.defineProperty(scope, CONTEXT, { value: ctx, enumerable: false });
}

/** The context of the nearest enclosing scope that provides one. */
export function contextOf(scope: IConstruct): ConstructContext {
  const scopes = scope.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const ctx = (scopes[i] as { [CONTEXT]?: ConstructContext })[CONTEXT];
    if (ctx) return ctx;
  }
  throw new Error(
    `${scope.node.path}: idac constructs are created inside an idac stack, which knows the environment (tenant, name prefix, break-glass). ` +
      "Add them to one of the environment's stacks from stacks/extensions.ts: extend({ environment, stack }) receives stack(name).",
  );
}

import type { EnvironmentView } from "../model/environment";
import type { Principals } from "./principals";
import type { Refactoring } from "./refactoring";
import type { Registry } from "./registry";

/** What every construct needs besides its model entry. */
export interface ConstructContext {
  readonly view: EnvironmentView;
  /** Looks people and enterprise applications up in the stack being built. */
  readonly principals: Principals;
  /** Objects created in any stack of the environment, by catalog ID (references across stacks resolve through it). */
  readonly registry: Registry;
  /** Moved and removed blocks of the stack being built. */
  readonly refactoring: Refactoring;
}

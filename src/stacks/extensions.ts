import { didYouMean } from "../errors/suggest";
import { STACK_ORDER, type StackKind, type StackPlan } from "../model/stacks";
import type { IdentityStack } from "./identity-stack";

/**
 * What an organisation's extension file (`stacks/extensions.ts`) receives, once per environment: the stacks the
 * catalog compiler built, by name, so it can add its own constructs (or idac's constructs without YAML) to them.
 */
export interface ExtensionContext {
  /** The environment's ID, e.g. `prod`. */
  readonly environment: string;
  /** Names of the stacks built so far, in apply order. */
  readonly stackNames: readonly string[];
  /**
   * The stack with this name (`<environment>-<concern>[-<domain>]`, e.g. `prod-access-finance`). A stack the
   * catalog has nothing for is created, when its name is one idac uses: `<env>-directory`, `<env>-groups`,
   * `<env>-access-<domain>`, `<env>-privileged-access`, `<env>-governance` or `<env>-conditional-access`. Shards the
   * catalog compiler built (`<env>-groups-3`, `<env>-role-groups-0`, `<env>-access-<domain>--1`) are found by name too.
   */
  stack(name: string): IdentityStack;
}

/** The function `stacks/extensions.ts` exports as `extend`. */
export type Extension = (context: ExtensionContext) => void;

/** The plan of the stack a name stands for in `environment`, or undefined for a name idac does not use. */
export function stackPlanFor(environment: string, name: string): StackPlan | undefined {
  const prefix = `${environment}-`;
  if (!name.startsWith(prefix)) return undefined;
  const concern = name.slice(prefix.length);
  if ((STACK_ORDER as readonly string[]).includes(concern) && concern !== "access" && concern !== "role-groups")
    return { name, environment, kind: concern as StackKind };
  const domain = /^access-([a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/.exec(concern)?.[1];
  return domain ? { name, environment, kind: "access", domain } : undefined;
}

/** The error for a stack name idac does not use, with the names it does. */
export function unknownStackMessage(environment: string, name: string, known: readonly string[]): string {
  const suggestion = didYouMean(name, known);
  return (
    `'${name}' is not a stack of environment '${environment}'. Stack names are ` +
    `${environment}-directory, ${environment}-groups, ${environment}-access-<domain>, ` +
    `${environment}-privileged-access, ${environment}-governance and ${environment}-conditional-access, and the ` +
    `shards the catalog has (${environment}-groups-<n>, ${environment}-role-groups-<n>, ${environment}-access-<domain>--<n>).` +
    `${suggestion ? ` ${suggestion}` : ""}`
  );
}

import type { CaState, EnvironmentSpec } from "../schema/catalog";
import type { z } from "zod";
import { byId, type Catalog, type ConditionalAccessPolicy, type Environment } from "./model";

/**
 * The catalog as one environment sees it: display names carry the environment's prefix, UPN domains are
 * rewritten for the environment's tenant, and conditional access states honour the environment's overrides.
 */
export interface EnvironmentView {
  readonly catalog: Catalog;
  readonly environment: Environment;
  /** Display name of an object idac creates in this environment. */
  displayName(name: string): string;
  /** A person reference as it is in this environment's tenant (UPN domain rewritten; object IDs unchanged). */
  person(ref: string): string;
  /** The state a conditional access policy has in this environment. */
  caState(policy: Pick<ConditionalAccessPolicy, "id"> & { spec: Pick<ConditionalAccessPolicy["spec"], "state"> }): z.infer<typeof CaState>;
}

export function environmentView(catalog: Catalog, environmentId: string): EnvironmentView {
  const environment = byId(catalog.environments, environmentId);
  const spec = environment.spec;
  const domains = new Map(Object.entries(spec.upnDomains ?? {}).map(([from, to]) => [from.toLowerCase(), to]));
  return {
    catalog,
    environment,
    displayName: (name) => `${spec.namePrefix}${name}`,
    person: (ref) => {
      const at = ref.lastIndexOf("@");
      if (at < 0) return ref.toLowerCase();
      const domain = ref.slice(at + 1).toLowerCase();
      return `${ref.slice(0, at)}@${domains.get(domain) ?? domain}`.toLowerCase();
    },
    caState: (policy) => caStateOverride(spec, policy.id) ?? policy.spec.state,
  };
}

/**
 * The state an environment's overrides give a conditional access policy, if any. The overrides are a plain object
 * keyed by catalog IDs, so only its own keys count: a policy named `constructor` has no override unless it is given one.
 */
export function caStateOverride(spec: EnvironmentSpec, policyId: string): z.infer<typeof CaState> | undefined {
  const overrides = spec.overrides?.conditionalAccessPolicies;
  return overrides && Object.hasOwn(overrides, policyId) ? overrides[policyId]?.state : undefined;
}

/** Object IDs of an environment's emergency-access (break-glass) accounts and group. */
export function breakGlassObjectIds(spec: EnvironmentSpec): string[] {
  return [...spec.breakGlass.accounts, ...(spec.breakGlass.group ? [spec.breakGlass.group] : [])];
}

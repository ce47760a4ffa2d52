import type { Construct } from "constructs";
import { AccessPackageCatalogConstruct } from "../src/constructs/access-package-catalog";
import { AdministrativeUnitConstruct } from "../src/constructs/administrative-unit";
import { AuthenticationStrengthConstruct } from "../src/constructs/authentication-strength";
import { BusinessRoleAccess, RoleGroup } from "../src/constructs/business-role";
import { ConditionalAccessPolicyConstruct } from "../src/constructs/conditional-access-policy";
import { NamedLocationConstruct } from "../src/constructs/named-location";
import { PrivilegedRoleConstruct } from "../src/constructs/privileged-role";
import { Registry } from "../src/constructs/registry";
import { SecurityGroup } from "../src/constructs/security-group";
import type { EnvironmentView } from "../src/model/environment";
import { planStacks } from "../src/model/stacks";
import { IdentityStack } from "./identity-stack";

/**
 * Builds every stack of one environment. Objects are created in dependency order across stacks (administrative
 * units; catalogs and role groups; groups, which list role groups they are granted to; what roles grant;
 * privileged access; conditional access), so each reference — within a stack or across stacks — points at an
 * object that exists. The catalog lists are sorted by ID, so the output does not depend on file order.
 */
export function buildEnvironmentStacks(scope: Construct, view: EnvironmentView): IdentityStack[] {
  const { catalog } = view;
  const registry = new Registry();
  const stacks = planStacks(catalog, view.environment.id).map((plan) => new IdentityStack(scope, plan, view, registry));
  const byKind = (kind: string) => stacks.filter((s) => s.plan.kind === kind);
  const accessStack = (domain: string) => stacks.find((s) => s.plan.kind === "access" && s.plan.domain === domain)!;

  for (const stack of byKind("directory")) {
    for (const unit of catalog.administrativeUnits) AdministrativeUnitConstruct.fromModel(stack, unit, stack.context);
  }
  for (const c of catalog.accessPackageCatalogs) {
    const stack = accessStack(c.domain);
    AccessPackageCatalogConstruct.fromModel(stack, c, stack.context);
  }
  const roles = catalog.businessRoles.filter((r) => r.hasRoleGroup);
  for (const role of roles) {
    const stack = accessStack(role.domain);
    RoleGroup.fromModel(stack, role, stack.context);
  }
  for (const group of catalog.groups) {
    const stack = accessStack(group.domain);
    SecurityGroup.fromModel(stack, group, stack.context);
  }
  for (const role of roles) {
    const stack = accessStack(role.domain);
    BusinessRoleAccess.fromModel(stack, role, stack.context);
  }
  for (const stack of byKind("privileged-access")) {
    for (const role of catalog.privilegedRoles) PrivilegedRoleConstruct.fromModel(stack, role, stack.context);
  }
  for (const stack of byKind("conditional-access")) {
    for (const l of catalog.namedLocations) NamedLocationConstruct.fromModel(stack, l, stack.context);
    for (const s of catalog.authenticationStrengths) AuthenticationStrengthConstruct.fromModel(stack, s, stack.context);
    for (const p of catalog.conditionalAccessPolicies) ConditionalAccessPolicyConstruct.fromModel(stack, p, stack.context);
  }
  return stacks;
}

import { TerraformDataSource, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { AccessPackageCatalogConstruct } from "../src/constructs/access-package-catalog";
import { AdministrativeUnitConstruct } from "../src/constructs/administrative-unit";
import { AuthenticationStrengthConstruct } from "../src/constructs/authentication-strength";
import { BusinessRoleAccess, RoleGroup } from "../src/constructs/business-role";
import { ConditionalAccessPolicyConstruct } from "../src/constructs/conditional-access-policy";
import { DirectoryRoleActivation } from "../src/constructs/directory-role-activation";
import type { ConstructContext } from "../src/constructs/context";
import { NamedLocationConstruct } from "../src/constructs/named-location";
import { Principals } from "../src/constructs/principals";
import { PrivilegedRoleConstruct } from "../src/constructs/privileged-role";
import { Refactoring } from "../src/constructs/refactoring";
import { Registry } from "../src/constructs/registry";
import { SecurityGroup } from "../src/constructs/security-group";
import { findDirectoryRole } from "../src/model/directory-roles";
import type { EnvironmentView } from "../src/model/environment";
import type { Catalog, RetiredEntries } from "../src/model/model";
import { planStacks } from "../src/model/stacks";
import { IdentityStack } from "./identity-stack";

type Lists = Pick<Catalog, keyof RetiredEntries>;

/**
 * Builds every stack of one environment. Objects are created in dependency order across stacks (administrative
 * units; catalogs and role groups; groups, which list role groups they are granted to; what roles grant;
 * privileged access; conditional access), so each reference — within a stack or across stacks — points at an
 * object that exists. The catalog lists are sorted by ID, so the output does not depend on file order.
 *
 * Entries retired with `forget` are built the same way into a scratch scope, only to learn their Terraform
 * addresses; the scratch scope is then dropped and each address becomes a `removed { lifecycle { destroy = false } }`
 * block. Entries retired with `destroy` are simply absent, so the plan deletes their objects.
 */
export function buildEnvironmentStacks(scope: Construct, view: EnvironmentView): IdentityStack[] {
  const registry = new Registry();
  const stacks = planStacks(view.catalog, view.environment.id).map((plan) => new IdentityStack(scope, plan, view, registry));
  // Directory roles are activated once per template, for active and retired privileged roles alike (activation
  // cannot be undone, and a forgotten role's scratch build references it).
  for (const stack of stacks.filter((s) => s.plan.kind === "privileged-access")) {
    const names = new Set([...view.catalog.privilegedRoles, ...view.catalog.retired.privilegedRoles].map((p) => findDirectoryRole(p.spec.directoryRole).role!.name));
    for (const name of [...names].sort()) DirectoryRoleActivation.fromModel(stack, findDirectoryRole(name).role!, stack.context);
  }
  build(stacks, view.catalog, (stack) => ({ scope: stack, ctx: stack.context }));

  const retired = view.catalog.retired;
  const forget = <T extends { spec: { retire?: string | undefined } }>(list: readonly T[]) => list.filter((e) => e.spec.retire === "forget");
  const forgotten: Lists = {
    administrativeUnits: forget(retired.administrativeUnits),
    groups: forget(retired.groups),
    accessPackageCatalogs: forget(retired.accessPackageCatalogs),
    businessRoles: forget(retired.businessRoles),
    privilegedRoles: forget(retired.privilegedRoles),
    namedLocations: forget(retired.namedLocations),
    authenticationStrengths: forget(retired.authenticationStrengths),
    conditionalAccessPolicies: forget(retired.conditionalAccessPolicies),
  };
  if (Object.values(forgotten).some((l) => l.length)) {
    const overlay = new Registry(registry);
    const scratch = new Map<IdentityStack, { scope: Construct; context: ConstructContext }>();
    build(stacks, forgotten, (stack) => {
      let s = scratch.get(stack);
      if (!s) {
        const scope = new Construct(stack, "retired-scratch");
        s = { scope, context: { view, registry: overlay, principals: new Principals(scope, "principals", view, overlay), refactoring: new Refactoring() } };
        scratch.set(stack, s);
      }
      return { scope: s.scope, ctx: s.context };
    });
    for (const [stack, { scope: s }] of scratch) {
      const addresses = s.node
        .findAll()
        .filter((c): c is TerraformResource => c instanceof TerraformResource && !(c instanceof TerraformDataSource))
        .map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
      stack.node.tryRemoveChild(s.node.id);
      for (const address of addresses) stack.context.refactoring.forget(address);
    }
  }
  for (const stack of stacks) stack.finish();
  return stacks;
}

/** Creates the constructs of `lists` in dependency order, each in the stack its concern and domain belong to. */
function build(stacks: IdentityStack[], lists: Lists, at: (stack: IdentityStack) => { scope: Construct; ctx: ConstructContext }): void {
  const byKind = (kind: string) => stacks.filter((s) => s.plan.kind === kind);
  const groupsStack = byKind("groups")[0]!;
  const accessStack = (domain: string) => stacks.find((s) => s.plan.kind === "access" && s.plan.domain === domain);

  for (const stack of byKind("directory")) {
    const { scope, ctx } = at(stack);
    for (const unit of lists.administrativeUnits) AdministrativeUnitConstruct.fromModel(scope, unit, ctx);
  }
  const roles = lists.businessRoles.filter((r) => r.hasRoleGroup);
  if (groupsStack) {
    const { scope, ctx } = at(groupsStack);
    for (const c of lists.accessPackageCatalogs) AccessPackageCatalogConstruct.fromModel(scope, c, ctx);
    for (const role of roles) RoleGroup.fromModel(scope, role, ctx);
    for (const group of lists.groups) SecurityGroup.fromModel(scope, group, ctx);
  }
  for (const role of roles) {
    const stack = accessStack(role.domain);
    if (!stack) continue; // nothing of this role lives in an access stack (see grantsInAccessStack)
    const { scope, ctx } = at(stack);
    BusinessRoleAccess.fromModel(scope, role, ctx);
  }
  for (const stack of byKind("privileged-access")) {
    const { scope, ctx } = at(stack);
    for (const role of lists.privilegedRoles) PrivilegedRoleConstruct.fromModel(scope, role, ctx);
  }
  for (const stack of byKind("conditional-access")) {
    const { scope, ctx } = at(stack);
    for (const l of lists.namedLocations) NamedLocationConstruct.fromModel(scope, l, ctx);
    for (const s of lists.authenticationStrengths) AuthenticationStrengthConstruct.fromModel(scope, s, ctx);
    for (const p of lists.conditionalAccessPolicies) ConditionalAccessPolicyConstruct.fromModel(scope, p, ctx);
  }
}

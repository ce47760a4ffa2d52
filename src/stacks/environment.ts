import { TerraformDataSource, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { incompatibilities } from "../analysis/sod-enforcement";
import { AccessPackageCatalog } from "../constructs/access-package-catalog";
import { AccessReview } from "../constructs/access-review";
import { AutomaticAssignment } from "../constructs/automatic-assignment";
import { IncompatibleAccess } from "../constructs/incompatible-access";
import { AdministrativeUnit } from "../constructs/administrative-unit";
import { AuthenticationMethodsPolicy } from "../constructs/authentication-methods-policy";
import { AuthenticationStrength } from "../constructs/authentication-strength";
import { BusinessRole, RoleGroup } from "../constructs/business-role";
import { ConditionalAccessPolicy } from "../constructs/conditional-access-policy";
import { provideContext } from "../constructs/context";
import { DirectoryRoleActivation } from "../constructs/directory-role-activation";
import { DirectoryRoleSetting } from "../constructs/directory-role-setting";
import { LifecycleWorkflow } from "../constructs/lifecycle-workflow";
import { NamedLocation } from "../constructs/named-location";
import { Principals } from "../constructs/principals";
import { PrivilegedRole } from "../constructs/privileged-role";
import { Refactoring } from "../constructs/refactoring";
import { Registry } from "../constructs/registry";
import { SecurityGroup } from "../constructs/security-group";
import { findDirectoryRole } from "../model/directory-roles";
import type { EnvironmentView } from "../model/environment";
import type { Catalog, RetiredEntries } from "../model/model";
import { layoutChanges, type LayoutChanges } from "../model/stack-moves";
import { sortStackPlans, stackLayout, type StackLayout, type StackPlan } from "../model/stacks";
import { stackPlanFor, unknownStackMessage, type ExtensionContext } from "./extensions";
import { IdentityStack } from "./identity-stack";
import { emitStackMoves } from "./moves";

type Lists = Pick<Catalog, keyof RetiredEntries>;

/**
 * Builds every stack of one environment. Objects are created in dependency order across stacks (administrative
 * units; catalogs and role groups; groups, which list role groups they are granted to; what roles grant;
 * privileged access; governance; conditional access), so each reference — within a stack or across stacks — points at an
 * object that exists. The catalog lists are sorted by ID, so the output does not depend on file order.
 *
 * Entries retired with `forget` are built the same way into a scratch scope, only to learn their Terraform
 * addresses; the scratch scope is then dropped and each address becomes a `removed { lifecycle { destroy = false } }`
 * block. Entries retired with `destroy` are simply absent, so the plan deletes their objects.
 *
 * With the catalog at the base revision, objects whose stack changed since (see {@link layoutChanges}) are moved: a
 * `removed` block where they were, an `import` block where they are (see {@link emitStackMoves}).
 */
export function buildEnvironmentStacks(scope: Construct, view: EnvironmentView, base?: Catalog): EnvironmentStacks {
  const registry = new Registry();
  const stacks: IdentityStack[] = [];
  // Business roles declared by an extension put their role group in the groups stack, created if the catalog has none.
  let open: EnvironmentStacks | undefined;
  const hub = `${view.environment.id}-groups`;
  const groupsStack = () => open?.stack(hub) ?? stacks.find((s) => s.plan.name === hub);
  const layout = stackLayout(view.catalog, view.environment.id);
  const changes = base ? layoutChanges(base, view.catalog, view.environment.id, layout) : undefined;
  for (const plan of layout.stacks) stacks.push(new IdentityStack(scope, plan, view, registry, groupsStack));
  // Directory roles are activated once per template, for active and retired privileged roles alike (activation
  // cannot be undone, and a forgotten role's scratch build references it).
  for (const stack of stacks.filter((s) => s.plan.kind === "privileged-access")) {
    const names = new Set(
      [...view.catalog.privilegedRoles, ...view.catalog.retired.privilegedRoles].map((p) => findDirectoryRole(p.spec.directoryRole).role!.name),
    );
    for (const name of [...names].sort()) DirectoryRoleActivation.fromModel(stack, findDirectoryRole(name).role!);
  }
  build(stacks, layout, view.catalog, (stack) => stack, view.catalog);
  // --- lifecycle workflows, authentication methods, directory role activation settings ---
  for (const stack of stacks.filter((s) => s.plan.kind === "governance")) {
    for (const w of view.catalog.lifecycleWorkflows) LifecycleWorkflow.fromModel(stack, w);
    for (const p of view.catalog.authenticationMethodsPolicies) AuthenticationMethodsPolicy.fromModel(stack, p);
    for (const d of view.catalog.directoryRoleSettings) DirectoryRoleSetting.fromModel(stack, d);
  }
  // --- end lifecycle workflows, authentication methods, directory role activation settings ---

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
    accessReviews: forget(retired.accessReviews),
  };
  if (Object.values(forgotten).some((l) => l.length)) {
    const overlay = new Registry(registry);
    const scratch = new Map<IdentityStack, { scope: Construct }>();
    build(
      stacks,
      forgottenLayout(layout, changes, (plan) => new IdentityStack(scope, plan, view, registry, groupsStack), stacks),
      forgotten,
      (stack) => {
        let s = scratch.get(stack);
        if (!s) {
          const scope = new Construct(stack, "retired-scratch");
          provideContext(scope, { view, registry: overlay, principals: new Principals(scope, "principals", view, overlay), refactoring: new Refactoring() });
          s = { scope };
          scratch.set(stack, s);
        }
        return s.scope;
      },
    );
    for (const [stack, { scope: s }] of scratch) {
      const addresses = s.node
        .findAll()
        .filter((c): c is TerraformResource => c instanceof TerraformResource && !(c instanceof TerraformDataSource))
        .map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
      stack.node.tryRemoveChild(s.node.id);
      for (const address of addresses) stack.context.refactoring.forget(address);
    }
  }
  if (changes) emitStackMoves(changes.moves, view, stacks, (plan) => new IdentityStack(scope, plan, view, registry, groupsStack));
  open = new EnvironmentStacks(scope, view, registry, stacks, groupsStack, layout);
  return open;
}

/**
 * The stacks of one environment, built from the catalog and still open: extensions add constructs to them, then
 * {@link EnvironmentStacks.finish} writes each stack's moved and removed blocks.
 */
export class EnvironmentStacks {
  constructor(
    private readonly scope: Construct,
    private readonly view: EnvironmentView,
    private readonly registry: Registry,
    private readonly built: IdentityStack[],
    private readonly groupsStack: () => IdentityStack | undefined,
    /** Where the catalog's objects were placed. */
    public readonly layout: StackLayout,
  ) {}

  /**
   * The stacks in apply order (directory, role group shards, groups, access by domain, privileged access, governance,
   * conditional access); the order the stacks' references need is checked after synthesis (see checkStackDependencies).
   */
  get stacks(): readonly IdentityStack[] {
    const plans = sortStackPlans(this.built.map((s) => s.plan));
    return plans.map((p) => this.built.find((s) => s.plan === p)!);
  }

  /** What an extension receives for this environment. */
  extensionContext(): ExtensionContext {
    const environment = this.view.environment.id;
    return { environment, stackNames: this.stacks.map((s) => s.plan.name), stack: (name) => this.stack(name) };
  }

  /** The stack with this name, created when the catalog has nothing for it. */
  stack(name: string): IdentityStack {
    const existing = this.built.find((s) => s.plan.name === name);
    if (existing) return existing;
    const environment = this.view.environment.id;
    const plan = stackPlanFor(environment, name);
    if (!plan)
      throw new Error(
        unknownStackMessage(
          environment,
          name,
          this.built.map((s) => s.plan.name),
        ),
      );
    const stack = new IdentityStack(this.scope, plan, this.view, this.registry, this.groupsStack);
    this.built.push(stack);
    return stack;
  }

  /** Writes what was collected while building (moved and removed blocks) into each stack. */
  finish(): void {
    for (const stack of this.built) stack.finish();
  }
}

/**
 * The layout for entries retired with `forget`: where the base revision had them, when the layout moved them since,
 * so each removed block lands in the state that holds the object (the base stack is created when it is gone).
 */
function forgottenLayout(
  layout: StackLayout,
  changes: LayoutChanges | undefined,
  newStack: (plan: StackPlan) => IdentityStack,
  stacks: IdentityStack[],
): StackLayout {
  if (!changes) return layout;
  const placed = changes.retired;
  for (const plan of placed.plans) if (!stacks.some((s) => s.plan.name === plan.name)) stacks.push(newStack(plan));
  const merge = (a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>) => new Map([...a, ...b]);
  return {
    ...layout,
    groups: merge(layout.groups, placed.groups),
    roleGroups: merge(layout.roleGroups, placed.roleGroups),
    access: merge(layout.access, placed.access),
  };
}

/** Creates the constructs of `lists` in dependency order, each in the stack the layout placed it in. */
function build(stacks: IdentityStack[], layout: StackLayout, lists: Lists, at: (stack: IdentityStack) => Construct, enforce?: Catalog): void {
  const byKind = (kind: string) => stacks.filter((s) => s.plan.kind === kind);
  const byName = new Map(stacks.map((s) => [s.plan.name, s]));
  const placed = (where: ReadonlyMap<string, string>, id: string) => {
    const name = where.get(id);
    return name === undefined ? undefined : byName.get(name);
  };

  for (const stack of byKind("directory")) {
    const scope = at(stack);
    for (const unit of lists.administrativeUnits) AdministrativeUnit.fromModel(scope, unit);
  }
  const roles = lists.businessRoles.filter((r) => r.hasRoleGroup);
  const hub = layout.groupsStack === undefined ? undefined : byName.get(layout.groupsStack);
  if (hub) {
    const scope = at(hub);
    for (const c of lists.accessPackageCatalogs) AccessPackageCatalog.fromModel(scope, c);
  }
  for (const role of roles) RoleGroup.fromModel(at(placed(layout.roleGroups, role.id)!), role);
  for (const group of lists.groups) SecurityGroup.fromModel(at(placed(layout.groups, group.id)!), group);
  for (const role of roles) {
    const stack = placed(layout.access, role.id);
    if (!stack) continue; // nothing of this role lives in an access stack (see stackLayout)
    BusinessRole.fromModel(at(stack), role);
  }
  for (const stack of byKind("privileged-access")) {
    const scope = at(stack);
    for (const role of lists.privilegedRoles) PrivilegedRole.fromModel(scope, role);
  }
  for (const stack of byKind("governance")) {
    const scope = at(stack);
    // --- access reviews, SoD enforcement, automatic assignment ---
    for (const review of lists.accessReviews) AccessReview.fromModel(scope, review);
    if (enforce) {
      for (const role of roles) AutomaticAssignment.fromModel(scope, role);
      for (const entry of incompatibilities(enforce)) IncompatibleAccess.fromModel(scope, entry);
    }
    // --- end access reviews, SoD enforcement, automatic assignment ---
    // --- lifecycle workflows, authentication methods, directory role activation settings ---
    // (built in buildEnvironmentStacks: these entries cannot be retired, so they are not among the lists built here)
    // --- end lifecycle workflows, authentication methods, directory role activation settings ---
  }
  for (const stack of byKind("conditional-access")) {
    const scope = at(stack);
    for (const l of lists.namedLocations) NamedLocation.fromModel(scope, l);
    for (const s of lists.authenticationStrengths) AuthenticationStrength.fromModel(scope, s);
    for (const p of lists.conditionalAccessPolicies) ConditionalAccessPolicy.fromModel(scope, p);
  }
}

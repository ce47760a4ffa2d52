import { TerraformDataSource, TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { DataAzureadGroup } from "@cdktf/provider-azuread/lib/data-azuread-group";
import { roleAdoption } from "../model/adoption";
import type { EnvironmentView } from "../model/environment";
import { byId } from "../model/model";
import type { StackMove } from "../model/stack-moves";
import type { StackPlan } from "../model/stacks";
import { groupMailNickname, roleGroupMailNickname } from "../resolve/resolve";
import { StackLayoutError } from "./dependencies";
import type { IdentityStack } from "./identity-stack";
import { terraformText } from "../constructs/private/terraform-text";

/** Terraform 1.7 is the first that reads `removed` blocks; 1.6 the first whose `import` IDs may be expressions. */
const MOVES_TERRAFORM_VERSION = ">= 1.7.0";

/**
 * Moves the objects whose stack changed since the base revision without destroying them: in the stack they leave, a
 * `removed { lifecycle { destroy = false } }` block per resource (under its address there, and the addresses it had
 * under previous IDs); in the stack they join, an `import` block per resource, its object ID looked up by the group's
 * mail nickname (a `data "azuread_group"`), or taken from `importFrom` when the catalog knows it. What a business role
 * grants (access packages, their policies and resource associations, app role assignments) has IDs no lookup finds, so
 * moving it between stacks is refused with every such role named.
 */
export function emitStackMoves(
  moves: readonly StackMove[],
  view: EnvironmentView,
  stacks: IdentityStack[],
  newStack: (plan: StackPlan) => IdentityStack,
): void {
  const problems: string[] = [];
  const stack = (plan: StackPlan) => {
    let found = stacks.find((s) => s.plan.name === plan.name);
    if (!found) {
      found = newStack(plan);
      stacks.push(found);
    }
    return found;
  };
  for (const move of moves) {
    if (move.kind === "access") {
      problems.push(
        `what business role '${move.id}' grants would move from stack ${move.from.name} to ${move.to}; idac moves groups and role groups ` +
          `between stacks, but not access packages, their policies and app role assignments (no lookup finds their IDs). hint: keep the ` +
          `previous layout by setting stacks.maxResources in idac.yaml to what it was, or move the resources by hand ` +
          `(terraform state rm in ${move.from.name}, terraform import in ${move.to}) before synthesizing with this base.`,
      );
      continue;
    }
    const to = stacks.find((s) => s.plan.name === move.to)!;
    const construct = to.node.tryFindChild(move.kind === "group" ? `group-${move.id}` : `role-group-${move.id}`);
    if (!construct) throw new Error(`internal: ${move.kind} '${move.id}' is not in stack ${move.to}`);
    const from = stack(move.from);
    const objectId = objectIdOf(move, view, to);
    for (const resource of resourcesOf(construct)) {
      const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
      for (const a of [address, ...to.context.refactoring.previousAddresses(address)]) from.context.refactoring.forget(a);
      // An adopted object's import block (importFrom) already brings it into this stack.
      if (resource.toTerraform().import === undefined) to.context.refactoring.imported(address, importId(resource, objectId, move, view, to));
    }
    from.addOverride("terraform.required_version", MOVES_TERRAFORM_VERSION);
    to.addOverride("terraform.required_version", MOVES_TERRAFORM_VERSION);
  }
  if (problems.length) throw new StackLayoutError(problems);
}

function resourcesOf(construct: Construct): TerraformResource[] {
  return construct.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource && !(c instanceof TerraformDataSource))
    .sort((a, b) => (a.friendlyUniqueId < b.friendlyUniqueId ? -1 : 1));
}

/** The object ID of the moved group: the adopted one when the catalog names it, otherwise looked up by mail nickname. */
function objectIdOf(move: StackMove, view: EnvironmentView, stack: IdentityStack): string {
  if (move.kind === "group") {
    const group = byId(view.catalog.groups, move.id);
    if (group.spec.importFrom) return group.spec.importFrom.toLowerCase();
    return lookup(stack, `moved-group-${move.id}`, groupMailNickname(group.spec));
  }
  const role = byId(view.catalog.businessRoles, move.id);
  const adopted = roleAdoption(role.spec)?.group;
  if (adopted) return adopted.toLowerCase();
  return lookup(stack, `moved-role-group-${move.id}`, roleGroupMailNickname(role.spec));
}

function lookup(stack: IdentityStack, id: string, mailNickname: string): string {
  return new DataAzureadGroup(stack, id, { mailNickname: terraformText(mailNickname), securityEnabled: true }).objectId;
}

/** Import ID formats of azuread 3.7.0 (the resource docs' "Import" sections) for what a group construct holds. */
function importId(resource: TerraformResource, objectId: string, move: StackMove, view: EnvironmentView, stack: IdentityStack): string {
  switch (resource.terraformResourceType) {
    case "azuread_group":
    case "azuread_group_without_members":
      return `/groups/${objectId}`;
    case "azuread_administrative_unit_member": {
      const unit = byId(view.catalog.groups, move.id).spec.administrativeUnit!;
      return `/directory/administrativeUnits/${stack.context.registry.get("administrativeUnit", unit)}/members/${objectId}`;
    }
    default:
      throw new Error(`internal: no import ID format for ${resource.terraformResourceType} (moving ${move.kind} '${move.id}')`);
  }
}

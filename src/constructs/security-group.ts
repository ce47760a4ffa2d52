import { Construct } from "constructs";
import { AdministrativeUnitMember } from "@cdktf/provider-azuread/lib/administrative-unit-member";
import { Group as AzureadGroup } from "@cdktf/provider-azuread/lib/group";
import { GroupWithoutMembers } from "@cdktf/provider-azuread/lib/group-without-members";
import { byId } from "../model/model";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import type { Group } from "../model/model";
import { groupMailNickname } from "../resolve/resolve";
import type { ConstructContext } from "./context";

export interface SecurityGroupProps {
  readonly group: Group;
}

/**
 * A catalog security group.
 *
 * - dynamic membership: `azuread_group` with the compiled HR rule (always requiring an enabled account);
 * - assigned and managed by idac: `azuread_group` whose `members` (authoritative) are the declared people plus
 *   the role groups of the business roles that grant it;
 * - assigned and not managed: `azuread_group_without_members`; business roles that grant it add their role
 *   group with `azuread_group_member` (never mixed with `members` on one group).
 *
 * Administrative unit membership is its own `azuread_administrative_unit_member`, and the group ignores changes
 * to `administrative_unit_ids` so the two never fight. Role-assignable groups are protected from destroy.
 */
export class SecurityGroup extends Construct {
  static fromModel(scope: Construct, group: Group, ctx: ConstructContext): SecurityGroup {
    return new SecurityGroup(scope, `group-${group.id}`, { group }, ctx);
  }

  /** Object ID of the group in Entra. */
  public readonly groupObjectId: string;

  constructor(scope: Construct, id: string, props: SecurityGroupProps, ctx: ConstructContext) {
    super(scope, id);
    const { group } = props;
    const spec = group.spec;
    const { view, principals, registry } = ctx;
    const name = currentLogicalId("group", group);
    const common = {
      displayName: view.displayName(spec.displayName),
      description: spec.description,
      securityEnabled: true,
      mailEnabled: false,
      mailNickname: groupMailNickname(spec),
      assignableToRole: spec.assignableToRole,
      visibility: spec.visibility,
      owners: principals.userObjectIds(spec.owners),
      preventDuplicateNames: true,
      lifecycle: {
        ignoreChanges: ["administrative_unit_ids"],
        ...(spec.assignableToRole ? { preventDestroy: true } : {}),
      },
    };
    const membership = spec.membership;
    let resource: AzureadGroup | GroupWithoutMembers;
    if (membership.type === "dynamic") {
      resource = new AzureadGroup(this, name, {
        ...common,
        types: ["DynamicMembership"],
        dynamicMembership: { enabled: true, rule: group.membershipRule! },
      });
    } else if (membership.managed) {
      const people = principals.userObjectIds(membership.members);
      const roleGroups = group.grantedByRoles.map((r) => registry.get("roleGroup", r));
      resource = new AzureadGroup(this, name, { ...common, members: [...people, ...roleGroups] });
    } else {
      resource = new GroupWithoutMembers(this, name, common);
    }
    identify(resource, ctx.refactoring, "group", group);
    adopt(resource, group);
    this.groupObjectId = resource.objectId;
    registry.set("group", group.id, this.groupObjectId);

    if (spec.administrativeUnit) {
      const unit = byId(view.catalog.administrativeUnits, spec.administrativeUnit);
      const member = new AdministrativeUnitMember(this, currentLogicalId("administrativeUnitMember", unit, "group", group), {
        administrativeUnitObjectId: registry.get("administrativeUnit", spec.administrativeUnit),
        memberObjectId: this.groupObjectId,
      });
      identify(member, ctx.refactoring, "administrativeUnitMember", unit, "group", group);
      // An adopted group already in an adopted unit: adopt the membership too (azuread 3.7.0 import ID format).
      if (spec.importFrom && unit.spec.importFrom) member.importFrom(`/directory/administrativeUnits/${unit.spec.importFrom.toLowerCase()}/members/${spec.importFrom.toLowerCase()}`);
    }
  }
}

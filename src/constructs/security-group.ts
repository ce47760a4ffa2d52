import { Construct } from "constructs";
import type { z } from "zod";
import { AdministrativeUnitMember } from "@cdktf/provider-azuread/lib/administrative-unit-member";
import { Group as AzureadGroup } from "@cdktf/provider-azuread/lib/group";
import { GroupWithoutMembers } from "@cdktf/provider-azuread/lib/group-without-members";
import type { AdministrativeUnit as AdministrativeUnitEntry, Group } from "../model/model";
import { groupMailNickname } from "../resolve/resolve";
import { resolveGroup } from "../resolve/single-entry";
import { Group as GroupSchema } from "../schema/catalog";
import type { AdministrativeUnit } from "./administrative-unit";
import { contextOf } from "./context";
import { entryOf } from "./private/lookup";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import { addProblem, parseProps, RESOLVED, type MaybeResolved, type Ref } from "./private/props";
import { terraformText } from "./private/terraform-text";

type Input = z.input<typeof GroupSchema>;

export interface SecurityGroupProps extends MaybeResolved<Group> {
  /** Display name in Entra; the environment's name prefix is added. */
  readonly displayName: string;
  readonly description: string;
  /** Owners: UPNs or object IDs, 1 to 100 (two are recommended). */
  readonly owners: readonly string[];
  /**
   * `{ type: "assigned", members?, managed? }` (members are UPNs or object IDs; `members` @default [], `managed`
   * @default true: idac owns the membership) or `{ type: "dynamic", when: { … HR conditions } }`.
   */
  readonly membership: Input["membership"];
  /** Role-assignable group; changing it replaces the group. @default false */
  readonly assignableToRole?: boolean;
  /** The administrative unit the group belongs to: the construct or its catalog ID. @default none */
  readonly administrativeUnit?: Ref<AdministrativeUnit>;
  /** @default "Private" */
  readonly visibility?: "Private" | "Public";
  /** Mail nickname; changing it replaces the group. @default derived from the catalog ID (the oldest of previousIds) */
  readonly mailNickname?: string;
  /** Data sensitivity, for reports and guardrails of catalog entries. @default none */
  readonly sensitivity?: Input["sensitivity"];
  /** IDs the group had before, most recent first: moved blocks keep its state. @default none */
  readonly previousIds?: Input["previousIds"];
  /** Object ID of an existing group to adopt (a Terraform import block). @default none: a new group is created */
  readonly importFrom?: string;
}

/**
 * A security group.
 *
 * - dynamic membership: `azuread_group` with the compiled HR rule (always requiring an enabled account);
 * - assigned and managed by idac: `azuread_group` whose `members` (authoritative) are the declared people plus
 *   the role groups of the business roles that grant it;
 * - assigned and not managed: `azuread_group_without_members`; business roles that grant it add their role
 *   group with `azuread_group_member` (never mixed with `members` on one group).
 *
 * Administrative unit membership is its own `azuread_administrative_unit_member`, and the group ignores changes
 * to `administrative_unit_ids` so the two never fight. Role-assignable groups are protected from destroy.
 * @see https://learn.microsoft.com/entra/fundamentals/concept-learn-about-groups
 */
export class SecurityGroup extends Construct {
  static fromModel(scope: Construct, group: Group): SecurityGroup {
    return new SecurityGroup(scope, group.id, { ...group.spec, [RESOLVED]: group });
  }

  /** The catalog ID: decides the Terraform address (`azuread_group.group__<id>`). */
  public readonly catalogId: string;
  /** Object ID of the group in Entra. */
  public readonly groupObjectId: string;
  /** The resolved entry, when the group could be built. */
  public readonly entry?: Group;
  private readonly people: string[] = [];
  private readonly roleGroups = new Map<string, string>();
  private membersResource?: AzureadGroup;

  /** @param id the catalog ID; the construct's node is `group-<id>` */
  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, `group-${id}`);
    this.catalogId = id;
    const ctx = contextOf(this);
    const group = props[RESOLVED] ?? parseProps(this, GroupSchema, { ...props, id }, resolveGroup);
    if (!group) {
      this.groupObjectId = "";
      return;
    }
    this.entry = group;
    const spec = group.spec;
    const { view, principals, registry } = ctx;
    const unit = spec.administrativeUnit
      ? entryOf<AdministrativeUnitEntry>(ctx, "administrativeUnit", view.catalog.administrativeUnits, spec.administrativeUnit)
      : undefined;
    if (spec.administrativeUnit && !unit)
      addProblem(
        this,
        `administrative unit '${spec.administrativeUnit}' is not declared in this environment (declare it before the group, in the catalog or in TypeScript).`,
      );

    const name = currentLogicalId("group", group);
    const common = {
      displayName: terraformText(view.displayName(spec.displayName)),
      description: terraformText(spec.description),
      securityEnabled: true,
      mailEnabled: false,
      mailNickname: terraformText(groupMailNickname(spec)),
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
        dynamicMembership: { enabled: true, rule: terraformText(group.membershipRule!) },
      });
    } else if (membership.managed) {
      this.people.push(...principals.userObjectIds(membership.members));
      for (const r of group.grantedByRoles) this.roleGroups.set(r, registry.get("roleGroup", r));
      this.membersResource = resource = new AzureadGroup(this, name, { ...common, members: this.members() });
    } else {
      resource = new GroupWithoutMembers(this, name, common);
    }
    identify(resource, ctx.refactoring, "group", group);
    adopt(resource, group);
    this.groupObjectId = resource.objectId;
    registry.set("group", group.id, this.groupObjectId);
    registry.setConstruct("group", group.id, this);
    if (!props[RESOLVED]) registry.setEntry("group", group, this);

    if (unit) {
      const member = new AdministrativeUnitMember(this, currentLogicalId("administrativeUnitMember", unit, "group", group), {
        administrativeUnitObjectId: registry.get("administrativeUnit", unit.id),
        memberObjectId: this.groupObjectId,
      });
      identify(member, ctx.refactoring, "administrativeUnitMember", unit, "group", group);
      // An adopted group already in an adopted unit: adopt the membership too (azuread 3.7.0 import ID format).
      if (spec.importFrom && unit.spec.importFrom)
        member.importFrom(`/directory/administrativeUnits/${unit.spec.importFrom.toLowerCase()}/members/${spec.importFrom.toLowerCase()}`);
    }
  }

  /** Whether idac owns the membership (`members` on the group) rather than adding role groups one by one. */
  get managesMembers(): boolean {
    return this.membersResource !== undefined;
  }

  /**
   * Adds a business role's group to the members of a managed group (a role declared in TypeScript that grants
   * this group). Members stay ordered: people first, then role groups by role ID, as the catalog compiler emits them.
   */
  addRoleGroup(roleId: string, roleGroupObjectId: string): void {
    if (!this.membersResource) throw new Error(`internal: group '${this.catalogId}' does not manage its members`);
    if (this.roleGroups.has(roleId)) return;
    this.roleGroups.set(roleId, roleGroupObjectId);
    this.membersResource.members = this.members();
  }

  private members(): string[] {
    return [...this.people, ...[...this.roleGroups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v)];
  }
}

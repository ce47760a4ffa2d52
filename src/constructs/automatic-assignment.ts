import { Construct } from "constructs";
import { logicalId } from "../model/addresses";
import { roleAdoption } from "../model/adoption";
import { ASSIGNMENT_POLICIES_URL, automaticAssignmentBody, type AutoAssign } from "../model/graph/automatic-assignment";
import type { BusinessRole } from "../model/model";
import { contextOf } from "./context";
import { MsgraphResource } from "./private/msgraph";

export interface AutomaticAssignmentProps {
  /** The existing automatic assignment policy's ID: an import block adopts it. @default none: a new policy is created */
  readonly importFrom?: string;
  /** The role's display name as the catalog declares it (the environment's prefix is added). */
  readonly displayName: string;
  /** Who receives the package (HR conditions) and how long they keep it after they stop matching. */
  readonly autoAssign: AutoAssign;
}

/**
 * Automatic assignment of a requestable business role's access package to everyone matching HR conditions: a second
 * assignment policy on the package (`specificDirectoryUsers` + attribute rule + automatic request settings), created
 * through Microsoft Graph because azuread 3.7.0 cannot express automatic policies. The rule is the dynamic-group rule
 * idac compiles from the same conditions, so it always requires an enabled account.
 * @see https://learn.microsoft.com/entra/id-governance/entitlement-management-access-package-auto-assignment-policy
 */
export class AutomaticAssignment extends Construct {
  static fromModel(scope: Construct, role: BusinessRole): AutomaticAssignment | undefined {
    const a = role.spec.assignment;
    if (a?.type !== "request" || !a.autoAssign) return undefined;
    const adopted = roleAdoption(role.spec)?.autoAssignmentPolicy;
    return new AutomaticAssignment(scope, role.id, {
      displayName: role.spec.displayName,
      autoAssign: a.autoAssign,
      ...(adopted ? { importFrom: adopted.toLowerCase() } : {}),
    });
  }

  public readonly catalogId: string;
  /** The assignment policy's ID. */
  public readonly assignmentPolicyId: string;

  /** @param role the requestable business role's catalog ID; the construct's node is `auto-assignment-<role>` */
  constructor(scope: Construct, role: string, props: AutomaticAssignmentProps) {
    super(scope, `auto-assignment-${role}`);
    this.catalogId = role;
    const { view, registry } = contextOf(this);
    const name = logicalId("autoAssignment", role);
    const policy = new MsgraphResource(this, name, {
      url: ASSIGNMENT_POLICIES_URL,
      apiVersion: "v1.0",
      body: automaticAssignmentBody(view.displayName(props.displayName), props.autoAssign, registry.get("accessPackage", role)),
      responseExportValues: { id: "id" },
    });
    policy.overrideLogicalId(name);
    // The provider imports a Graph object by its item URL (collection URL and ID).
    if (props.importFrom) policy.importFrom(`${ASSIGNMENT_POLICIES_URL}/${props.importFrom}`);
    this.assignmentPolicyId = policy.resourceId;
  }
}

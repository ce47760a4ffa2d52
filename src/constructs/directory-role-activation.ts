import { Construct } from "constructs";
import { DirectoryRole } from "@cdktf/provider-azuread/lib/directory-role";
import { logicalId } from "../model/addresses";
import type { DirectoryRole as DirectoryRoleDefinition } from "../model/directory-roles";
import { contextOf } from "./context";

/**
 * Activates a built-in directory role in the tenant from its template (roles other than Global Administrator
 * are not active until first used). Activation cannot be undone, so destroying this resource does nothing in
 * Entra. Role assignments reference its `template_id`, as the provider documents for built-in roles.
 */
export class DirectoryRoleActivation extends Construct {
  static fromModel(scope: Construct, role: DirectoryRoleDefinition): DirectoryRoleActivation {
    return new DirectoryRoleActivation(scope, `directory-role-${slug(role.name)}`, role);
  }

  /** The role's template ID, as a reference to the activation (so assignments wait for it). */
  public readonly roleTemplateId: string;

  constructor(scope: Construct, id: string, role: DirectoryRoleDefinition) {
    super(scope, id);
    const ctx = contextOf(this);
    const name = logicalId("directoryRole", slug(role.name));
    const resource = new DirectoryRole(this, name, { templateId: role.templateId });
    resource.overrideLogicalId(name);
    this.roleTemplateId = resource.templateId;
    ctx.registry.set("directoryRole", role.templateId, this.roleTemplateId);
  }
}

/** "Global Administrator" → "global-administrator": built-in role names are stable, unlike display names we own. */
function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

import { parseLogicalId } from "../../model/addresses";
import { finding, writes, type ChangeCheck, type GateContext, type PlannedChange } from "./change";
import { foreignTypeNoun, graphUrlPattern, GROUP_TYPES, IDAC_RESOURCE_KINDS, idacKindOf } from "../idac-resources";
import type { ResourceRef } from "./plan-index";
import { show, stringAt } from "./values";

/** Microsoft Graph's application (client) ID, the same in every tenant. */
const MICROSOFT_GRAPH_CLIENT_ID = "00000003-0000-0000-c000-000000000000";

const changes = (c: PlannedChange) => c.action === "create" || c.action === "update" || c.action === "delete" || c.action === "replace";

/**
 * A `terraform_data` resource can carry provisioners, commands run with the apply identity, which the plan's changes do
 * not show. idac emits one only as the fingerprint that replaces a lifecycle workflow: an idac name in a governance
 * stack, at the root module, and a configuration (which the plan includes) that gives it no provisioner.
 */
function isWorkflowFingerprint(change: PlannedChange, ctx: GateContext): boolean {
  return (
    change.type === "terraform_data" &&
    idacKindOf(change.type, change.name) !== undefined &&
    change.stack.endsWith("-governance") &&
    change.rc.module_address === undefined &&
    change.rc.index === undefined &&
    ctx.index.declaredWithoutProvisioners(change.stack, change.address)
  );
}

/** Only resource types the catalog compiler emits: anything else was written by hand into the plan's configuration. */
const onlyIdacResourceTypes: ChangeCheck = (change, ctx) => {
  if (!changes(change)) return [];
  if (change.type === "terraform_data" ? isWorkflowFingerprint(change, ctx) : Object.hasOwn(IDAC_RESOURCE_KINDS, change.type)) return [];
  return [
    finding("foreign", change, `${capital(verb(change))} ${foreignTypeNoun(change.type)}: ${change.address} (type ${change.type}, which idac never emits).`),
  ];
};

/** Only names idac derives from catalog IDs, at the root module, without count or for_each. */
const onlyIdacNames: ChangeCheck = (change) => {
  // terraform_data is judged whole by onlyIdacResourceTypes.
  if (!changes(change) || !Object.hasOwn(IDAC_RESOURCE_KINDS, change.type) || change.type === "terraform_data") return [];
  const kinds = IDAC_RESOURCE_KINDS[change.type]!.map((k) => k.kind).join(" or ");
  const why =
    change.rc.module_address !== undefined
      ? `it is in module ${change.rc.module_address}`
      : change.rc.index !== undefined
        ? "it uses count or for_each"
        : !idacKindOf(change.type, change.name)
          ? `its name is not a logical ID of kind ${kinds} (${parseLogicalId(change.name) ? "wrong kind or shape" : "no idac prefix"})`
          : undefined;
  return why ? [finding("foreign", change, `${capital(verb(change))} ${change.address}, which did not come from the catalog: ${why}.`)] : [];
};

/**
 * A Graph resource (msgraph provider) can send any request to Microsoft Graph, so an idac name is not enough: its URL
 * must be the one its kind uses (an access review definition, an incompatibility link, ...) and its API version v1.0.
 * A URL known only after apply cannot be verified and trips as well.
 */
const msgraphUrlsMatchKind: ChangeCheck = (change) => {
  if (!writes(change) || !change.type.startsWith("msgraph_")) return [];
  const pattern = graphUrlPattern(change.type, change.name);
  if (!pattern) return []; // not an idac name: onlyIdacNames reports it
  const url = stringAt(change.after, "url");
  const version = stringAt(change.after, "api_version");
  const why =
    url === undefined
      ? "its Graph URL is known only after apply, so what it writes cannot be verified"
      : !pattern.test(url.replace(/^\/+/, ""))
        ? `its Graph URL ${show(url)} is not the one this kind of object uses`
        : version !== undefined && version !== "v1.0"
          ? `it uses Graph API version ${show(version)} (idac writes only v1.0)`
          : undefined;
  return why ? [finding("foreign", change, `${capital(verb(change))} ${change.address}, which did not come from the catalog: ${why}.`)] : [];
};

/**
 * An app role assignment on Microsoft Graph is an application permission over the whole tenant. The resource service
 * principal is resolved through the configuration's data source (its `client_id`), else through the data sources
 * read at plan time; one that resolves to no catalog application cannot be verified and trips as well.
 */
const noGraphAppRoles: ChangeCheck = (change, ctx) => {
  if (change.type !== "azuread_app_role_assignment" || !writes(change)) return [];
  const id = stringAt(change.after, "resource_object_id");
  const ref = ctx.index.referencedResource(change.stack, change.address, "resource_object_id") ?? (id ? ctx.index.byObjectId(id) : undefined);
  const role = show(stringAt(change.after, "app_role_id"));
  if (!ref || ref.mode !== "data" || ref.type !== "azuread_service_principal") {
    return [
      finding(
        "foreign",
        change,
        `${change.what} assigns app role ${role} on ` +
          `${ref ? ref.address : `object ${show(id)}`}, which is not the service principal of a ` +
          `catalog application (cannot verify what it grants).`,
      ),
    ];
  }
  if (isMicrosoftGraph(ref, ctx)) {
    return [
      finding(
        "foreign",
        change,
        `${change.what} assigns app role ${role} of Microsoft Graph (${ref.address}): an application permission over the whole tenant.`,
      ),
    ];
  }
  return [];
};

/** idac nests only business role groups into groups: a membership of anything else was not compiled from the catalog. */
const onlyRoleGroupsNested: ChangeCheck = (change, ctx) => {
  if (change.type !== "azuread_group_member" || (change.action !== "create" && change.action !== "replace")) return [];
  const ref = ctx.index.referencedResource(change.stack, change.address, "member_object_id");
  if (ref && GROUP_TYPES.has(ref.type) && idacKindOf(ref.type, ref.name) === "roleGroup") return [];
  const member = ref ? ref.address : `object ${show(stringAt(change.after, "member_object_id"))}`;
  return [finding("foreign", change, `${change.what} adds ${member} as a member: idac only nests business role groups into groups.`)];
};

function isMicrosoftGraph(ref: ResourceRef, ctx: GateContext): boolean {
  const clientId = ctx.index.expression(ref.stack, ref.address, "client_id");
  const values = ctx.index.values(ref);
  const said = [clientId?.constant, values?.client_id, values?.application_id].filter((v): v is string => typeof v === "string").map((v) => v.toLowerCase());
  if (said.includes(MICROSOFT_GRAPH_CLIENT_ID)) return true;
  if ((clientId?.references ?? []).some((r) => /MicrosoftGraph/.test(r))) return true;
  const displayName = ctx.index.expression(ref.stack, ref.address, "display_name")?.constant ?? values?.display_name;
  return typeof displayName === "string" && displayName.toLowerCase() === "microsoft graph";
}

function verb(change: PlannedChange): string {
  return { create: "creates", update: "updates", delete: "deletes", replace: "replaces" }[change.action as "create"] ?? change.action;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const FOREIGN_CHECKS: readonly ChangeCheck[] = [onlyIdacResourceTypes, onlyIdacNames, msgraphUrlsMatchKind, noGraphAppRoles, onlyRoleGroupsNested];

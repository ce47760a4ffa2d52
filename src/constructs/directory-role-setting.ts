import { Construct } from "constructs";
import type { z } from "zod";
import { findDirectoryRole, directoryRoleName } from "../model/directory-roles";
import { DIRECTORY_ROLE_RULES, directoryRolePolicyQuery, directoryRoleRuleBodies, roleRuleUrl } from "../model/graph/directory-role-settings";
import type { DirectoryRoleSetting as SettingEntry } from "../model/model";
import { DEFAULT_DOMAIN } from "../resolve/resolve";
import { DirectoryRoleSetting as SettingSchema } from "../schema/catalog";
import { contextOf } from "./context";
import { MsgraphResourceData, MsgraphUpdateResource, type GraphBody } from "./private/msgraph";
import { addProblem, parseProps, RESOLVED, type MaybeResolved } from "./private/props";
import { currentLogicalId } from "./private/previous-ids";

type Input = z.input<typeof SettingSchema>;

export interface DirectoryRoleSettingProps extends MaybeResolved<SettingEntry> {
  /** Built-in directory role: its name or template ID. */
  readonly directoryRole: string;
  /**
   * Activation settings. `maxDurationHours` (0.5 to 24, half-hour steps) is required; `requireMfa` @default true,
   * `requireJustification` @default true, `requireTicket` @default false, `approvers` @default none (no approval).
   */
  readonly activation: Input["activation"];
  /** Longest eligibility for new assignments. @default 90 */
  readonly eligibilityMaxDays?: Input["eligibilityMaxDays"];
}

/**
 * PIM settings of a directory role that is assigned directly: its tenant-wide role management policy, found by a
 * `data.msgraph_resource` on the policy assignments and updated rule by rule with `msgraph_update_resource`
 * (activation duration, MFA, justification, ticket, approval, eligibility length). Entra creates the policy and
 * it cannot be deleted: removing the construct leaves the last applied rules in place.
 * @see https://learn.microsoft.com/graph/api/resources/unifiedrolemanagementpolicyrule
 */
export class DirectoryRoleSetting extends Construct {
  static fromModel(scope: Construct, setting: SettingEntry): DirectoryRoleSetting {
    return new DirectoryRoleSetting(scope, setting.id, { ...setting.spec, [RESOLVED]: setting });
  }

  public readonly catalogId: string;

  /** @param id the catalog ID; the construct's node is `directory-role-setting-<id>` */
  constructor(scope: Construct, id: string, props: DirectoryRoleSettingProps) {
    super(scope, `directory-role-setting-${id}`);
    this.catalogId = id;
    const ctx = contextOf(this);
    const setting =
      props[RESOLVED] ??
      parseProps(this, SettingSchema, { ...props, id }, (spec, source) => {
        const role = findDirectoryRole(spec.directoryRole).role;
        if (!role) return { entry: undefined, problems: [`'${spec.directoryRole}' is not a built-in Microsoft Entra directory role`] };
        return {
          entry: {
            id,
            spec: { ...spec, directoryRole: directoryRoleName(spec.directoryRole) },
            domain: DEFAULT_DOMAIN,
            source,
            directoryRoleTemplateId: role.templateId,
            privileged: role.privileged || role.highlyPrivileged,
          },
          problems: [],
        };
      });
    if (!setting) return;
    const groups = (setting.spec.activation.approvers ?? []).filter((a) => a.startsWith("group:")).map((a) => a.slice("group:".length));
    const missing = groups.filter((g) => !ctx.registry.has("group", g));
    if (missing.length) {
      addProblem(this, `approver groups ${missing.map((g) => `'${g}'`).join(", ")} are not declared in this environment`);
      return;
    }
    const query = directoryRolePolicyQuery(setting.directoryRoleTemplateId);
    const policyName = currentLogicalId("directoryRolePolicy", setting.id);
    const policy = new MsgraphResourceData(this, policyName, {
      url: query.url,
      apiVersion: "v1.0",
      queryParameters: { $filter: [query.filter] },
      responseExportValues: { policy_id: "value[0].policyId" },
    });
    policy.overrideLogicalId(policyName);
    const bodies = directoryRoleRuleBodies(setting, {
      approver: (ref) => {
        const a = ctx.principals.approver(ref);
        if (a.kind !== "user" && a.kind !== "group") throw new Error(`internal: activation approver ${ref} is not a user or group (the schema refuses it)`);
        return { kind: a.kind, id: a.objectId };
      },
    });
    for (const rule of DIRECTORY_ROLE_RULES) {
      const name = currentLogicalId("directoryRoleRule", setting.id, rule.toLowerCase());
      const resource = new MsgraphUpdateResource(this, name, {
        url: roleRuleUrl(policy.output("policy_id"), rule),
        apiVersion: "v1.0",
        body: bodies[rule] as GraphBody,
      });
      resource.overrideLogicalId(name);
    }
  }
}

/** Builds resource changes shaped like `terraform show -json` output (format 1.2). */
export function resourceChange(type: string, name: string, actions: string[], before: unknown, after: unknown, extra: Record<string, unknown> = {}) {
  return {
    address: `${type}.${name}`,
    mode: "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/azuread",
    change: {
      actions,
      before,
      after,
      after_unknown: after === null ? {} : { id: actions.includes("create") },
      before_sensitive: before === null ? false : {},
      after_sensitive: after === null ? false : {},
      ...(extra.replace_paths ? { replace_paths: extra.replace_paths } : {}),
    },
    ...(extra.action_reason ? { action_reason: extra.action_reason } : {}),
  };
}

export function plan(resourceChanges: unknown[], extra: Record<string, unknown> = {}) {
  return { format_version: "1.2", terraform_version: "1.11.4", planned_values: { root_module: {} }, resource_changes: resourceChanges, ...extra };
}

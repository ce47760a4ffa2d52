import type { TfJson } from "./synth";

/**
 * What azuread 3.7.0 sends to Microsoft Graph for a synthesized `azuread_conditional_access_policy`, written from the
 * provider's source at tag v3.7.0 (internal/services/conditionalaccess/conditionalaccess.go: expandConditionalAccess-
 * ConditionSet, expandConditionalAccessGrantControls, expandConditionalAccessSessionControls and their helpers), with
 * Terraform references resolved to the object IDs they stand for. Tests compare it with the expected tenant: the
 * construct and the concept module must agree on what a catalog policy becomes in Entra.
 */
export function providerExpand(resource: Record<string, any>, resolve: (value: string) => string): Record<string, unknown> {
  const ids = (list: string[] | undefined) => (list ?? []).map(resolve);
  const c = resource.conditions;
  const filter = (f: { mode: string; rule: string } | undefined) => (f ? { mode: f.mode, rule: f.rule } : undefined);
  const guests = (g: { guest_or_external_user_types: string[]; external_tenants?: { membership_kind: string; members?: string[] }[] }[] | undefined) => {
    const x = g?.[0];
    if (!x) return null;
    const t = x.external_tenants?.[0];
    return {
      guestOrExternalUserTypes: x.guest_or_external_user_types.length ? x.guest_or_external_user_types.join(",") : null,
      externalTenants: t
        ? t.membership_kind === "enumerated"
          ? { membershipKind: t.membership_kind, members: t.members ?? [] }
          : { membershipKind: t.membership_kind }
        : null,
    };
  };
  const conditions = {
    applications: {
      includeApplications: c.applications.included_applications ?? [],
      excludeApplications: c.applications.excluded_applications ?? [],
      includeUserActions: c.applications.included_user_actions ?? [],
    },
    authenticationFlows: c.authentication_flow_transfer_methods?.length ? { transferMethods: c.authentication_flow_transfer_methods.join(",") } : null,
    clientAppTypes: c.client_app_types,
    clientApplications: c.client_applications
      ? {
          includeServicePrincipals: ids(c.client_applications.included_service_principals),
          excludeServicePrincipals: ids(c.client_applications.excluded_service_principals),
          ...(c.client_applications.filter ? { servicePrincipalFilter: filter(c.client_applications.filter) } : {}),
        }
      : null,
    devices: c.devices ? { deviceFilter: filter(c.devices.filter) ?? null } : null,
    locations: c.locations ? { includeLocations: ids(c.locations.included_locations), excludeLocations: ids(c.locations.excluded_locations) } : null,
    platforms: c.platforms ? { includePlatforms: c.platforms.included_platforms ?? [], excludePlatforms: c.platforms.excluded_platforms ?? [] } : null,
    servicePrincipalRiskLevels: c.service_principal_risk_levels ?? [],
    signInRiskLevels: c.sign_in_risk_levels ?? [],
    userRiskLevels: c.user_risk_levels ?? [],
    ...(c.insider_risk_levels ? { insiderRiskLevels: c.insider_risk_levels } : {}),
    users: {
      includeUsers: ids(c.users.included_users),
      excludeUsers: ids(c.users.excluded_users),
      includeGroups: ids(c.users.included_groups),
      excludeGroups: ids(c.users.excluded_groups),
      includeRoles: c.users.included_roles ?? [],
      excludeRoles: c.users.excluded_roles ?? [],
      includeGuestsOrExternalUsers: guests(c.users.included_guests_or_external_users),
      excludeGuestsOrExternalUsers: guests(c.users.excluded_guests_or_external_users),
    },
  };
  const g = resource.grant_controls;
  const grantControls = g
    ? {
        operator: g.operator,
        builtInControls: g.built_in_controls ?? [],
        customAuthenticationFactors: g.custom_authentication_factors ?? [],
        termsOfUse: g.terms_of_use ?? [],
        authenticationStrength: g.authentication_strength_policy_id ? { id: resolve(g.authentication_strength_policy_id).split("/").pop() } : null,
      }
    : null;
  return {
    displayName: resource.display_name,
    state: resource.state,
    conditions,
    grantControls,
    sessionControls: resource.session_controls ? sessionControls(resource.session_controls) : null,
  };
}

/** expandConditionalAccessSessionControls: the provider's defaults, and what it leaves out with an everyTime frequency. */
function sessionControls(s: Record<string, any>): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  if (s.cloud_app_security_policy) out.cloudAppSecurity = { isEnabled: true, cloudAppSecurityType: s.cloud_app_security_policy };
  if (s.persistent_browser_mode) out.persistentBrowser = { isEnabled: true, mode: s.persistent_browser_mode };
  const f: Record<string, unknown> = {};
  if ((s.sign_in_frequency ?? 0) > 0)
    Object.assign(f, {
      isEnabled: true,
      type: s.sign_in_frequency_period,
      value: s.sign_in_frequency,
      authenticationType: "primaryAndSecondaryAuthentication",
      frequencyInterval: "timeBased",
    });
  if (s.sign_in_frequency_authentication_type) f.authenticationType = s.sign_in_frequency_authentication_type;
  if (s.sign_in_frequency_interval)
    Object.assign(f, {
      isEnabled: true,
      authenticationType: s.sign_in_frequency_authentication_type ?? "primaryAndSecondaryAuthentication",
      frequencyInterval: s.sign_in_frequency_interval,
    });
  const everyTime = f.frequencyInterval === "everyTime";
  if (!everyTime) out.applicationEnforcedRestrictions = { isEnabled: s.application_enforced_restrictions_enabled === true };
  if (!everyTime) out.disableResilienceDefaults = s.disable_resilience_defaults === true;
  if (
    f.isEnabled ||
    (f.frequencyInterval && f.frequencyInterval !== "timeBased") ||
    (f.authenticationType && f.authenticationType !== "primaryAndSecondaryAuthentication")
  )
    out.signInFrequency = f;
  const ineffective =
    !(out.applicationEnforcedRestrictions as { isEnabled?: boolean } | undefined)?.isEnabled &&
    !out.cloudAppSecurity &&
    out.disableResilienceDefaults !== true &&
    !out.persistentBrowser &&
    !out.signInFrequency;
  return ineffective ? null : out;
}

/**
 * Resolves the Terraform references of synthesized stacks to object IDs: people and applications by the data
 * sources' UPN or client ID, adopted objects by their import blocks, and values another stack exports through its
 * outputs (read with terraform_remote_state).
 */
export function terraformResolver(
  stacks: Record<string, TfJson>,
  lookup: { userId(upn: string): string; servicePrincipalId(clientId: string): string },
): (value: string) => string {
  const importId = (stack: TfJson, address: string) => ((stack as { import?: { to: string; id: string }[] }).import ?? []).find((b) => b.to === address)?.id;
  const resolveIn = (stackName: string, value: string): string => {
    const m = /^\$\{(data\.)?([a-z_]+)\.([A-Za-z0-9_-]+)\.(?:outputs\.([A-Za-z0-9_-]+)|([a-z_]+))\}$/.exec(value);
    if (!m) return value;
    const stack = stacks[stackName]!;
    const [, data, type, name, output] = m;
    if (data && type === "terraform_remote_state") {
      const source = Object.keys(stacks).find((s) => (stacks[s]!.output as Record<string, unknown> | undefined)?.[output!] !== undefined)!;
      return resolveIn(source, String((stacks[source]!.output as Record<string, { value: string }>)[output!]!.value));
    }
    if (data && type === "azuread_user") return lookup.userId(String(stack.data!.azuread_user![name!]!.user_principal_name));
    if (data && type === "azuread_service_principal") return lookup.servicePrincipalId(String(stack.data!.azuread_service_principal![name!]!.client_id));
    const id = importId(stack, `${type}.${name}`);
    if (!id) throw new Error(`no import block for ${type}.${name} in ${stackName}`);
    return id.split("/").pop()!;
  };
  const stackOfPolicies = Object.keys(stacks).find((s) => stacks[s]!.resource?.azuread_conditional_access_policy)!;
  return (value) => resolveIn(stackOfPolicies, value);
}

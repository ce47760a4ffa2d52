import { Construct } from "constructs";
import type { z } from "zod";
import {
  ConditionalAccessPolicy as AzureadConditionalAccessPolicy,
  type ConditionalAccessPolicyConditionsClientApplications,
  type ConditionalAccessPolicyConditionsUsers,
  type ConditionalAccessPolicyConditionsUsersIncludedGuestsOrExternalUsers,
  type ConditionalAccessPolicyGrantControls,
  type ConditionalAccessPolicySessionControls,
} from "@cdktf/provider-azuread/lib/conditional-access-policy";
import { signInFrequencyOf } from "../model/ca-controls";
import { breakGlassExclusions, includesSomebody, LEGACY_GUESTS_KEYWORD } from "../model/ca-targeting";
import { findDirectoryRole } from "../model/directory-roles";
import { caApplicationKeyword, CA_STATE, CA_USER_ACTIONS } from "../model/graph-values";
import { byId, findById, type ConditionalAccessPolicy as ConditionalAccessPolicyEntry } from "../model/model";
import { resolveConditionalAccessPolicy } from "../resolve/single-entry";
import { ConditionalAccessPolicy as ConditionalAccessPolicySchema, type ConditionalAccessPolicySpec } from "../schema/catalog";
import { BUILT_IN_STRENGTH_POLICY_IDS, type AuthenticationStrength } from "./authentication-strength";
import { contextOf, type ConstructContext } from "./context";
import type { NamedLocation } from "./named-location";
import { addProblem, parseProps, RESOLVED, type MaybeResolved, type Ref } from "./private/props";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import type { SecurityGroup } from "./security-group";
import { terraformText } from "./private/terraform-text";

type Input = z.input<typeof ConditionalAccessPolicySchema>;
type UsersInput = Input["users"];
type WithGroups<T> = Omit<T, "groups"> & { readonly groups?: readonly Ref<SecurityGroup>[] };

export interface ConditionalAccessPolicyProps extends MaybeResolved<ConditionalAccessPolicyEntry> {
  /** Display name; the environment's name prefix is added. Convention: `CA<number>-<Persona>-<PolicyType>-<App>-<Platform>-<Grant>`. */
  readonly displayName: string;
  /** @default no description */
  readonly description?: string;
  /** `enabled`, `reportOnly` or `disabled`; the environment's overrides win. @default "reportOnly" */
  readonly state?: Input["state"];
  /**
   * Who the policy applies to: `include` (`all` @default false; `users` (UPNs or object IDs), `groups` (constructs
   * or catalog IDs), `roles` (built-in role names or template IDs), `guestsOrExternalUsers` @default [] each) and
   * `exclude` (the same lists) @default nobody besides the break-glass accounts.
   */
  readonly users: { readonly include: WithGroups<UsersInput["include"]>; readonly exclude?: WithGroups<NonNullable<UsersInput["exclude"]>> };
  /** `{ include: [...], exclude? }` (applications from the catalog or keywords such as `"All"`, `"Office365"`), or `{ userActions }`. */
  readonly applications: Input["applications"];
  /** Workload identities the policy applies to (with `users: { include: {} }`). @default none */
  readonly clientApplications?: Input["clientApplications"];
  /** @default every client app type */
  readonly clientAppTypes?: Input["clientAppTypes"];
  /** @default no device filter */
  readonly deviceFilter?: Input["deviceFilter"];
  /** @default every platform */
  readonly platforms?: Input["platforms"];
  /** Named locations (constructs or catalog IDs), `"All"` or `"AllTrusted"`. @default every location */
  readonly locations?: {
    readonly include: readonly ("All" | "AllTrusted" | Ref<NamedLocation>)[];
    readonly exclude?: readonly ("AllTrusted" | Ref<NamedLocation>)[];
  };
  /** @default any sign-in risk */
  readonly signInRiskLevels?: Input["signInRiskLevels"];
  /** @default any user risk */
  readonly userRiskLevels?: Input["userRiskLevels"];
  /** @default any service principal risk */
  readonly servicePrincipalRiskLevels?: Input["servicePrincipalRiskLevels"];
  /** @default any insider risk */
  readonly insiderRiskLevels?: Input["insiderRiskLevels"];
  /** @default any authentication flow */
  readonly authenticationFlows?: Input["authenticationFlows"];
  /**
   * Grant controls: `{ block: true }`, or `controls`, an `authenticationStrength` (a built-in name such as
   * `"phishingResistantMfa"`, or a custom strength construct or catalog ID), `termsOfUse`, `customAuthenticationFactors`;
   * `operator` @default "OR". @default none: a policy with session controls only
   */
  readonly grant?: Omit<NonNullable<Input["grant"]>, "authenticationStrength"> & { readonly authenticationStrength?: Ref<AuthenticationStrength> };
  /** Session controls. @default none */
  readonly session?: Input["session"];
  /** Exclude the environment's break-glass accounts and group; false is for policies aimed at them. @default true */
  readonly excludeBreakGlass?: boolean;
  /** IDs the policy had before, most recent first: moved blocks keep its state. @default none */
  readonly previousIds?: Input["previousIds"];
  /** Object ID of an existing policy to adopt (a Terraform import block). @default none: a new policy is created */
  readonly importFrom?: string;
}

/**
 * A conditional access policy: everything azuread 3.7.0's `azuread_conditional_access_policy` can express (users and
 * guests with their tenants, workload identities, applications or user actions, client apps, device filter,
 * platforms, locations, risk levels, authentication flows; grant and session controls, or session controls only).
 * The environment's break-glass accounts (and group) are added to the exclusions of every policy, unless the policy
 * says `excludeBreakGlass: false`. The policy's state honours the environment's overrides.
 * Protected from destroy: deleting a policy needs explicit intent.
 * @see https://registry.terraform.io/providers/hashicorp/azuread/3.7.0/docs/resources/conditional_access_policy
 */
export class ConditionalAccessPolicy extends Construct {
  static fromModel(scope: Construct, policy: ConditionalAccessPolicyEntry): ConditionalAccessPolicy {
    return new ConditionalAccessPolicy(scope, policy.id, { ...(policy.spec as ConditionalAccessPolicyProps), [RESOLVED]: policy });
  }

  /** The catalog ID: decides the Terraform address (`azuread_conditional_access_policy.ca__<id>`). */
  public readonly catalogId: string;
  public readonly conditionalAccessPolicyId: string;

  /** @param id the catalog ID; the construct's node is `conditional-access-policy-<id>` */
  constructor(scope: Construct, id: string, props: ConditionalAccessPolicyProps) {
    super(scope, `conditional-access-policy-${id}`);
    this.catalogId = id;
    const ctx = contextOf(this);
    const policy = props[RESOLVED] ?? parseProps(this, ConditionalAccessPolicySchema, { ...props, id }, resolveConditionalAccessPolicy);
    if (!policy || !referencesDeclared(this, policy.spec, ctx)) {
      this.conditionalAccessPolicyId = "";
      return;
    }
    const spec = policy.spec;
    const name = currentLogicalId("conditionalAccessPolicy", policy);
    const apps = spec.applications;
    const resource = new AzureadConditionalAccessPolicy(this, name, {
      displayName: terraformText(ctx.view.displayName(spec.displayName)),
      state: CA_STATE[ctx.view.caState(policy)],
      conditions: {
        users: users(spec, ctx),
        applications:
          "include" in apps
            ? {
                includedApplications: sorted(apps.include).map((a) => application(a, ctx)),
                ...(apps.exclude.length ? { excludedApplications: sorted(apps.exclude).map((a) => application(a, ctx)) } : {}),
              }
            : { includedUserActions: sorted(apps.userActions).map((a) => CA_USER_ACTIONS[a]) },
        clientAppTypes: spec.clientAppTypes?.length ? sorted(spec.clientAppTypes) : ["all"],
        ...(spec.platforms
          ? {
              platforms: {
                includedPlatforms: sorted(spec.platforms.include),
                ...(spec.platforms.exclude.length ? { excludedPlatforms: sorted(spec.platforms.exclude) } : {}),
              },
            }
          : {}),
        ...(spec.locations
          ? {
              locations: {
                includedLocations: sorted(spec.locations.include).map((l) => location(l, ctx)),
                ...(spec.locations.exclude.length ? { excludedLocations: sorted(spec.locations.exclude).map((l) => location(l, ctx)) } : {}),
              },
            }
          : {}),
        ...(spec.signInRiskLevels?.length ? { signInRiskLevels: sorted(spec.signInRiskLevels) } : {}),
        ...(spec.userRiskLevels?.length ? { userRiskLevels: sorted(spec.userRiskLevels) } : {}),
        ...(spec.authenticationFlows?.length ? { authenticationFlowTransferMethods: sorted(spec.authenticationFlows) } : {}),
        ...(spec.clientApplications ? { clientApplications: clientApplications(spec.clientApplications, ctx) } : {}),
        ...(spec.deviceFilter ? { devices: { filter: { mode: spec.deviceFilter.mode, rule: terraformText(spec.deviceFilter.rule) } } } : {}),
        ...(spec.servicePrincipalRiskLevels?.length ? { servicePrincipalRiskLevels: sorted(spec.servicePrincipalRiskLevels) } : {}),
        ...(spec.insiderRiskLevels?.length ? { insiderRiskLevels: spec.insiderRiskLevels[0] } : {}),
      },
      ...(spec.grant ? { grantControls: grant(spec.grant, ctx) } : {}),
      ...(spec.session ? { sessionControls: session(spec.session) } : {}),
      lifecycle: { preventDestroy: true },
    });
    identify(resource, ctx.refactoring, "conditionalAccessPolicy", policy);
    adopt(resource, policy);
    this.conditionalAccessPolicyId = resource.id;
  }
}

function users(spec: ConditionalAccessPolicySpec, ctx: ConstructContext): ConditionalAccessPolicyConditionsUsers {
  const { include, exclude } = spec.users;
  // Excluded unless the policy says otherwise (a guardrail finding): see ConditionalAccessPolicy.excludeBreakGlass.
  const breakGlass = breakGlassExclusions(spec, ctx.view.environment.spec.breakGlass);
  const group = (id: string) => ctx.registry.get("group", id);
  const role = (name: string) => findDirectoryRole(name).role!.templateId;
  const legacy = (set: { legacyGuestsOrExternalUsers?: true | undefined }) => (set.legacyGuestsOrExternalUsers ? [LEGACY_GUESTS_KEYWORD] : []);
  const includedUsers = include.all ? ["All"] : [...ctx.principals.userObjectIds(include.users), ...legacy(include)];
  const somebody = includesSomebody(include);
  const excludedGroups = [...sorted(exclude.groups).map(group), ...(breakGlass.group ? [breakGlass.group] : [])];
  return {
    ...(includedUsers.length || !somebody ? { includedUsers: somebody ? includedUsers : ["None"] } : {}),
    ...(exclude.users.length + breakGlass.accounts.length + legacy(exclude).length
      ? { excludedUsers: [...new Set([...ctx.principals.userObjectIds(exclude.users), ...legacy(exclude), ...breakGlass.accounts])] }
      : {}),
    ...(include.groups.length ? { includedGroups: sorted(include.groups).map(group) } : {}),
    ...(excludedGroups.length ? { excludedGroups } : {}),
    ...(include.roles.length ? { includedRoles: sorted(include.roles.map(role)) } : {}),
    ...(exclude.roles.length ? { excludedRoles: sorted(exclude.roles.map(role)) } : {}),
    ...(include.guestsOrExternalUsers.length ? { includedGuestsOrExternalUsers: [guests(include)] } : {}),
    ...(exclude.guestsOrExternalUsers.length ? { excludedGuestsOrExternalUsers: [guests(exclude)] } : {}),
  };
}

/** Guest and external user types, from every external tenant or from the listed ones. */
function guests(set: ConditionalAccessPolicySpec["users"]["exclude"]): ConditionalAccessPolicyConditionsUsersIncludedGuestsOrExternalUsers {
  return {
    guestOrExternalUserTypes: sorted(set.guestsOrExternalUsers),
    externalTenants: [
      set.externalTenants ? { membershipKind: "enumerated", members: sorted(set.externalTenants.map((t) => t.toLowerCase())) } : { membershipKind: "all" },
    ],
  };
}

/** Workload identities: the tenant's service principals, or those of catalog applications (looked up by client ID). */
function clientApplications(
  c: NonNullable<ConditionalAccessPolicySpec["clientApplications"]>,
  ctx: ConstructContext,
): ConditionalAccessPolicyConditionsClientApplications {
  const sp = (target: string) =>
    target === "ServicePrincipalsInMyTenant" ? target : ctx.principals.servicePrincipalObjectId(byId(ctx.view.catalog.applications, target));
  return {
    includedServicePrincipals: sorted(c.include).map(sp),
    ...(c.exclude.length ? { excludedServicePrincipals: sorted(c.exclude).map(sp) } : {}),
    ...(c.filter ? { filter: { mode: c.filter.mode, rule: terraformText(c.filter.rule) } } : {}),
  };
}

function application(target: string, ctx: ConstructContext): string {
  return caApplicationKeyword(target) ?? byId(ctx.view.catalog.applications, target).spec.clientId;
}

function location(target: string, ctx: ConstructContext): string {
  return target === "All" || target === "AllTrusted" ? target : ctx.registry.get("namedLocation", target);
}

/** Grant controls as written: block keeps its operator too, so an imported AND stays AND. */
function grant(g: NonNullable<ConditionalAccessPolicySpec["grant"]>, ctx: ConstructContext): ConditionalAccessPolicyGrantControls {
  if (g.block) return { operator: g.operator, builtInControls: ["block"] };
  const strength = g.authenticationStrength;
  return {
    operator: g.operator,
    ...(g.controls.length ? { builtInControls: sorted(g.controls) } : {}),
    ...(strength ? { authenticationStrengthPolicyId: BUILT_IN_STRENGTH_POLICY_IDS[strength] ?? ctx.registry.get("authenticationStrength", strength) } : {}),
    ...(g.termsOfUse.length ? { termsOfUse: sorted(g.termsOfUse.map((t) => t.toLowerCase())) } : {}),
    ...(g.customAuthenticationFactors.length ? { customAuthenticationFactors: sorted(g.customAuthenticationFactors).map(terraformText) } : {}),
  };
}

function session(s: NonNullable<ConditionalAccessPolicySpec["session"]>): ConditionalAccessPolicySessionControls {
  const f = s.signInFrequency ? signInFrequencyOf(s.signInFrequency) : undefined;
  return {
    ...(f?.interval === "everyTime"
      ? { signInFrequencyInterval: "everyTime", signInFrequencyAuthenticationType: f.authenticationType }
      : f
        ? {
            signInFrequency: f.value,
            signInFrequencyPeriod: f.period,
            signInFrequencyInterval: "timeBased",
            signInFrequencyAuthenticationType: f.authenticationType,
          }
        : {}),
    ...(s.persistentBrowser ? { persistentBrowserMode: s.persistentBrowser } : {}),
    ...(s.applicationEnforcedRestrictions !== undefined ? { applicationEnforcedRestrictionsEnabled: s.applicationEnforcedRestrictions } : {}),
    ...(s.cloudAppSecurity ? { cloudAppSecurityPolicy: s.cloudAppSecurity } : {}),
    ...(s.disableResilienceDefaults !== undefined ? { disableResilienceDefaults: s.disableResilienceDefaults } : {}),
  };
}

/** Set-like lists are emitted sorted and without duplicates, so the order they were written in never shows in a plan. */
function sorted<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}

/** References a policy built in TypeScript makes must name objects of this environment (the catalog's are checked by the resolver). */
function referencesDeclared(construct: Construct, spec: ConditionalAccessPolicySpec, ctx: ConstructContext): boolean {
  const missing: string[] = [];
  const { include, exclude } = spec.users;
  for (const g of [...include.groups, ...exclude.groups]) if (!ctx.registry.has("group", g)) missing.push(`group '${g}'`);
  for (const l of [...(spec.locations?.include ?? []), ...(spec.locations?.exclude ?? [])]) {
    if (l !== "All" && l !== "AllTrusted" && !ctx.registry.has("namedLocation", l)) missing.push(`named location '${l}'`);
  }
  const strength = spec.grant?.authenticationStrength;
  if (strength && !BUILT_IN_STRENGTH_POLICY_IDS[strength] && !ctx.registry.has("authenticationStrength", strength))
    missing.push(`authentication strength '${strength}'`);
  const apps = "include" in spec.applications ? [...spec.applications.include, ...spec.applications.exclude] : [];
  for (const a of [...apps, ...(spec.clientApplications ? [...spec.clientApplications.include, ...spec.clientApplications.exclude] : [])]) {
    if (a !== "ServicePrincipalsInMyTenant" && caApplicationKeyword(a) === undefined && !findById(ctx.view.catalog.applications, a))
      missing.push(`application '${a}'`);
  }
  for (const m of missing)
    addProblem(construct, `${m} is not declared in this environment (declare it before the policy; applications are declared in the catalog).`);
  return missing.length === 0;
}

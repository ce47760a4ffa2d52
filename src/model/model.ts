import type { SourceLocation } from "../errors/issue";
import type {
  AccessPackageCatalogSpec,
  AdministrativeUnitSpec,
  ApplicationSpec,
  AuthenticationMethodsPolicySpec,
  AuthenticationStrengthSpec,
  BusinessRoleSpec,
  ConditionalAccessPolicySpec,
  EnvironmentSpec,
  DirectoryRoleSettingSpec,
  GroupSpec,
  LifecycleWorkflowSpec,
  NamedLocationSpec,
  PersonaSpec,
  PrivilegedRoleSpec,
  SodRuleSpec,
  AccessReviewDefinitionSpec,
} from "../schema/catalog";

/** Where an entry was declared, and how to point at any value inside it. */
export interface EntrySource extends SourceLocation {
  /** Location of a value inside the entry, by its path relative to the entry. */
  locate(sub: readonly (string | number)[], opts?: { key?: boolean }): SourceLocation;
}

/** A catalog entry as declared, with its domain (stack grouping) and source. */
export interface Entry<T extends { id: string }> {
  readonly id: string;
  readonly spec: T;
  /** Business domain from the file's `domain:` (default `shared`). */
  readonly domain: string;
  readonly source: EntrySource;
}

export type Environment = Entry<EnvironmentSpec>;
export type AdministrativeUnit = Entry<AdministrativeUnitSpec>;
export type Application = Entry<ApplicationSpec>;
export type AccessPackageCatalog = Entry<AccessPackageCatalogSpec>;
export type NamedLocation = Entry<NamedLocationSpec>;
export type AuthenticationStrength = Entry<AuthenticationStrengthSpec>;
export type ConditionalAccessPolicy = Entry<ConditionalAccessPolicySpec>;
export type SodRule = Entry<SodRuleSpec>;
export type Persona = Entry<PersonaSpec>;
// --- access reviews ---
/** A recurring access review (a Microsoft Graph access review definition) of a role, PIM group, group or application. */
export type AccessReviewDefinition = Entry<AccessReviewDefinitionSpec>;
// --- end access reviews ---

export interface Group extends Entry<GroupSpec> {
  /** Business roles whose role group is nested into this group, sorted by ID. */
  readonly grantedByRoles: readonly string[];
  /** Compiled dynamic membership rule, for dynamic groups. */
  readonly membershipRule?: string;
}

/** An app role reference resolved against the catalog's applications. */
export interface AppRoleGrant {
  readonly application: string;
  readonly appRole: string;
  readonly appRoleId: string;
  readonly clientId: string;
}

export interface BusinessRole extends Entry<BusinessRoleSpec> {
  /** Groups granted directly or through included roles, sorted, without duplicates. */
  readonly effectiveGroups: readonly string[];
  /** App roles granted directly or through included roles, sorted as `app/role`. */
  readonly effectiveAppRoles: readonly AppRoleGrant[];
  /** Roles included directly or transitively, sorted. */
  readonly includedRoles: readonly string[];
  /** Compiled dynamic rule of the role group, for birthright roles. */
  readonly membershipRule?: string;
  /** Whether the role materializes as a role group (birthright or request); building blocks do not. */
  readonly hasRoleGroup: boolean;
}

export interface PrivilegedRole extends Entry<PrivilegedRoleSpec> {
  readonly directoryRoleTemplateId: string;
  /** Microsoft marks the role PRIVILEGED, or ScubaGear lists it as highly privileged. */
  readonly privileged: boolean;
}

// ─── Governance: lifecycle workflows, authentication methods, directory role settings ──────────────────────

export interface LifecycleWorkflow extends Entry<LifecycleWorkflowSpec> {
  /** The workflow's scope as Lifecycle Workflows' rule (an OData filter on users), compiled from `when`. */
  readonly scopeRule: string;
}

export type AuthenticationMethodsPolicy = Entry<AuthenticationMethodsPolicySpec>;

export interface DirectoryRoleSetting extends Entry<DirectoryRoleSettingSpec> {
  readonly directoryRoleTemplateId: string;
  /** Microsoft marks the role PRIVILEGED, or ScubaGear lists it as highly privileged. */
  readonly privileged: boolean;
}

/** The whole catalog, resolved: every reference checked, every list sorted by ID. */
export interface Catalog {
  readonly environments: readonly Environment[];
  readonly administrativeUnits: readonly AdministrativeUnit[];
  readonly applications: readonly Application[];
  readonly groups: readonly Group[];
  readonly accessPackageCatalogs: readonly AccessPackageCatalog[];
  readonly businessRoles: readonly BusinessRole[];
  readonly privilegedRoles: readonly PrivilegedRole[];
  readonly namedLocations: readonly NamedLocation[];
  readonly authenticationStrengths: readonly AuthenticationStrength[];
  readonly conditionalAccessPolicies: readonly ConditionalAccessPolicy[];
  readonly sodRules: readonly SodRule[];
  readonly lifecycleWorkflows: readonly LifecycleWorkflow[];
  /** The tenant's authentication methods policy: at most one. */
  readonly authenticationMethodsPolicies: readonly AuthenticationMethodsPolicy[];
  readonly directoryRoleSettings: readonly DirectoryRoleSetting[];
  /** Representative people for the conditional access what-if and coverage matrix. */
  readonly personas: readonly Persona[];
  // --- access reviews ---
  /** Recurring access reviews (the governance stack). */
  readonly accessReviews: readonly AccessReviewDefinition[];
  // --- end access reviews ---
  /** Entries marked `retire`: not synthesized; `forget` ones become Terraform `removed` blocks. */
  readonly retired: RetiredEntries;
  /** How HR snapshots are read, from the catalog's `people:` section (absent: columns named as the fields). */
  readonly people?: PeopleConfig;
  /** Guardrail levels and suppressions declared under `guardrails:` (entry suppressions stay on their entries). */
  readonly guardrails: GuardrailConfig;
  /** How stacks are cut, from idac.yaml's `stacks:` section. @default a ceiling of 2,000 resources per stack */
  readonly stackSettings?: StackSettings;
}

/** idac.yaml's `stacks:` section. */
export interface StackSettings {
  /** The most resources one stack may hold; larger concerns are split into shards. */
  readonly maxResources: number;
}

export interface GuardrailConfig {
  readonly levels: readonly {
    readonly rule: string;
    readonly level: "error" | "warning" | "info";
    readonly environments?: readonly string[] | undefined;
    readonly at: SourceLocation;
  }[];
  readonly suppressions: readonly {
    readonly rule: string;
    readonly reason: string;
    readonly expires: string;
    readonly ticket?: string | undefined;
    readonly entry?: string | undefined;
    readonly at: SourceLocation;
  }[];
  /** How far ahead a suppression may expire. @default 365 */
  readonly suppressionMaxDays: number;
  /** The plan gate's limits per stack. @default 0 deletes, 25 creates and updates, 50 membership removals */
  readonly planGate: { readonly maxDeletes: number; readonly maxChanges: number; readonly maxMembershipRemovals: number };
  /** Where the configuration is declared (policies/guardrails.yaml), when it is. */
  readonly at?: SourceLocation;
}

export interface PeopleConfig {
  readonly columns: Readonly<Partial<Record<string, string>>>;
  readonly ignoreColumns: readonly string[];
  readonly at: SourceLocation;
}

/** The retired entries of each kind that can be retired, sorted by ID. */
export type RetiredEntries = Pick<
  Catalog,
  | "administrativeUnits"
  | "groups"
  | "accessPackageCatalogs"
  | "businessRoles"
  | "privilegedRoles"
  | "namedLocations"
  | "authenticationStrengths"
  | "conditionalAccessPolicies"
  | "accessReviews"
>;

/** Looks an entry up by ID; the catalog has been resolved, so a miss is a programming error. */
export function byId<T extends { id: string }>(list: readonly T[], id: string): T {
  const found = findById(list, id);
  if (!found) throw new Error(`internal: no entry '${id}' (the resolver should have rejected this reference)`);
  return found;
}

/**
 * The entry with this ID (the first, were there several), or undefined. Each list is indexed on its first look-up, so
 * look-ups cost the same in a catalog of ten entries and of ten thousand; the catalog's lists are never changed once
 * resolved, which is what makes keeping the index safe.
 */
export function findById<T extends { id: string }>(list: readonly T[], id: string): T | undefined {
  let index = INDEXES.get(list);
  // A list built up in steps (not a resolved catalog's) is indexed again when it has grown.
  if (!index || index.length !== list.length) {
    index = { length: list.length, byId: new Map() };
    for (const e of list) if (!index.byId.has(e.id)) index.byId.set(e.id, e);
    INDEXES.set(list, index);
  }
  return index.byId.get(id) as T | undefined;
}

const INDEXES = new WeakMap<readonly { id: string }[], { length: number; byId: Map<string, { id: string }> }>();

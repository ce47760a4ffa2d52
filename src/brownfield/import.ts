import type { z } from "zod";
import { DIRECTORY_ROLES } from "../model/directory-role-table";
import { caStateOverride } from "../model/environment";
import { BUILT_IN_STRENGTH_GUIDS, CA_APPLICATION_KEYWORDS } from "../model/graph-values";
import type {
  AccessPackageCatalog,
  AdministrativeUnit,
  Application,
  AuthenticationStrength,
  BusinessRole,
  ConditionalAccessPolicy,
  EnvironmentSpec,
  Group,
  NamedLocation,
  AccessReviewDefinition,
  AuthenticationMethodsPolicy,
  DirectoryRoleSetting,
  LifecycleWorkflow,
  PrivilegedRole,
} from "../schema/catalog";
import { GUID_RE } from "../schema/primitives";
import { accessPackageCatalogFromGraph } from "./concepts/access-package-catalogs";
import { administrativeUnitFromGraph } from "./concepts/administrative-units";
import { applicationFromGraph } from "./concepts/applications";
import { authenticationStrengthFromGraph } from "./concepts/authentication-strengths";
import { businessRolesFromGraph, isRoleGroup } from "./concepts/business-roles";
import { caPolicyFromGraph } from "./concepts/conditional-access";
import { adoptingEntry, type GraphView, type ImportContext, type Limitation, type ObjectKind } from "./concepts/context";
import { accessReviewFromGraph, type AccessReviewLookups } from "../model/graph/access-review";
import { authenticationMethodsPolicyFromGraph } from "../model/graph/authentication-methods";
import { directoryRoleSettingFromGraph } from "../model/graph/directory-role-settings";
import { lifecycleWorkflowFromGraph } from "../model/graph/lifecycle-workflow";
import { groupFromGraph, groupNotImportable, isUser, type GraphGroup } from "./concepts/groups";
import { namedLocationFromGraph } from "./concepts/named-locations";
import { pimOf, privilegedRolesFromGraph } from "./concepts/privileged-roles";
import { unmodelledProperties, type GraphExport } from "./graph";
import { IdAllocator, isCatalogId, slug } from "./ids";
import { addTo } from "./multimap";
import { objectId } from "./tenant";

/**
 * Turns a Microsoft Graph export into catalog entries in idac's own format, each adopting its object with
 * `importFrom` (a Terraform import block), so the first plan after adoption updates at most and never creates or
 * destroys an imported object. Each concept's mapping lives in its module under `concepts/` (both directions side by
 * side); this file orders them, gives IDs, and keeps what every concept needs to know about the others.
 *
 * Imported: administrative units, security groups (assigned, or dynamic when the rule is an HR condition idac can
 * express), named locations, custom authentication strengths, conditional access policies, access package catalogs,
 * the applications policies and roles target, business roles (from their role groups, packages and policies),
 * privileged roles (from PIM for Groups), access reviews, lifecycle workflows, the authentication methods policy and
 * the PIM settings of directory roles whose eligibility is limited in time.
 * Everything else in the export is listed in {@link ImportResult.notImported} with the reason — never dropped
 * silently. People are written as UPNs, directory roles by name, and references by the catalog ID the import gives
 * the referenced object. What an entry cannot carry is in {@link ImportResult.limits}; the round trip
 * (round-trip.ts) refuses those objects and everything else an entry would not reproduce, and the import runs again
 * without them ({@link ImportOptions.refused}).
 */

export interface ImportOptions {
  /** The environment the export was taken from: its break-glass accounts, name prefix, UPN domains and overrides. */
  readonly environment: Pick<EnvironmentSpec, "breakGlass" | "namePrefix" | "upnDomains" | "overrides">;
  /** Object ID → catalog ID of entries imported before (their `importFrom`): they keep their IDs. */
  readonly pinned?: ReadonlyMap<string, string>;
  /** Make idac manage the membership of assigned groups, listing their current members. @default false */
  readonly manageMembers?: boolean;
  /** Owners for groups that have none in Entra (a group in the catalog needs owners). */
  readonly defaultOwners?: readonly string[];
  /** Applications the catalog already declares, by client ID (lower case). */
  readonly knownApplications?: ReadonlyMap<string, KnownApplication>;
  /**
   * Objects an earlier check found the catalog cannot reproduce, by object ID (lower case): listed as not imported
   * with that reason, and everything that points at them is imported without them or not at all.
   */
  readonly refused?: ReadonlyMap<string, NotImported>;
}

/** An application of the catalog: its ID and its app roles' IDs by app role ID (lower case). */
export interface KnownApplication {
  readonly id: string;
  readonly appRoles: ReadonlyMap<string, string>;
}

export interface NotImported {
  readonly collection: string;
  readonly objectId: string;
  readonly displayName: string;
  readonly reason: string;
  /** The properties that keep the object out, each with its value and who is the limit (provider or idac). */
  readonly properties?: readonly Limitation[];
}

export interface ImportNote {
  readonly section: string;
  readonly id: string;
  readonly note: string;
}

/** Catalog sections as the catalog's YAML writes them (the schema's input types: defaults left out). */
export interface ImportedCatalog {
  readonly applications: z.input<typeof Application>[];
  readonly administrativeUnits: z.input<typeof AdministrativeUnit>[];
  readonly groups: z.input<typeof Group>[];
  readonly accessPackageCatalogs: z.input<typeof AccessPackageCatalog>[];
  readonly businessRoles: z.input<typeof BusinessRole>[];
  readonly privilegedRoles: z.input<typeof PrivilegedRole>[];
  readonly namedLocations: z.input<typeof NamedLocation>[];
  readonly authenticationStrengths: z.input<typeof AuthenticationStrength>[];
  readonly conditionalAccessPolicies: z.input<typeof ConditionalAccessPolicy>[];
  // --- access reviews ---
  readonly accessReviews: z.input<typeof AccessReviewDefinition>[];
  // --- end access reviews ---
  // --- lifecycle workflows, authentication methods, directory role settings ---
  readonly lifecycleWorkflows: z.input<typeof LifecycleWorkflow>[];
  readonly authenticationMethodsPolicies: z.input<typeof AuthenticationMethodsPolicy>[];
  readonly directoryRoleSettings: z.input<typeof DirectoryRoleSetting>[];
  // --- end lifecycle workflows, authentication methods, directory role settings ---
}

export interface ImportResult {
  readonly catalog: ImportedCatalog;
  readonly notImported: NotImported[];
  readonly notes: ImportNote[];
  /** The catalog IDs of this import mapped back to the objects they came from, for checking that entries reproduce them. */
  readonly view: GraphView;
  /** Properties of imported objects the first plan changes on purpose (each with a note, or documented), by object ID. */
  readonly updates: ReadonlyMap<string, readonly string[]>;
  /** App role IDs by `<application id>/<app role id>`, for the applications imported or already in the catalog. */
  readonly appRoleIds: ReadonlyMap<string, string>;
  /** Properties the entry of an object cannot carry, found while importing it (the check refuses such objects). */
  readonly limits: ReadonlyMap<string, { readonly limits: readonly Limitation[]; readonly placeholders: readonly string[] }>;
}

type G = GraphExport;

/** Collections whose objects the round trip compares on every property the export holds. */
const ROUND_TRIPPED_WHOLE = new Set(["conditionalAccessPolicies", "namedLocations", "authenticationStrengthPolicies"]);

const ROLE_BY_TEMPLATE = new Map(DIRECTORY_ROLES.map((r) => [r.templateId.toLowerCase(), r.name]));
const KEYWORD_BY_APP_ID = new Map(Object.entries(CA_APPLICATION_KEYWORDS).map(([k, v]) => [v.toLowerCase(), k]));
const STRENGTH_BY_ID = new Map(Object.entries(BUILT_IN_STRENGTH_GUIDS).map(([k, v]) => [v, k]));

export function importExport(exported: G, options: ImportOptions): ImportResult {
  // ── Objects holding properties idac does not model (recorded by the export reader): listed, never imported without them.
  // Conditional access policies, named locations and strengths make a round trip over every property they hold
  // (round-trip.ts), which names each property and whether the provider or idac is the limit: they are left to it.
  const unmodelled: NotImported[] = [];
  const data = Object.fromEntries(
    Object.entries(exported).map(([collection, objects]: [string, { id: string; displayName?: string | null }[]]) => [
      collection,
      objects.filter((o) => {
        if (ROUND_TRIPPED_WHOLE.has(collection)) return true;
        const properties = unmodelledProperties(o);
        if (properties.length)
          unmodelled.push({
            collection,
            objectId: o.id,
            displayName: o.displayName ?? o.id,
            reason: `it sets properties idac does not model, so no catalog entry can reproduce it: ${properties.join(", ")}`,
          });
        return !properties.length;
      }),
    ]),
  ) as G;
  const run = new ImportRun(data, options);
  run.notImported.push(...unmodelled);
  // The order gives IDs: the same export always gives the same IDs and the same bytes.
  const administrativeUnits = run.administrativeUnits();
  const groups = run.groups();
  const namedLocations = run.namedLocations();
  const authenticationStrengths = run.authenticationStrengths();
  const accessPackageCatalogs = run.accessPackageCatalogs();
  const { applications, appRoleRef, appOf } = importApplications(
    data,
    run.roleGroups,
    options.knownApplications ?? new Map(),
    (kind, objects) => run.allocate(kind, objects),
    run.idOf,
  );
  const conditionalAccessPolicies = run.conditionalAccessPolicies(appOf);
  const businessRoles = run.businessRoles(appRoleRef);
  const privilegedRoles = run.privilegedRoles();
  const accessReviews = run.accessReviews();
  const lifecycleWorkflows = run.lifecycleWorkflows();
  const authenticationMethodsPolicies = run.authenticationMethodsPolicies();
  const directoryRoleSettings = run.directoryRoleSettings();
  run.listTheRest(businessRoles, privilegedRoles);
  return {
    catalog: {
      applications,
      administrativeUnits,
      groups,
      accessPackageCatalogs,
      businessRoles,
      privilegedRoles,
      namedLocations,
      authenticationStrengths,
      conditionalAccessPolicies,
      accessReviews,
      lifecycleWorkflows,
      authenticationMethodsPolicies,
      directoryRoleSettings,
    },
    notImported: [...new Map(run.notImported.map((n) => [`${n.collection}/${n.objectId}`, n])).values()].sort(
      (a, b) => a.collection.localeCompare(b.collection) || a.displayName.localeCompare(b.displayName) || a.objectId.localeCompare(b.objectId),
    ),
    notes: run.notes.sort((a, b) => a.section.localeCompare(b.section) || a.id.localeCompare(b.id) || a.note.localeCompare(b.note)),
    view: importView(data, options.environment, {
      objectOf: run.objectOf,
      idOfPerson: run.idOfPerson,
      applications,
      knownApplications: options.knownApplications ?? new Map(),
    }),
    updates: run.updates,
    appRoleIds: new Map([...appRoleRef].map(([spAndRole, ref]) => [ref, spAndRole.split("/")[1]!])),
    limits: run.limits,
  };
}

/** One import: what every concept needs to know about the others (IDs given, people, what is not imported). */
class ImportRun {
  readonly notImported: NotImported[] = [];
  readonly notes: ImportNote[] = [];
  readonly updates = new Map<string, readonly string[]>();
  readonly limits = new Map<string, { limits: readonly Limitation[]; placeholders: readonly string[] }>();
  readonly idOf = new Map<string, string>();
  readonly objectOf = new Map<string, string>();
  readonly idOfPerson = new Map<string, string>();
  readonly roleGroups: GraphGroup[] = [];
  private readonly pimGroups: GraphGroup[] = [];
  private readonly ids: IdAllocator;
  private readonly upnById = new Map<string, string>();
  private readonly domainBack: Map<string, string>;
  private readonly unitOfGroup = new Map<string, string[]>();
  private readonly breakGlassAccounts: string[];
  private readonly breakGlassGroup: string | undefined;

  constructor(
    private readonly data: G,
    private readonly options: ImportOptions,
  ) {
    const env = options.environment;
    this.ids = new IdAllocator(options.pinned);
    this.domainBack = new Map(Object.entries(env.upnDomains ?? {}).map(([from, to]) => [to.toLowerCase(), from]));
    const learn = (o: { id: string; userPrincipalName?: string | null | undefined }) =>
      o.userPrincipalName && this.upnById.set(o.id.toLowerCase(), o.userPrincipalName);
    for (const u of data.users) learn(u);
    for (const g of data.groups) for (const o of [...g.owners, ...g.members]) if (isUser(o)) learn(o);
    this.breakGlassAccounts = env.breakGlass.accounts.map((a) => a.toLowerCase());
    this.breakGlassGroup = env.breakGlass.group?.toLowerCase();
  }

  // ── Names, people and IDs as the catalog writes them, and back ──

  readonly name = (displayName: string) => {
    const prefix = this.options.environment.namePrefix;
    return prefix && displayName.startsWith(prefix) ? displayName.slice(prefix.length) : displayName;
  };

  readonly person = (id: string): string => {
    const upn = this.upnById.get(id.toLowerCase());
    if (!upn) return id.toLowerCase();
    const at = upn.lastIndexOf("@");
    const domain = upn.slice(at + 1).toLowerCase();
    const ref = `${upn.slice(0, at)}@${this.domainBack.get(domain) ?? domain}`.toLowerCase();
    this.idOfPerson.set(ref, id.toLowerCase());
    return ref;
  };

  readonly people = (ids: readonly string[]) => [...new Set(ids.map(this.person))].sort();

  readonly ref = (objectId: string) => this.idOf.get(objectId.toLowerCase());

  allocate(kind: ObjectKind, objects: readonly { id: string; preferred: string }[]): void {
    for (const [objectId, id] of this.ids.allocate(objects.map((o) => ({ objectId: o.id, preferred: o.preferred })))) {
      this.idOf.set(objectId.toLowerCase(), id);
      this.objectOf.set(`${kind}:${id}`, objectId.toLowerCase());
    }
  }

  readonly skip = (collection: string, o: { id: string; displayName?: string | null }, reason: string) =>
    this.notImported.push({ collection, objectId: o.id, displayName: o.displayName ?? o.id, reason });

  readonly note = (section: string, id: string, text: string) => this.notes.push({ section, id, note: text });

  /** Objects refused by an earlier check: listed with that reason, and left out. */
  private keep<T extends { id: string }>(objects: readonly T[]): T[] {
    return objects.filter((o) => {
      const r = this.options.refused?.get(o.id.toLowerCase());
      if (r) this.notImported.push(r);
      return !r;
    });
  }

  // ── Concepts, in the order that gives IDs ──

  administrativeUnits(): z.input<typeof AdministrativeUnit>[] {
    const units = this.keep(this.data.administrativeUnits);
    this.allocate(
      "administrativeUnit",
      units.map((u) => ({ id: u.id, preferred: slug(this.name(u.displayName), "au") })),
    );
    for (const u of units) for (const m of u.members) addTo(this.unitOfGroup, m.id.toLowerCase(), this.ref(u.id)!);
    return units.map((u) => {
      const made = administrativeUnitFromGraph(u, this.name);
      for (const n of made.notes) this.note("administrativeUnits", this.ref(u.id)!, n);
      return adoptingEntry<z.input<typeof AdministrativeUnit>>(this.ref(u.id)!, u.id, made.entry);
    });
  }

  /** Security groups; role groups and PIM groups are set aside for their business and privileged roles. */
  groups(): z.input<typeof Group>[] {
    const importable: GraphGroup[] = [];
    for (const g of this.keep(this.data.groups)) {
      const why = groupNotImportable(g, this.breakGlassGroup);
      if (why) this.skip("groups", g, why);
      else if (isRoleGroup(g, this.name)) this.roleGroups.push(g);
      else if (pimOf(g)?.roleAssignments.length) this.pimGroups.push(g);
      else importable.push(g);
    }
    const roleGroupIds = new Set(this.roleGroups.map((g) => g.id.toLowerCase()));
    this.allocate(
      "group",
      importable.map((g) => ({
        id: g.id,
        preferred: isCatalogId(g.mailNickname) && !/^[0-9a-f]{8}(-|$)/.test(g.mailNickname) ? g.mailNickname : slug(this.name(g.displayName), "group"),
      })),
    );
    const context = {
      people: this.people,
      name: this.name,
      roleGroupIds,
      unitsOf: (id: string) => this.unitOfGroup.get(id.toLowerCase()) ?? [],
      manageMembers: this.options.manageMembers === true,
      changedByWorkflows: this.groupsChangedByWorkflows(),
      defaultOwners: this.options.defaultOwners ?? [],
    };
    const groups: z.input<typeof Group>[] = [];
    for (const g of importable) {
      const id = this.ref(g.id)!;
      const made = groupFromGraph(g, id, context);
      if ("skip" in made) {
        this.skip("groups", g, made.skip);
        continue;
      }
      for (const n of made.notes) this.note("groups", id, n);
      this.updates.set(g.id.toLowerCase(), made.updates);
      groups.push(adoptingEntry(id, g.id, made.entry));
    }
    return groups;
  }

  namedLocations(): z.input<typeof NamedLocation>[] {
    const locations = this.keep(this.data.namedLocations);
    this.allocate(
      "namedLocation",
      locations.map((l) => ({ id: l.id, preferred: slug(this.name(l.displayName), "location") })),
    );
    return locations.flatMap((l) => {
      const made = namedLocationFromGraph(l, this.name);
      if ("skip" in made) return (this.skip("namedLocations", l, made.skip), []);
      return [adoptingEntry<z.input<typeof NamedLocation>>(this.ref(l.id)!, l.id, made.entry)];
    });
  }

  authenticationStrengths(): z.input<typeof AuthenticationStrength>[] {
    const custom = this.keep(this.data.authenticationStrengthPolicies.filter((s) => s.policyType !== "builtIn" && !STRENGTH_BY_ID.has(s.id)));
    this.allocate(
      "authenticationStrength",
      custom.map((s) => ({ id: s.id, preferred: slug(this.name(s.displayName), "strength") })),
    );
    return custom.flatMap((s) => {
      const made = authenticationStrengthFromGraph(s, this.name);
      if ("skip" in made) return (this.skip("authenticationStrengthPolicies", s, made.skip), []);
      return [adoptingEntry<z.input<typeof AuthenticationStrength>>(this.ref(s.id)!, s.id, made.entry)];
    });
  }

  accessPackageCatalogs(): z.input<typeof AccessPackageCatalog>[] {
    const catalogs = this.keep(this.data.accessPackageCatalogs).filter((c) => {
      if (c.catalogType === "serviceDefault") this.skip("accessPackageCatalogs", c, "the tenant's built-in General catalog is not managed by idac");
      return c.catalogType !== "serviceDefault";
    });
    this.allocate(
      "accessPackageCatalog",
      catalogs.map((c) => ({ id: c.id, preferred: slug(this.name(c.displayName), "catalog") })),
    );
    return catalogs.map((c) => {
      const made = accessPackageCatalogFromGraph(c, this.name);
      this.updates.set(c.id.toLowerCase(), made.updates);
      return adoptingEntry<z.input<typeof AccessPackageCatalog>>(this.ref(c.id)!, c.id, made.entry);
    });
  }

  /** Every policy becomes an entry; what its entry cannot carry is kept in `limits`, for the round trip to refuse it. */
  conditionalAccessPolicies(appOf: ReadonlyMap<string, string>): z.input<typeof ConditionalAccessPolicy>[] {
    const policies = this.keep(this.data.conditionalAccessPolicies);
    this.allocate(
      "conditionalAccessPolicy",
      policies.map((p) => ({ id: p.id, preferred: slug(p.displayName, "ca") })),
    );
    const spById = new Map(this.data.servicePrincipals.map((sp) => [sp.id.toLowerCase(), sp]));
    const context: ImportContext = {
      ref: this.ref,
      unknownGroup: (id) => this.unknownGroup(id),
      app: (clientId) => appOf.get(clientId.toLowerCase()),
      servicePrincipal: (spId) => {
        const sp = spById.get(spId.toLowerCase());
        return sp ? appOf.get(sp.appId.toLowerCase()) : undefined;
      },
      person: this.person,
      people: this.people,
      name: this.name,
      breakGlassAccounts: this.breakGlassAccounts,
      breakGlassGroup: this.breakGlassGroup,
    };
    return policies.map((p) => {
      const made = caPolicyFromGraph(p, context);
      if (made.limits.length || made.placeholders.length) this.limits.set(p.id.toLowerCase(), { limits: made.limits, placeholders: made.placeholders });
      return adoptingEntry<z.input<typeof ConditionalAccessPolicy>>(this.ref(p.id)!, p.id, made.entry);
    });
  }

  /** Business roles, from the groups, packages and policies idac makes of them. */
  businessRoles(appRoleRef: ReadonlyMap<string, string>): z.input<typeof BusinessRole>[] {
    const roles = businessRolesFromGraph(this.data, this.roleGroups, {
      ref: this.ref,
      person: this.person,
      name: this.name,
      skip: this.skip,
      note: this.note,
      appRoleRef,
      pinned: this.options.pinned ?? new Map(),
      roleName: this.roleName,
      groupOwners: this.groupOwners,
    });
    for (const { entry, updates } of roles) {
      const from = typeof entry.importFrom === "string" ? { group: entry.importFrom } : entry.importFrom!;
      this.adopted("roleGroup", entry.id, from.group, updates.group);
      if (from.accessPackage) this.adopted("accessPackage", entry.id, from.accessPackage, updates.accessPackage);
      if (from.assignmentPolicy) this.adopted("assignmentPolicy", entry.id, from.assignmentPolicy, updates.assignmentPolicy);
      if (from.autoAssignmentPolicy) this.adopted("autoAssignmentPolicy", entry.id, from.autoAssignmentPolicy, []);
    }
    return roles.map((r) => r.entry);
  }

  /** Privileged roles: role-assignable groups holding a directory role, with their PIM settings. */
  privilegedRoles(): z.input<typeof PrivilegedRole>[] {
    const roles = privilegedRolesFromGraph(this.pimGroups, {
      ref: this.ref,
      person: this.person,
      name: this.name,
      skip: this.skip,
      pinned: this.options.pinned ?? new Map(),
      roleName: this.roleName,
      groupOwners: this.groupOwners,
    });
    for (const { entry, updates } of roles)
      this.adopted("pimGroup", entry.id, typeof entry.importFrom === "string" ? entry.importFrom : entry.importFrom!.group, updates);
    return roles.map((r) => r.entry);
  }

  // --- access reviews ---
  /**
   * Access review definitions of one imported group (role group, PIM group or group) or one application; what the
   * catalog cannot say is listed with the property (src/model/graph/access-review.ts reads Graph back).
   */
  accessReviews(): z.input<typeof AccessReviewDefinition>[] {
    // Object ID → catalog ID, per kind, for the objects imported so far (groups, role groups, PIM groups).
    const byObject = new Map<string, string>();
    for (const [key, oid] of this.objectOf) {
      const at = key.indexOf(":");
      byObject.set(`${key.slice(0, at)}:${oid}`, key.slice(at + 1));
    }
    const kindOf = (objectId: string, kind: ObjectKind) => byObject.get(`${kind}:${objectId.toLowerCase()}`);
    const lookups: AccessReviewLookups = {
      group: (oid) => {
        const role = kindOf(oid, "roleGroup");
        if (role) return { role };
        const privilegedRole = kindOf(oid, "pimGroup");
        if (privilegedRole) return { privilegedRole };
        const group = kindOf(oid, "group");
        return group ? { group } : undefined;
      },
      servicePrincipal: (oid) => (this.data.servicePrincipals.some((sp) => sp.id.toLowerCase() === oid) ? this.ref(oid) : undefined),
      user: (oid) => this.person(oid),
      catalogGroup: (oid) => kindOf(oid, "group"),
    };
    const made = this.data.accessReviewDefinitions.map((d) => ({ d, made: accessReviewFromGraph(d, lookups) }));
    const ok = made.filter((m) => m.made.ok);
    for (const { d, made: m } of made) if (!m.ok) this.skip("accessReviewDefinitions", d, `${m.property}: ${m.reason}`);
    this.allocate(
      "accessReview",
      ok.map(({ d }) => ({ id: d.id, preferred: slug(this.name(String(d.displayName ?? "")), "review") })),
    );
    return ok.map(({ d, made: m }) => {
      const spec = (m as Extract<typeof m, { ok: true }>).spec;
      return adoptingEntry<z.input<typeof AccessReviewDefinition>>(this.ref(d.id)!, d.id, { ...spec, displayName: this.name(spec.displayName) });
    });
  }
  // --- end access reviews ---

  // --- lifecycle workflows, authentication methods, directory role settings ---
  /** Object IDs (lower case) of the groups lifecycle workflow tasks add people to or remove them from (`groupID`). */
  private groupsChangedByWorkflows(): Set<string> {
    return new Set(
      this.data.lifecycleWorkflows.flatMap((w) =>
        (w.tasks ?? []).flatMap((t) =>
          ((t.arguments ?? []) as { name?: unknown; value?: unknown }[])
            .filter((a) => String(a.name).toLowerCase() === "groupid")
            .flatMap((a) => String(a.value ?? "").split(","))
            .map((id) => id.trim().toLowerCase())
            .filter(Boolean),
        ),
      ),
    );
  }

  /** The catalog ID of a group imported so far (a plain group: workflows and methods target those), by object ID. */
  private readonly groupRef = (objectId: string): string | undefined => {
    const id = this.ref(objectId);
    return id !== undefined && this.objectOf.get(`group:${id}`) === objectId.toLowerCase() ? id : undefined;
  };

  /** Every workflow whose conditions and tasks the catalog can say (src/model/graph/lifecycle-workflow.ts); the others are listed. */
  lifecycleWorkflows(): z.input<typeof LifecycleWorkflow>[] {
    const workflows = this.keep(this.data.lifecycleWorkflows);
    this.allocate(
      "lifecycleWorkflow",
      workflows.map((w) => ({ id: w.id, preferred: slug(this.name(String(w.displayName ?? "")), "workflow") })),
    );
    const out: z.input<typeof LifecycleWorkflow>[] = [];
    for (const w of workflows) {
      // A workflow always has tasks: none in the export means they were not read (no `$expand=tasks`), not that it has none.
      if (!w.tasks?.length) {
        this.skip("lifecycleWorkflows", w, "tasks: the export has none for this workflow (export it with $expand=tasks, as idac export does)");
        continue;
      }
      const made = lifecycleWorkflowFromGraph(w, this.ref(w.id)!, { groupRef: this.groupRef });
      if (!made.entry) this.skip("lifecycleWorkflows", w, made.refusals.join("; "));
      else out.push({ ...made.entry, displayName: this.name(made.entry.displayName) });
    }
    return out;
  }

  /** The tenant's authentication methods policy, as far as the catalog manages it (methods idac does not set stay as they are). */
  authenticationMethodsPolicies(): z.input<typeof AuthenticationMethodsPolicy>[] {
    return this.keep(this.data.authenticationMethodsPolicies).flatMap((p) => {
      const made = authenticationMethodsPolicyFromGraph(p, "tenant", { groupRef: this.groupRef });
      if (made.entry) return [made.entry];
      this.skip("authenticationMethodsPolicies", { id: p.id, displayName: "Authentication methods policy" }, made.refusals.join("; "));
      return [];
    });
  }

  /**
   * PIM settings of directory roles whose eligibility is limited in time, so someone set them. A role whose policy
   * still lets eligibility last forever (as Entra creates every role's policy) is left as it is: the catalog does
   * not manage it. A policy the catalog cannot express is listed with the rule and property.
   */
  directoryRoleSettings(): z.input<typeof DirectoryRoleSetting>[] {
    const set = this.data.directoryRolePolicies.filter((a) =>
      (a.policy?.rules ?? []).some((r) => r.id === "Expiration_Admin_Eligibility" && (r as { isExpirationRequired?: unknown }).isExpirationRequired === true),
    );
    const known = set.flatMap((a) => {
      const role = DIRECTORY_ROLES.find((r) => r.templateId === a.roleDefinitionId.toLowerCase());
      if (!role) this.skip("directoryRolePolicies", { id: a.id, displayName: a.roleDefinitionId }, "the PIM policy of a directory role idac does not know");
      return role ? [{ a, role }] : [];
    });
    this.allocate(
      "directoryRolePolicy",
      known.map(({ a, role }) => ({ id: a.id, preferred: slug(role.name, "role") })),
    );
    const out: z.input<typeof DirectoryRoleSetting>[] = [];
    for (const { a, role } of known) {
      const rules = Object.fromEntries((a.policy?.rules ?? []).map((r) => [r.id, r as Record<string, unknown>]));
      const made = directoryRoleSettingFromGraph(rules, this.ref(a.id)!, role.name, { person: this.person, groupRef: this.groupRef });
      if (made.entry) out.push(made.entry);
      else this.skip("directoryRolePolicies", { id: a.id, displayName: role.name }, made.refusals.join("; "));
    }
    return out;
  }
  // --- end lifecycle workflows, authentication methods, directory role settings ---

  /** Everything else in the export is listed, with the reason. */
  listTheRest(businessRoles: readonly z.input<typeof BusinessRole>[], privilegedRoles: readonly z.input<typeof PrivilegedRole>[]): void {
    for (const e of this.data.roleEligibilitySchedules) {
      this.skip(
        "roleEligibilitySchedules",
        { id: e.id, displayName: `${this.roleName(e.roleDefinitionId)} → ${this.person(e.principalId)}` },
        "eligible for a directory role directly (PIM for roles), not through a PIM group: declare a privileged role and make the person eligible there",
      );
    }
    const adoptedAssignments = new Set(privilegedRoles.map((r) => String((r.importFrom as Record<string, unknown>).roleAssignment)));
    const groupIds = new Set(this.data.groups.map((g) => g.id.toLowerCase()));
    for (const a of this.data.roleAssignments.filter((x) => !adoptedAssignments.has(x.id))) {
      const reason = this.breakGlassAccounts.includes(a.principalId.toLowerCase())
        ? "the standing assignment of a break-glass account: kept outside idac on purpose"
        : groupIds.has(a.principalId.toLowerCase())
          ? "the directory role of a group that is not imported as a privileged role (see the group)"
          : "a directory role assigned to a user or service principal, not through a PIM " +
            "group: declare a privileged role and remove the direct assignment (see idac report " +
            "cleanup)";
      this.skip(
        "roleAssignments",
        { id: a.id, displayName: `${this.roleName(a.roleDefinitionId)} → ${a.principal?.userPrincipalName ?? a.principal?.displayName ?? a.principalId}` },
        reason,
      );
    }
    const adoptedPackages = new Set(
      businessRoles.flatMap((r) =>
        typeof r.importFrom === "object" && r.importFrom
          ? [String(r.importFrom.accessPackage), String(r.importFrom.assignmentPolicy), String(r.importFrom.autoAssignmentPolicy)]
          : [],
      ),
    );
    for (const a of this.data.accessPackages) {
      if (!adoptedPackages.has(a.id.toLowerCase()))
        this.skip(
          "accessPackages",
          a,
          "not the package of a business role (idac shape: one policy, the role group as " +
            "its only resource): declare a business role with assignment type request for it",
        );
    }
    for (const a of this.data.assignmentPolicies) {
      if (!adoptedPackages.has(a.id.toLowerCase()))
        this.skip("assignmentPolicies", { id: a.id, displayName: a.displayName ?? a.id }, "part of an access package that is not imported");
    }
  }

  // ── Helpers ──

  /** An object a compound entry adopts, and what the first plan changes on it on purpose. */
  private adopted(kind: ObjectKind, id: string, objectId: string, updates: readonly string[]): void {
    this.objectOf.set(`${kind}:${id}`, objectId.toLowerCase());
    this.updates.set(objectId.toLowerCase(), updates);
  }

  /** Why a group a policy names has no catalog ID: said in the terms of what it is. */
  private unknownGroup(id: string): string {
    const g = this.data.groups.find((x) => x.id.toLowerCase() === id.toLowerCase());
    if (!g) return `group ${id}, which the export does not hold (deleted?)`;
    if (this.roleGroups.some((x) => x.id.toLowerCase() === id.toLowerCase()))
      return `'${g.displayName}', the group of a business role: a policy targets catalog groups (the groups the role grants) or directory roles`;
    if (this.pimGroups.some((x) => x.id.toLowerCase() === id.toLowerCase()))
      return `'${g.displayName}', the group of a privileged role: target its directory role (roles:) instead`;
    const why = this.notImported.find((n) => n.objectId === g.id)?.reason;
    return `'${g.displayName}', which is not imported${why ? ` (${why})` : ""}`;
  }

  /** Name of a directory role: built in, or a role definition of the export. */
  private readonly roleName = (id: string) =>
    ROLE_BY_TEMPLATE.get(id.toLowerCase()) ??
    this.data.roleDefinitions.find((d) => d.id.toLowerCase() === id.toLowerCase() || d.templateId?.toLowerCase() === id.toLowerCase())?.displayName ??
    id;

  /** The people owning a role's group, with a note when there are none. */
  private readonly groupOwners = (g: GraphGroup, section: string, id: string) => {
    const owners = this.people(g.owners.filter(isUser).map((o) => o.id));
    if (!owners.length) this.note(section, id, "its group has no owner in Entra: add owners before the catalog validates");
    return owners;
  };
}

/**
 * The applications policies and role groups target: those the catalog declares keep their IDs (and app role IDs),
 * the others become entries. Microsoft's own applications a keyword stands for (Azure management, Intune enrollment)
 * are written by keyword and need no entry.
 */
function importApplications(
  data: G,
  roleGroups: readonly GraphGroup[],
  known: ReadonlyMap<string, KnownApplication>,
  allocate: (kind: ObjectKind, objects: readonly { id: string; preferred: string }[]) => void,
  idOf: Map<string, string>,
): { applications: z.input<typeof Application>[]; appRoleRef: Map<string, string>; appOf: Map<string, string> } {
  const targeted = new Set(
    data.conditionalAccessPolicies
      .flatMap((p) => [...(p.conditions.applications?.includeApplications ?? []), ...(p.conditions.applications?.excludeApplications ?? [])])
      .map((x) => x.toLowerCase()),
  );
  // Workload identities a policy targets, by service principal object ID.
  const workloads = new Set(
    data.conditionalAccessPolicies
      .flatMap((p) => [
        ...(p.conditions.clientApplications?.includeServicePrincipals ?? []),
        ...(p.conditions.clientApplications?.excludeServicePrincipals ?? []),
      ])
      .map((x) => x.toLowerCase()),
  );
  const granted = new Set(roleGroups.flatMap((g) => g.appRoleAssignments.map((a) => a.resourceId.toLowerCase())));
  const apps = data.servicePrincipals.filter(
    (sp) =>
      (targeted.has(sp.appId.toLowerCase()) || workloads.has(sp.id.toLowerCase()) || granted.has(sp.id.toLowerCase())) &&
      !KEYWORD_BY_APP_ID.has(sp.appId.toLowerCase()),
  );
  const appRoleRef = new Map<string, string>();
  for (const sp of apps) {
    const app = known.get(sp.appId.toLowerCase());
    if (!app) continue;
    idOf.set(sp.id.toLowerCase(), app.id);
    for (const r of sp.appRoles) {
      const roleId = app.appRoles.get(r.id.toLowerCase());
      if (roleId) appRoleRef.set(`${sp.id.toLowerCase()}/${r.id.toLowerCase()}`, `${app.id}/${roleId}`);
    }
  }
  const fresh = apps.filter((sp) => !known.has(sp.appId.toLowerCase()));
  allocate(
    "servicePrincipal",
    fresh.map((sp) => ({ id: sp.id, preferred: slug(sp.displayName ?? "", "app") })),
  );
  const applications = fresh.map((sp) => {
    const id = idOf.get(sp.id.toLowerCase())!;
    const made = applicationFromGraph(sp);
    for (const [appRoleId, roleId] of made.appRoleIds) appRoleRef.set(`${sp.id.toLowerCase()}/${appRoleId.toLowerCase()}`, `${id}/${roleId}`);
    return { id, ...made.entry };
  });
  return { applications, appRoleRef, appOf: new Map(apps.map((sp) => [sp.appId.toLowerCase(), idOf.get(sp.id.toLowerCase())!])) };
}

/**
 * The import's catalog IDs mapped back to the objects they came from: what a concept needs to write an imported entry
 * in Graph's shape, so the entry can be compared with the object it adopts (object IDs are those of the export).
 */
function importView(
  data: G,
  env: ImportOptions["environment"],
  ids: {
    objectOf: ReadonlyMap<string, string>;
    idOfPerson: ReadonlyMap<string, string>;
    applications: readonly z.input<typeof Application>[];
    knownApplications: ReadonlyMap<string, KnownApplication>;
  },
): GraphView {
  const spByAppId = new Map(data.servicePrincipals.map((sp) => [sp.appId.toLowerCase(), sp]));
  const clientIds = new Map<string, string>(ids.applications.map((a) => [a.id, a.clientId.toLowerCase()]));
  for (const [clientId, app] of ids.knownApplications) clientIds.set(app.id, clientId);
  const users = new Map(data.users.map((u) => [u.id.toLowerCase(), u]));
  const strengths = new Map(data.authenticationStrengthPolicies.map((s) => [s.id.toLowerCase(), s.displayName]));
  const domains = new Map(Object.entries(env.upnDomains ?? {}).map(([from, to]) => [from.toLowerCase(), to.toLowerCase()]));
  const objectIdOf = (kind: ObjectKind, id: string) => ids.objectOf.get(`${kind}:${id}`) ?? objectId(kind, id);
  return {
    displayName: (name) => `${env.namePrefix}${name}`,
    user: (ref) => {
      const id = GUID_RE.test(ref)
        ? ref.toLowerCase()
        : (ids.idOfPerson.get(ref.toLowerCase()) ??
          objectId("user", ref.replace(/@([^@]+)$/, (_, d: string) => `@${domains.get(d.toLowerCase()) ?? d}`).toLowerCase()));
      const upn = users.get(id)?.userPrincipalName;
      return { "@odata.type": "#microsoft.graph.user", id, ...(upn ? { userPrincipalName: upn } : {}) } as ReturnType<GraphView["user"]>;
    },
    objectId: objectIdOf,
    application: (id) => {
      const clientId = clientIds.get(id) ?? "";
      return { clientId, servicePrincipalId: spByAppId.get(clientId)?.id.toLowerCase() ?? objectId("servicePrincipal", id) };
    },
    strengthName: (id) => strengths.get(objectIdOf("authenticationStrength", id)),
    breakGlass: env.breakGlass,
    caState: (policy) => (env.overrides ? caStateOverride(env as EnvironmentSpec, policy.id) : undefined) ?? policy.spec.state,
  };
}

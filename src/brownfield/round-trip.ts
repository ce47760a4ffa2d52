import { z } from "zod";
import { findDirectoryRole } from "../model/directory-roles";
import { compileMembershipRule } from "../model/membership-rule";
import {
  AccessPackageCatalog,
  AdministrativeUnit,
  AuthenticationStrength,
  BusinessRole,
  ConditionalAccessPolicy,
  Group,
  NamedLocation,
  PrivilegedRole,
} from "../schema/catalog";
import { PersonRef } from "../schema/primitives";
import { canonical, diff, omit, pick, type HowCompared, type Loose, type PropertyDifference } from "./compare";
import { accessPackageCatalogToGraph } from "./concepts/access-package-catalogs";
import { administrativeUnitToGraph } from "./concepts/administrative-units";
import { authenticationStrengthToGraph } from "./concepts/authentication-strengths";
import { businessRoleToGraph } from "./concepts/business-roles";
import { caComparable, caPolicyToGraph, caProviderLimit } from "./concepts/conditional-access";
import type { Limitation } from "./concepts/context";
import { groupToGraph } from "./concepts/groups";
import { namedLocationToGraph } from "./concepts/named-locations";
import { privilegedRoleToGraph } from "./concepts/privileged-roles";
import { HOW_COMPARED, type DriftItem } from "./drift";
import type { GraphExport } from "./graph";
import type { ImportResult, NotImported } from "./import";
import { addTo } from "./multimap";

/**
 * The import's first check, which needs nothing but the imported entries: every imported object goes Graph → catalog
 * entry → Graph through its concept module, and what comes back is compared with what the export holds. It runs
 * whether or not the catalog with the imported files validates (an owner missing elsewhere changes nothing here).
 *
 * Compared are every property the export holds with meaning (OData annotations, IDs, timestamps and null or empty
 * values left out) for conditional access policies, named locations and authentication strengths, whose resources
 * the provider writes whole; for groups, units, catalogs, packages and policies, every property the catalog entry
 * writes (Graph returns many the provider never touches). A difference is either a change the import announced
 * (a placeholder description, the environment's name prefix, break-glass exclusions added, …) or a reason not to
 * import the object: it is then listed with each property, its value, and who is the limit.
 */

export interface RoundTripOptions {
  /** The environment's display name prefix (adding it is a rename the first plan makes, announced). */
  readonly namePrefix: string;
  /** Object IDs (lower case) of the environment's break-glass accounts and group. */
  readonly breakGlass: readonly string[];
}

export interface RoundTripResult {
  /** Graph objects compared. */
  readonly checked: number;
  /** Objects whose entry would not reproduce them: not to be imported, each with its properties. */
  readonly refused: readonly NotImported[];
  /** Announced changes the first plan makes to imported objects. */
  readonly updates: readonly DriftItem[];
}

const NO_LABELS = new Map<string, string>();

/** The catalog's requirements a tenant may not meet yet (owners): not part of reproducing an object. */
const LENIENT = {
  groups: Group.safeExtend({ owners: z.array(PersonRef) }),
  businessRoles: BusinessRole.safeExtend({ owners: z.array(PersonRef) }),
  privilegedRoles: PrivilegedRole.safeExtend({ group: PrivilegedRole.shape.group.safeExtend({ owners: z.array(PersonRef) }) }),
};

/** One object and what its entry writes back, compared as its concept says (see {@link HowCompared}). */
interface Comparison extends HowCompared {
  readonly collection: DriftItem["collection"];
  readonly actual: object | undefined;
  readonly expected: object;
}

export function checkRoundTrip(result: ImportResult, data: GraphExport, options: RoundTripOptions): RoundTripResult {
  const trip = new RoundTrip(result, data, options);
  trip.administrativeUnits();
  trip.groups();
  trip.accessPackageCatalogs();
  trip.namedLocations();
  trip.authenticationStrengths();
  trip.conditionalAccessPolicies();
  trip.businessRoles();
  trip.privilegedRoles();
  return { checked: trip.checked, refused: trip.refused, updates: trip.updates };
}

type Parsed = { success: boolean; error?: z.ZodError };

/** The round trip of one import: one method per concept, each comparing its entries' objects with the export. */
class RoundTrip {
  readonly refused: NotImported[] = [];
  readonly updates: DriftItem[] = [];
  checked = 0;
  private readonly export: { [K in keyof GraphExport]: Map<string, GraphExport[K][number]> };
  private readonly catalog: ImportResult["catalog"];

  constructor(
    private readonly result: ImportResult,
    data: GraphExport,
    private readonly options: RoundTripOptions,
  ) {
    this.export = Object.fromEntries(
      Object.entries(data).map(([k, list]) => [k, new Map((list as { id: string }[]).map((o) => [o.id.toLowerCase(), o]))]),
    ) as RoundTrip["export"];
    this.catalog = result.catalog;
  }

  administrativeUnits(): void {
    for (const e of this.catalog.administrativeUnits) {
      const parsed = AdministrativeUnit.safeParse(e);
      const actual = this.export.administrativeUnits.get(String(e.importFrom));
      const members = this.catalog.groups.filter((g) => g.administrativeUnit === e.id).map((g) => g.id);
      this.check(e, { collection: "administrativeUnits", object: actual }, parsed, () => [
        {
          collection: "administrativeUnits",
          actual,
          expected: administrativeUnitToGraph({ id: e.id, spec: parsed.data! }, members, this.result.view),
          strict: false,
          kept: ["members"],
        },
      ]);
    }
  }

  groups(): void {
    const grantedBy = new Map<string, string[]>();
    for (const r of this.catalog.businessRoles) if (r.assignment) for (const g of r.entitlements?.groups ?? []) addTo(grantedBy, g, r.id);
    for (const e of this.catalog.groups) {
      const parsed = LENIENT.groups.safeParse(e);
      const actual = this.export.groups.get(String(e.importFrom));
      this.check(e, { collection: "groups", object: actual }, parsed, () => {
        const spec = parsed.data!;
        const m = spec.membership;
        const expected = groupToGraph(
          {
            id: e.id,
            spec,
            grantedByRoles: (grantedBy.get(e.id) ?? []).sort(),
            ...(m.type === "dynamic" ? { membershipRule: compileMembershipRule(m.when) } : {}),
          },
          this.result.view,
        );
        return [{ collection: "groups", actual, expected, strict: false }];
      });
    }
  }

  accessPackageCatalogs(): void {
    for (const e of this.catalog.accessPackageCatalogs) {
      const parsed = AccessPackageCatalog.safeParse(e);
      const actual = this.export.accessPackageCatalogs.get(String(e.importFrom));
      this.check(e, { collection: "accessPackageCatalogs", object: actual }, parsed, () => [
        {
          collection: "accessPackageCatalogs",
          actual,
          expected: accessPackageCatalogToGraph({ id: e.id, spec: parsed.data! }, this.result.view),
          strict: false,
        },
      ]);
    }
  }

  namedLocations(): void {
    for (const e of this.catalog.namedLocations) {
      const parsed = NamedLocation.safeParse(e);
      const actual = this.export.namedLocations.get(String(e.importFrom));
      this.check(e, { collection: "namedLocations", object: actual }, parsed, () => [
        {
          collection: "namedLocations",
          actual,
          expected: namedLocationToGraph({ id: e.id, spec: parsed.data! }, this.result.view),
          ...HOW_COMPARED.namedLocations,
        },
      ]);
    }
  }

  authenticationStrengths(): void {
    for (const e of this.catalog.authenticationStrengths) {
      const parsed = AuthenticationStrength.safeParse(e);
      const actual = this.export.authenticationStrengthPolicies.get(String(e.importFrom));
      this.check(e, { collection: "authenticationStrengthPolicies", object: actual }, parsed, () => [
        {
          collection: "authenticationStrengthPolicies",
          actual,
          expected: authenticationStrengthToGraph({ id: e.id, spec: parsed.data! }, this.result.view),
          ...HOW_COMPARED.authenticationStrengthPolicies,
        },
      ]);
    }
  }

  conditionalAccessPolicies(): void {
    for (const e of this.catalog.conditionalAccessPolicies) {
      const parsed = ConditionalAccessPolicy.safeParse(e);
      const known = this.result.limits.get(String(e.importFrom));
      const actual = this.export.conditionalAccessPolicies.get(String(e.importFrom));
      // An entry that cannot be checked still names what the provider cannot carry, so nothing is lost unsaid.
      const found =
        parsed.success || !actual
          ? (known?.limits ?? [])
          : [
              ...(known?.limits ?? []),
              ...providerLimitsOf(actual).filter(
                (l) =>
                  !covers(
                    (known?.limits ?? []).map((k) => k.path),
                    l.path,
                  ),
              ),
            ];
      this.check(
        e,
        { collection: "conditionalAccessPolicies", object: actual },
        parsed,
        () => [
          {
            collection: "conditionalAccessPolicies",
            actual,
            expected: caPolicyToGraph({ id: e.id, spec: parsed.data! }, this.result.view),
            ...HOW_COMPARED.conditionalAccessPolicies,
          },
        ],
        found,
        known?.placeholders,
      );
    }
  }

  /** A role's group (with the groups it is nested into), and its package and policy when it is requestable. */
  businessRoles(): void {
    const memberOf = new Map<string, { id: string }[]>();
    for (const g of this.export.groups.values()) for (const m of g.members) addTo(memberOf, m.id.toLowerCase(), { id: g.id });
    for (const e of this.catalog.businessRoles) {
      const parsed = LENIENT.businessRoles.safeParse(e);
      const from = typeof e.importFrom === "string" ? { group: e.importFrom } : (e.importFrom ?? { group: "" });
      const group = this.export.groups.get(from.group.toLowerCase());
      this.check(e, { collection: "groups", object: group }, parsed, () => {
        const spec = parsed.data!;
        const a = spec.assignment;
        const effectiveAppRoles = spec.entitlements.appRoles.map((ref) => {
          const [application, appRole] = ref.split("/") as [string, string];
          return { application, appRole, appRoleId: this.result.appRoleIds.get(ref) ?? "", clientId: this.result.view.application(application).clientId };
        });
        const objects = businessRoleToGraph(
          {
            id: e.id,
            spec,
            effectiveGroups: [...new Set(spec.entitlements.groups)].sort(),
            effectiveAppRoles,
            ...(a?.type === "birthright" ? { membershipRule: compileMembershipRule(a.when) } : {}),
          },
          this.result.view,
        );
        return [
          {
            collection: "groups",
            actual: group ? { ...group, memberOf: memberOf.get(group.id.toLowerCase()) ?? [] } : undefined,
            expected: objects.group,
            strict: false,
          },
          ...(objects.accessPackage
            ? [
                {
                  collection: "accessPackages" as const,
                  actual: this.export.accessPackages.get(String(from.accessPackage)),
                  expected: objects.accessPackage,
                  strict: false,
                },
              ]
            : []),
          ...(objects.assignmentPolicy
            ? [
                {
                  collection: "assignmentPolicies" as const,
                  actual: this.export.assignmentPolicies.get(String(from.assignmentPolicy)),
                  expected: objects.assignmentPolicy,
                  strict: false,
                },
              ]
            : []),
        ];
      });
    }
  }

  privilegedRoles(): void {
    for (const e of this.catalog.privilegedRoles) {
      const parsed = LENIENT.privilegedRoles.safeParse(e);
      const from = typeof e.importFrom === "string" ? e.importFrom : (e.importFrom?.group ?? "");
      const actual = this.export.groups.get(from.toLowerCase());
      this.check(e, { collection: "groups", object: actual }, parsed, () => {
        const spec = parsed.data!;
        return [
          {
            collection: "groups",
            actual,
            expected: privilegedRoleToGraph(
              { id: e.id, spec, directoryRoleTemplateId: findDirectoryRole(spec.directoryRole).role?.templateId ?? spec.directoryRole },
              this.result.view,
            ),
            strict: false,
          },
        ];
      });
    }
  }

  /**
   * Compares one entry's objects; refuses the entry (named by its main object) when a difference is not announced,
   * or when it would not even validate, listing every property at once.
   */
  private check(
    entry: { id: string },
    main: { collection: DriftItem["collection"]; object: { id: string; displayName?: string | null } | undefined },
    parsed: Parsed,
    comparisons: () => Comparison[],
    found: readonly Limitation[] = [],
    placeholders: readonly string[] = [],
  ): void {
    if (!main.object) return;
    const limits: Limitation[] = [...found];
    const changes: { c: Comparison; d: PropertyDifference[] }[] = [];
    if (!parsed.success) {
      if (!limits.length)
        limits.push({
          path: "(entry)",
          value: entry.id,
          limit: "idac",
          why: `the entry would not validate: ${parsed.error!.issues.map((i) => `${i.path.join(".") || "(entry)"}: ${i.message}`).join("; ")}`,
        });
    } else {
      for (const c of comparisons()) {
        if (!c.actual) continue;
        this.checked++;
        const announced = this.result.updates.get(String((c.actual as Loose).id).toLowerCase()) ?? [];
        const announcedHere: PropertyDifference[] = [];
        for (const d of compare(c)) {
          if (covers([...limits.map((l) => l.path), ...placeholders], d.path)) continue;
          if (covers(announced, d.path) || addsPrefix(d, this.options.namePrefix) || addsOnly(d, this.options.breakGlass)) announcedHere.push(d);
          else limits.push(limitation(d, c));
        }
        if (announcedHere.length) changes.push({ c, d: announcedHere });
      }
    }
    if (limits.length) {
      this.refused.push({
        collection: main.collection,
        objectId: String(main.object.id),
        displayName: String(main.object.displayName ?? main.object.id),
        reason: describeLimitations(limits),
        properties: limits,
      });
      return;
    }
    for (const { c, d } of changes) {
      const o = c.actual as Loose;
      this.updates.push({
        kind: "different",
        collection: c.collection,
        name: String(o.displayName),
        objectId: String(o.id),
        tenantObjectId: String(o.id),
        differences: d,
      });
    }
  }
}

/** The differences between an object and what its entry writes back, on the properties compared. */
function compare(c: Comparison): PropertyDifference[] {
  const prepare = c.prepare ?? ((o: Loose) => o);
  const actual = omit(prepare(c.actual as Loose), c.kept ?? []);
  const expected = omit(prepare(c.expected as Loose), c.kept ?? []);
  return diff(canonical(expected, NO_LABELS, ""), canonical(c.strict ? actual : pick(actual, expected), NO_LABELS, ""), "").flatMap((d) => leaves(d, c));
}

/**
 * A difference on a whole object that one side lacks, as one difference per property it holds, down to a property
 * the provider has no attribute for (named whole: `sessionControls.secureSignInSession`).
 */
function leaves(d: PropertyDifference, how: HowCompared): PropertyDifference[] {
  const isObject = (v: unknown): v is Loose => !!v && typeof v === "object" && !Array.isArray(v);
  if (how.providerKnows && !how.providerKnows(d.path)) return [d];
  if (isObject(d.actual) && d.expected === undefined)
    return Object.entries(d.actual).flatMap(([k, v]) => leaves({ path: `${d.path}.${k}`, expected: undefined, actual: v }, how));
  if (isObject(d.expected) && d.actual === undefined)
    return Object.entries(d.expected).flatMap(([k, v]) => leaves({ path: `${d.path}.${k}`, expected: v, actual: undefined }, how));
  return [d];
}

/** A difference nobody announced, as a reason not to import: the value the tenant holds and what the entry writes. */
function limitation(d: PropertyDifference, c: Comparison): Limitation {
  const provider = c.providerLimit?.(d.path);
  return {
    path: d.path,
    value: d.actual,
    ...(d.expected !== undefined ? { becomes: d.expected } : {}),
    limit: provider ? "provider" : "idac",
    why: provider ?? "the catalog entry cannot say it yet",
  };
}

/** Whether a property path is one of the given paths or lies below or above one. */
function covers(paths: readonly string[], path: string): boolean {
  return paths.some((p) => p === path || path.startsWith(`${p}.`) || p.startsWith(`${path}.`));
}

/** A display name that only gains the environment's prefix (idac names every object it manages that way). */
function addsPrefix(d: PropertyDifference, prefix: string): boolean {
  return prefix !== "" && d.path === "displayName" && typeof d.actual === "string" && d.expected === `${prefix}${d.actual}`;
}

/** A list that only gains some of the given IDs (the break-glass exclusions idac adds to every policy). */
function addsOnly(d: PropertyDifference, ids: readonly string[]): boolean {
  if (d.path !== "conditions.users.excludeUsers" && d.path !== "conditions.users.excludeGroups") return false;
  const expected = Array.isArray(d.expected) ? d.expected.map(String) : [];
  const actual = Array.isArray(d.actual) ? d.actual.map(String) : [];
  return actual.every((a) => expected.includes(a)) && expected.filter((e) => !actual.includes(e)).every((e) => ids.includes(e));
}

/** Every property of a policy the provider has no attribute for (when its entry cannot be checked otherwise). */
function providerLimitsOf(policy: Loose): Limitation[] {
  const out: Limitation[] = [];
  const walk = (value: unknown, path: string) => {
    if (path && !HOW_COMPARED.conditionalAccessPolicies.providerKnows!(path)) {
      out.push({ path, value, limit: "provider", why: caProviderLimit(path)! });
      return;
    }
    if (value && typeof value === "object" && !Array.isArray(value)) for (const [k, v] of Object.entries(value as Loose)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(canonical(omit(caComparable(policy), ["description"]), NO_LABELS, ""), "");
  return out;
}

/** The reason an object is not imported, in words: each property, its value, and who is the limit. */
export function describeLimitations(limits: readonly Limitation[]): string {
  return limits.map(describeLimitation).join("; ");
}

function describeLimitation(l: Limitation): string {
  const value = short(l.value);
  const what = l.becomes === undefined ? `${l.path} = ${value} would be lost` : `${l.path} = ${value} would become ${short(l.becomes)}`;
  return `${what} (limit: ${l.limit === "provider" ? "the azuread provider" : "idac"} — ${l.why})`;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? "null";
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

import { Document, isScalar, isSeq, visit } from "yaml";
import type { CatalogIssue } from "../errors/issue";
import { loadCatalogFiles, parseCatalogText, type LoadedFile } from "../load/load";
import { breakGlassObjectIds } from "../model/environment";
import { fromFiles } from "../resolve/load-catalog";
import { ENTRY_SECTIONS, Environment, type EnvironmentSpec } from "../schema/catalog";
import { AUTHENTICATION_METHODS_POLICY_ID } from "./concepts/lifecycle-methods-roles";
import { compareTenants, describedObjects, type DriftItem } from "./drift";
import type { GraphExport } from "./graph";
import { importExport, type ImportedCatalog, type ImportResult, type NotImported } from "./import";
import { checkRoundTrip, describeLimitations } from "./round-trip";
import { catalogOrigins, expectedTenant } from "./tenant";

/**
 * Where each imported section goes: one file per section, named after it, in `roles/` or `policies/`. A section of
 * more than {@link ENTRIES_PER_FILE} entries continues in `<name>-2.yaml`, `<name>-3.yaml`, … (catalog files are
 * limited in size). Re-importing rewrites these files and removes those no longer needed; nothing else is touched.
 */
const IMPORT_SECTIONS: readonly { section: keyof ImportedCatalog; file: string; about: string }[] = [
  { section: "administrativeUnits", file: "roles/imported-administrative-units", about: "Administrative units" },
  { section: "groups", file: "roles/imported-groups", about: "Groups" },
  { section: "accessPackageCatalogs", file: "roles/imported-catalogs", about: "Access package catalogs" },
  { section: "businessRoles", file: "roles/imported-business-roles", about: "Business roles (role groups, access packages and assignment policies)" },
  { section: "privilegedRoles", file: "roles/imported-privileged-roles", about: "Privileged roles (PIM for Groups)" },
  { section: "applications", file: "policies/imported-applications", about: "Enterprise applications that policies and roles target" },
  { section: "namedLocations", file: "policies/imported-named-locations", about: "Named locations" },
  { section: "authenticationStrengths", file: "policies/imported-authentication-strengths", about: "Authentication strengths" },
  { section: "conditionalAccessPolicies", file: "policies/imported-conditional-access", about: "Conditional access policies" },
  { section: "accessReviews", file: "policies/imported-access-reviews", about: "Access reviews (access review definitions)" },
  { section: "lifecycleWorkflows", file: "policies/imported-lifecycle-workflows", about: "Lifecycle workflows (joiner, mover and leaver)" },
  { section: "authenticationMethodsPolicies", file: "policies/imported-authentication-methods", about: "The authentication methods policy" },
  { section: "directoryRoleSettings", file: "roles/imported-directory-role-settings", about: "PIM settings of directory roles" },
];

const ENTRIES_PER_FILE = 500;

/** Whether a catalog file is one an import writes (and a re-import rewrites or removes). */
function isImportedFile(file: string): boolean {
  return IMPORT_SECTIONS.some((s) => file === `${s.file}.yaml` || new RegExp(`^${s.file}-\\d+\\.yaml$`).test(file));
}

export interface AdoptOptions {
  /** Catalog folder the import writes into; it declares the environment the export was taken from. */
  readonly catalogRoot: string;
  /** Environment ID. @default the only environment of the catalog */
  readonly environment?: string;
  readonly manageMembers?: boolean;
  readonly defaultOwners?: readonly string[];
}

export interface AdoptPlan {
  /** Catalog-relative path → YAML text. */
  readonly files: ReadonlyMap<string, string>;
  /** Files of an earlier import that this one no longer writes (to remove). */
  readonly stale: readonly string[];
  readonly result: ImportResult;
  /**
   * Objects the rest of the catalog already declares (adopted and moved out of the imported files, or described by
   * entries idac created): not written again.
   */
  readonly alreadyInCatalog: number;
  /** Problems `idac validate` will report on the catalog with the imported files (empty when it validates). */
  readonly issues: readonly CatalogIssue[];
  /** Imported objects checked against the export (by the round trip, and through the catalog when it validates). */
  readonly verified: number;
  /** Changes the first plan makes to imported objects (announced: placeholder descriptions, break-glass exclusions, …). */
  readonly differences: readonly DriftItem[];
  /** Which checks ran. */
  readonly checks: ImportChecks;
}

/**
 * The two checks an import runs before anything is written. The round trip (each object through its concept module,
 * Graph → entry → Graph) always runs; the check through the catalog (load, validate, resolve, expected tenant, drift
 * comparison) runs only when the catalog with the imported files validates, and says so when it does not.
 */
export interface ImportChecks {
  readonly roundTrip: { readonly objects: number; readonly notReproduced: number };
  readonly throughCatalog: { readonly ran: true; readonly objects: number } | { readonly ran: false; readonly reason: string };
}

/** Rounds of refusing objects and importing again (a refused group can make a policy that names it unimportable). */
const MAX_ROUNDS = 25;

/**
 * Plans an import into a catalog folder without writing anything: the imported files, and two checks that nothing is
 * imported changed. First every object makes the round trip through its concept module (Graph → catalog entry →
 * Graph) whatever the rest of the catalog says; an object whose entry would not reproduce it — a property the
 * provider cannot set, or the catalog cannot say yet — is listed as not imported with each property, and everything is
 * imported again without it. Then, when the catalog with the imported files validates, it is loaded, resolved and
 * compared with the export through the whole flow, as `idac drift` would.
 */
export async function planImport(data: GraphExport, options: AdoptOptions): Promise<AdoptPlan | { error: string }> {
  const loaded = await loadCatalogFiles(options.catalogRoot);
  const kept = loaded.files.filter((f) => !isImportedFile(f.file));
  const earlier = loaded.files.filter((f) => isImportedFile(f.file)).map((f) => f.file);

  const environments = loaded.files.flatMap((f) => list(f.data, "environments"));
  const chosen = options.environment ? environments.filter((e) => e.id === options.environment) : environments;
  if (chosen.length !== 1) {
    return {
      error: environments.length
        ? options.environment
          ? `No environment '${options.environment}' in ${options.catalogRoot}/environments (declared: ${environments.map((e) => e.id).join(", ")}).`
          : `The catalog declares ${environments.length} environments (` +
            `${environments.map((e) => e.id).join(", ")}): say which tenant the export is from with ` +
            `--env.`
        : `No environment in ${options.catalogRoot}/environments: declare the tenant ` +
          `first (tenantId, breakGlass accounts, backend), so the import knows which exclusions are ` +
          `the break-glass accounts.`,
    };
  }
  const env = Environment.safeParse(chosen[0]);
  if (!env.success) return { error: `The environment '${String(chosen[0]!.id)}' is not valid: run idac validate first.` };
  const environment: EnvironmentSpec = env.data;

  // Entries imported before keep their IDs; objects the rest of the catalog declares are not written again.
  const pinned = new Map<string, string>();
  const elsewhere = new Set<string>();
  for (const f of loaded.files) {
    for (const section of ENTRY_SECTIONS) {
      for (const e of list(f.data, section)) {
        const from = adoptedObject(e.importFrom);
        if (!from || typeof e.id !== "string") continue;
        pinned.set(from, e.id);
        if (!isImportedFile(f.file)) elsewhere.add(from);
      }
    }
  }

  // Objects the rest of the catalog already describes (idac created them, or somebody wrote their entries by hand)
  // are not imported again: they keep the catalog's IDs, so imported entries that point at them use those.
  const rest = fromFiles({ files: kept, issues: [] }).catalog;
  if (rest && rest.environments.some((e) => e.id === environment.id)) {
    const origins = catalogOrigins(rest);
    for (const [objectId, expectedId] of describedObjects(expectedTenant(rest, environment.id), data)) {
      const origin = origins.get(expectedId);
      if (!origin || pinned.has(objectId)) continue;
      elsewhere.add(objectId);
      pinned.set(objectId, origin.id);
    }
  }

  const knownApplications = new Map(
    (rest?.applications ?? []).map((a) => [
      a.spec.clientId.toLowerCase(),
      { id: a.id, appRoles: new Map(a.spec.appRoles.map((r) => [r.appRoleId.toLowerCase(), r.id])) },
    ]),
  );
  const breakGlass = breakGlassObjectIds(environment);
  const refused = new Map<string, NotImported>();
  for (let round = 0; ; round++) {
    const result = importExport(data, {
      environment,
      pinned,
      knownApplications,
      refused,
      ...(options.manageMembers ? { manageMembers: true } : {}),
      ...(options.defaultOwners?.length ? { defaultOwners: options.defaultOwners } : {}),
    });
    let alreadyInCatalog = 0;
    for (const section of Object.keys(result.catalog) as (keyof ImportedCatalog)[]) {
      const entries = result.catalog[section] as { importFrom?: unknown }[];
      const keep = entries.filter((e) => !elsewhere.has(tenantObjectOf(section, e, result) ?? ""));
      alreadyInCatalog += entries.length - keep.length;
      entries.splice(0, entries.length, ...keep);
    }

    // First check: each object through its concept module, whatever the catalog says.
    const roundTrip = checkRoundTrip(result, data, { namePrefix: environment.namePrefix, breakGlass: breakGlass.map((b) => b.toLowerCase()) });
    if (roundTrip.refused.length && round < MAX_ROUNDS) {
      for (const n of roundTrip.refused) refused.set(n.objectId.toLowerCase(), n);
      continue;
    }
    const checks = { roundTrip: { objects: roundTrip.checked, notReproduced: refused.size } };

    // Second check: through the whole flow, when the catalog with the imported files validates.
    const files = render(result.catalog);
    const issues: CatalogIssue[] = [...loaded.issues];
    const parsed: LoadedFile[] = [...kept];
    for (const [file, text] of files) {
      const f = parseCatalogText(file, new TextEncoder().encode(text), issues);
      if (f) parsed.push(f);
    }
    const checked = fromFiles({ files: parsed.sort((a, b) => a.file.localeCompare(b.file)), issues });
    const stale = earlier.filter((f) => !files.has(f));
    const plan = { files, stale, result, alreadyInCatalog, issues: checked.issues };
    if (!checked.catalog) {
      const reason = `the catalog with the imported files does not validate (${checked.issues.filter((i) => i.severity === "error").length} error(s))`;
      return { ...plan, verified: roundTrip.checked, differences: roundTrip.updates, checks: { ...checks, throughCatalog: { ran: false, reason } } };
    }
    const imported = new Set(
      (Object.entries(result.catalog) as [keyof ImportedCatalog, { importFrom?: unknown }[]][]).flatMap(([section, entries]) =>
        entries.flatMap((e) => {
          const found = section === "authenticationMethodsPolicies" || section === "directoryRoleSettings" ? tenantObjectOf(section, e, result) : undefined;
          return found ? [found] : adoptedObjects(e.importFrom);
        }),
      ),
    );
    const expected = expectedTenant(checked.catalog, environment.id);
    const differences = compareTenants(expected, data, { breakGlass }).filter((d) => d.kind === "different" && imported.has(d.tenantObjectId.toLowerCase()));
    // What the round trip missed and the whole flow finds in a policy is a reason too (the same rule, checked twice).
    const prefixed = (x: { path: string; expected: unknown; actual: unknown }) =>
      x.path === "displayName" && environment.namePrefix !== "" && x.expected === `${environment.namePrefix}${String(x.actual)}`;
    const strict = differences.filter(
      (d) => d.kind === "different" && d.collection === "conditionalAccessPolicies" && !d.differences.every((x) => addsBreakGlassOnly(x) || prefixed(x)),
    );
    if (strict.length && round < MAX_ROUNDS) {
      for (const d of strict) {
        if (d.kind !== "different") continue;
        const properties = d.differences.map((x) => ({
          path: x.path,
          value: x.actual,
          becomes: x.expected,
          limit: "idac" as const,
          why: "the catalog entry would not reproduce it (found through the catalog)",
        }));
        refused.set(d.tenantObjectId.toLowerCase(), {
          collection: d.collection,
          objectId: d.tenantObjectId,
          displayName: d.name,
          reason: describeLimitations(properties),
          properties,
        });
      }
      continue;
    }
    return { ...plan, verified: imported.size, differences, checks: { ...checks, throughCatalog: { ran: true, objects: imported.size } } };
  }
}

/** A difference that only adds break-glass exclusions the policy lacked. */
function addsBreakGlassOnly(x: { path: string; expected: unknown; actual: unknown }): boolean {
  if (x.path !== "conditions.users.excludeUsers" && x.path !== "conditions.users.excludeGroups") return false;
  const expected = Array.isArray(x.expected) ? x.expected.map(String) : [];
  const actual = Array.isArray(x.actual) ? x.actual.map(String) : [];
  return actual.every((a) => expected.includes(a)) && expected.filter((e) => !actual.includes(e)).every((e) => e.startsWith("breakGlass:"));
}

/** The object an entry adopts: its `importFrom`, or a business role's group. */
/**
 * The tenant object (lower-case ID) an imported entry adopts: its `importFrom`, or, for what is found by what it is
 * rather than by an ID, the tenant's one authentication methods policy and the directory role's policy assignment.
 */
function tenantObjectOf(section: keyof ImportedCatalog, e: { id?: unknown; importFrom?: unknown }, result: ImportResult): string | undefined {
  if (section === "authenticationMethodsPolicies") return AUTHENTICATION_METHODS_POLICY_ID.toLowerCase();
  if (section === "directoryRoleSettings") return result.view.objectId("directoryRolePolicy", String(e.id)).toLowerCase();
  return adoptedObject(e.importFrom);
}

function adoptedObject(importFrom: unknown): string | undefined {
  if (typeof importFrom === "string") return importFrom.toLowerCase();
  const group = importFrom && typeof importFrom === "object" ? (importFrom as Record<string, unknown>).group : undefined;
  return typeof group === "string" ? group.toLowerCase() : undefined;
}

/** Every object ID an entry adopts (a business role adopts its group, package and policy). */
function adoptedObjects(importFrom: unknown): string[] {
  if (typeof importFrom === "string") return [importFrom.toLowerCase()];
  if (!importFrom || typeof importFrom !== "object") return [];
  return ["group", "accessPackage", "assignmentPolicy"].flatMap((k) => {
    const v = (importFrom as Record<string, unknown>)[k];
    return typeof v === "string" ? [v.toLowerCase()] : [];
  });
}

function list(data: unknown, section: string): Record<string, unknown>[] {
  const value = data && typeof data === "object" ? (data as Record<string, unknown>)[section] : undefined;
  return Array.isArray(value) ? value.filter((e): e is Record<string, unknown> => !!e && typeof e === "object") : [];
}

/** The imported files' YAML: entries sorted by ID, so the same export always gives the same bytes. */
function render(catalog: ImportedCatalog): Map<string, string> {
  const out = new Map<string, string>();
  for (const { section, file, about } of IMPORT_SECTIONS) {
    const entries = [...catalog[section]].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const parts = Math.ceil(entries.length / ENTRIES_PER_FILE);
    for (let n = 0; n < parts; n++) {
      const name = n === 0 ? `${file}.yaml` : `${file}-${n + 1}.yaml`;
      const header = [
        `# yaml-language-server: $schema=${"../".repeat(name.split("/").length - 1)}schema/catalog.schema.json`,
        `# ${about} imported from a Microsoft Graph export by idac import${parts > 1 ? ` (part ${n + 1} of ${parts})` : ""}.`,
        "# Each entry adopts its object (importFrom): the first plan updates it in place instead of creating a duplicate.",
        "# Re-running idac import rewrites this file; move entries to other files to curate them (they keep their IDs).",
      ].join("\n");
      out.set(name, `${header}\n${yamlText({ [section]: entries.slice(n * ENTRIES_PER_FILE, (n + 1) * ENTRIES_PER_FILE) })}`);
    }
  }
  return out;
}

/** Block style, with short lists of plain values on one line (`include: [All]`), as the catalog is written by hand. */
function yamlText(content: unknown): string {
  const doc = new Document(content);
  visit(doc, {
    Seq(_, node) {
      if (isSeq(node) && node.items.every((i) => isScalar(i)) && node.items.map((i) => String((i as { value: unknown }).value)).join(", ").length <= 80)
        node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

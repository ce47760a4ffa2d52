import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Pages fetched for each object of a collection, into `<folder>/<object id>-<n>.json`: an expansion returns at most
 * 20 items, and some APIs (PIM for Groups) only answer with a filter on one group.
 */
interface PerObjectRequest {
  readonly folder: string;
  /** Progress label, e.g. "members of <id>". */
  readonly label: string;
  readonly path: (id: string) => string;
  /** Only for these objects. @default every object */
  readonly only?: (o: { isAssignableToRole?: boolean | null }) => boolean;
}

const roleAssignable = (o: { isAssignableToRole?: boolean | null }) => o.isAssignableToRole === true;

/** The Graph collections an adoption needs, with the read-only request that fetches each. */
export const EXPORT_REQUESTS: readonly { collection: string; path: string; conditionalAccess?: boolean; perObject?: readonly PerObjectRequest[] }[] = [
  { collection: "users", path: "/users?$select=id,userPrincipalName,displayName,accountEnabled" },
  { collection: "servicePrincipals", path: "/servicePrincipals?$select=id,appId,displayName,appRoles" },
  {
    collection: "administrativeUnits",
    path: "/directory/administrativeUnits?$select=id,displayName,description,visibility",
    perObject: [{ folder: "administrativeUnitMembers", label: "members", path: (id) => `/directory/administrativeUnits/${id}/members?$select=id,userPrincipalName` }],
  },
  {
    collection: "groups",
    path: "/groups?$select=id,displayName,description,securityEnabled,mailEnabled,mailNickname,isAssignableToRole,groupTypes,membershipRule,membershipRuleProcessingState,visibility,onPremisesSyncEnabled&$expand=owners($select=id,userPrincipalName)",
    perObject: [
      { folder: "groupMembers", label: "members", path: (id) => `/groups/${id}/members?$select=id,userPrincipalName` },
      // PIM for Groups of each role-assignable group: schedules (the API needs a groupId filter) and its policy.
      { folder: "groupEligibilitySchedules", label: "PIM", only: roleAssignable, path: (id) => `/identityGovernance/privilegedAccess/group/eligibilitySchedules?$filter=groupId eq '${id}'` },
      { folder: "groupAssignmentSchedules", label: "PIM", only: roleAssignable, path: (id) => `/identityGovernance/privilegedAccess/group/assignmentSchedules?$filter=groupId eq '${id}'` },
      {
        folder: "groupRoleManagementPolicies",
        label: "PIM",
        only: roleAssignable,
        path: (id) => `/policies/roleManagementPolicyAssignments?$filter=scopeId eq '${id}' and scopeType eq 'Group'&$expand=policy($expand=rules)`,
      },
      // What each group is granted in applications (business roles' app roles).
      { folder: "groupAppRoleAssignments", label: "app roles", path: (id) => `/groups/${id}/appRoleAssignments` },
    ],
  },
  { collection: "roleAssignments", path: "/roleManagement/directory/roleAssignments?$expand=principal" },
  { collection: "roleDefinitions", path: "/roleManagement/directory/roleDefinitions?$select=id,displayName,isBuiltIn,templateId" },
  { collection: "roleAssignmentSchedules", path: "/roleManagement/directory/roleAssignmentSchedules" },
  { collection: "roleEligibilitySchedules", path: "/roleManagement/directory/roleEligibilitySchedules" },
  { collection: "conditionalAccessPolicies", path: "/identity/conditionalAccess/policies", conditionalAccess: true },
  { collection: "namedLocations", path: "/identity/conditionalAccess/namedLocations", conditionalAccess: true },
  { collection: "authenticationStrengthPolicies", path: "/policies/authenticationStrengthPolicies" },
  { collection: "accessPackageCatalogs", path: "/identityGovernance/entitlementManagement/catalogs" },
  { collection: "accessPackages", path: "/identityGovernance/entitlementManagement/accessPackages?$expand=resourceRoleScopes($expand=role,scope),catalog" },
  { collection: "assignmentPolicies", path: "/identityGovernance/entitlementManagement/assignmentPolicies?$expand=accessPackage" },
];

export interface ExportOptions {
  readonly out: string;
  /** A bearer token for Microsoft Graph (read-only application permissions). */
  readonly getToken: () => Promise<string>;
  /** @default https://graph.microsoft.com/v1.0 */
  readonly baseUrl?: string;
  /** Conditional access endpoints allow one request per second per tenant. @default 1000 */
  readonly conditionalAccessIntervalMs?: number;
  /** @default 6 */
  readonly maxRetries?: number;
  /** Requests in flight at once for per-object pages (members, app roles, PIM), each throttled on its own. @default 4 */
  readonly concurrency?: number;
  readonly fetchImpl?: typeof fetch;
  readonly onProgress?: (event: { collection: string; pages: number; items: number; done: boolean }) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ExportSummary {
  readonly collections: Record<string, { pages: number; items: number }>;
  readonly requests: number;
  readonly throttled: number;
}

/**
 * Exports the collections idac adopts from, page by page, exactly as Graph returns them: follows
 * `@odata.nextLink`, honours 429 `Retry-After` (backing off exponentially when the header is missing, as on
 * conditional access endpoints), spaces conditional access requests a second apart, and fetches the per-object pages
 * of {@link EXPORT_REQUESTS} (members, app role assignments, PIM for Groups) a few at a time. Only GET requests are
 * made.
 */
export async function exportTenant(options: ExportOptions): Promise<ExportSummary> {
  const base = (options.baseUrl ?? "https://graph.microsoft.com/v1.0").replace(/\/+$/, "");
  const fetchImpl = options.fetchImpl ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const caInterval = options.conditionalAccessIntervalMs ?? 1000;
  const maxRetries = options.maxRetries ?? 6;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let requests = 0;
  let throttled = 0;
  let lastCa = 0;

  const get = async (url: string, conditionalAccess: boolean): Promise<{ value: unknown[]; "@odata.nextLink"?: string }> => {
    for (let attempt = 0; ; attempt++) {
      if (conditionalAccess) {
        const wait = lastCa + caInterval - Date.now();
        if (wait > 0) await sleep(wait);
        lastCa = Date.now();
      }
      requests++;
      const response = await fetchImpl(url, { method: "GET", headers: { Authorization: `Bearer ${await options.getToken()}`, Accept: "application/json", ConsistencyLevel: "eventual" } });
      if (response.status === 429 || response.status === 503 || response.status === 504) {
        throttled++;
        if (attempt >= maxRetries) throw new Error(`GET ${url}: still throttled after ${maxRetries} retries (HTTP ${response.status})`);
        const retryAfter = Number(response.headers.get("retry-after"));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : Math.min(60_000, 1000 * 2 ** attempt));
        continue;
      }
      if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
      return (await response.json()) as { value: unknown[]; "@odata.nextLink"?: string };
    }
  };

  const pagesOf = async (collection: string, first: string, conditionalAccess: boolean, file: (n: number) => string) => {
    let url: string | undefined = first;
    let pages = 0;
    let items = 0;
    const all: unknown[] = [];
    while (url) {
      const page = await get(url, conditionalAccess);
      pages++;
      items += page.value.length;
      all.push(...page.value);
      await writeFile(file(pages), JSON.stringify(page, null, 2) + "\n");
      options.onProgress?.({ collection, pages, items, done: false });
      url = page["@odata.nextLink"] ?? undefined;
    }
    options.onProgress?.({ collection, pages, items, done: true });
    return { pages, items, all };
  };

  const collections: Record<string, { pages: number; items: number }> = {};
  for (const r of EXPORT_REQUESTS) {
    const dir = path.join(options.out, r.collection);
    await mkdir(dir, { recursive: true });
    const result = await pagesOf(r.collection, `${base}${r.path}`, r.conditionalAccess === true, (n) => path.join(dir, `page-${n}.json`));
    collections[r.collection] = { pages: result.pages, items: result.items };
    for (const p of r.perObject ?? []) {
      await mkdir(path.join(options.out, p.folder), { recursive: true });
      const objects = (result.all as { id: string; isAssignableToRole?: boolean | null }[]).filter((o) => p.only?.(o) ?? true);
      await eachLimited(objects, concurrency, (o) => pagesOf(`${p.label} of ${o.id}`, `${base}${p.path(encodeURIComponent(o.id))}`, false, (n) => path.join(options.out, p.folder, `${o.id}-${n}.json`)));
    }
  }
  return { collections, requests, throttled };
}

/** Runs `work` over the items, at most `limit` at a time; the first failure stops the rest and is thrown. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

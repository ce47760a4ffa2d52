import { quoted } from "../escape";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LegacyShape } from "../output/output-folder";
import { replaceFolder } from "../output/replace-folder";
import { jsonNestsDeeperThan } from "./private/json-input";

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

/**
 * The user properties exported: identity, and the HR properties an HR snapshot is read from (`--people <export>`).
 * `employeeLeaveDateTime` is not among them: reading it needs `User-LifeCycleInfo.Read.All` too, so it is selected
 * only when asked for ({@link ExportOptions.leaveDates}).
 * @see https://learn.microsoft.com/graph/api/resources/user
 */
export const USER_PROPERTIES: readonly string[] = [
  "id",
  "userPrincipalName",
  "displayName",
  "accountEnabled",
  "userType",
  "employeeHireDate",
  "employeeType",
  "employeeId",
  "employeeOrgData",
  "companyName",
  "department",
  "jobTitle",
  "country",
  "usageLocation",
  "officeLocation",
  "city",
  "state",
  "onPremisesExtensionAttributes",
];

/** The permission Graph requires, beside User.Read.All, to return `employeeLeaveDateTime`. */
export const LEAVE_DATES_PERMISSION = "User-LifeCycleInfo.Read.All";

/** The Graph collections an adoption needs, with the read-only request that fetches each. */
const EXPORT_REQUESTS: readonly {
  collection: string;
  path: string;
  conditionalAccess?: boolean;
  /** The endpoint returns one object, not a collection page; it is written as it is. */
  single?: boolean;
  /** A `Prefer` header: the enumeration members Graph otherwise hides behind `unknownFutureValue`. */
  prefer?: string;
  perObject?: readonly PerObjectRequest[];
}[] = [
  { collection: "users", path: `/users?$select=${USER_PROPERTIES.join(",")}` },
  { collection: "servicePrincipals", path: "/servicePrincipals?$select=id,appId,displayName,appRoles" },
  {
    collection: "administrativeUnits",
    path: "/directory/administrativeUnits?$select=id,displayName,description,visibility",
    perObject: [
      { folder: "administrativeUnitMembers", label: "members", path: (id) => `/directory/administrativeUnits/${id}/members?$select=id,userPrincipalName` },
    ],
  },
  {
    collection: "groups",
    path:
      "/groups?$select=id,displayName,description,securityEnabled,mailEnabled," +
      "mailNickname,isAssignableToRole,groupTypes,membershipRule,membershipRuleProcessingState," +
      "visibility,onPremisesSyncEnabled&$expand=owners($select=id,userPrincipalName)",
    perObject: [
      { folder: "groupMembers", label: "members", path: (id) => `/groups/${id}/members?$select=id,userPrincipalName` },
      // PIM for Groups of each role-assignable group: schedules (the API needs a groupId filter) and its policy.
      {
        folder: "groupEligibilitySchedules",
        label: "PIM",
        only: roleAssignable,
        path: (id) => `/identityGovernance/privilegedAccess/group/eligibilitySchedules?$filter=groupId eq '${id}'`,
      },
      {
        folder: "groupAssignmentSchedules",
        label: "PIM",
        only: roleAssignable,
        path: (id) => `/identityGovernance/privilegedAccess/group/assignmentSchedules?$filter=groupId eq '${id}'`,
      },
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
  // --- access reviews ---
  { collection: "accessReviewDefinitions", path: "/identityGovernance/accessReviews/definitions" },
  // --- end access reviews ---
  // --- lifecycle workflows, authentication methods, directory role settings ---
  // Without the Prefer header, Graph calls the mover category `unknownFutureValue`.
  { collection: "lifecycleWorkflows", path: "/identityGovernance/lifecycleWorkflows/workflows?$expand=tasks", prefer: "include-unknown-enum-members" },
  // One object, not a page: its method configurations come with it.
  { collection: "authenticationMethodsPolicies", path: "/policies/authenticationMethodsPolicy", single: true },
  {
    collection: "directoryRolePolicies",
    path: "/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole'&$expand=policy($expand=rules)",
  },
  // --- end lifecycle workflows, authentication methods, directory role settings ---
];

/**
 * Bounds on what a Graph endpoint may send. Microsoft Graph stays far below each; an endpoint that does not is
 * broken or hostile, and the export stops with the bound named rather than exhausting memory, disk or the stack.
 */
export interface ExportLimits {
  /** Items in one page (Graph pages hold at most 999). */
  readonly maxItemsPerPage: number;
  /** Bytes of one response body, read as a stream and cut off there. */
  readonly maxResponseBytes: number;
  /** Nesting of JSON objects and arrays in one response (Graph pages nest a handful of levels). */
  readonly maxJsonDepth: number;
  /** Pages in one `@odata.nextLink` chain (100,000 pages of 999 items is about 100 million objects). */
  readonly maxPagesPerChain: number;
  /** Longest wait a `Retry-After` header may ask for, in seconds. */
  readonly maxRetryAfterSeconds: number;
}

export const EXPORT_LIMITS: ExportLimits = {
  maxItemsPerPage: 10_000,
  maxResponseBytes: 64 * 1024 * 1024,
  maxJsonDepth: 64,
  maxPagesPerChain: 100_000,
  maxRetryAfterSeconds: 300,
};

export interface ExportOptions {
  /**
   * Folder the export replaces as a whole when it succeeded (nothing is left from an earlier export, and a failed
   * export leaves the earlier one as it was). It must be new, empty, or an earlier export.
   */
  readonly out: string;
  /** A bearer token for Microsoft Graph (read-only application permissions). */
  readonly getToken: () => Promise<string>;
  /**
   * The Graph endpoint. Paging links are followed only to its origin (scheme, host and port) and under its path.
   * @default https://graph.microsoft.com/v1.0
   */
  readonly baseUrl?: string;
  /** Conditional access endpoints allow one request per second per tenant. @default 1000 */
  readonly conditionalAccessIntervalMs?: number;
  /** @default 6 */
  readonly maxRetries?: number;
  /** Requests in flight at once for per-object pages (members, app roles, PIM), each throttled on its own. @default 4 */
  readonly concurrency?: number;
  /** @default {@link EXPORT_LIMITS} */
  readonly limits?: Partial<ExportLimits>;
  readonly fetchImpl?: typeof fetch;
  readonly onProgress?: (event: { collection: string; pages: number; items: number; done: boolean }) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Also select users' `employeeLeaveDateTime` (leavers in an HR snapshot read from the export). Graph refuses the
   * whole users request without {@link LEAVE_DATES_PERMISSION}, so it is asked for only here.
   * @default false
   */
  readonly leaveDates?: boolean;
}

export interface ExportSummary {
  readonly collections: Record<string, { pages: number; items: number }>;
  readonly requests: number;
  readonly throttled: number;
  /** The folder written (real path). */
  readonly outdir: string;
}

/** An export folder an earlier idac wrote before it marked its folders: only the folders an export writes. */
const LEGACY_EXPORT: LegacyShape = {
  description: "a Graph export of an earlier idac (only the collection folders an export writes)",
  accepts: async (_dir, entries) => {
    const folders = new Set(EXPORT_REQUESTS.flatMap((r) => [r.collection, ...(r.perObject ?? []).map((p) => p.folder)]));
    return entries.every((e) => e.isDirectory() && folders.has(e.name));
  },
};

/**
 * Exports the collections idac adopts from, page by page, exactly as Graph returns them: follows
 * `@odata.nextLink` (only to the configured endpoint), honours 429 `Retry-After` (backing off exponentially when the
 * header is missing, as on conditional access endpoints), spaces conditional access requests a second apart, and
 * fetches the per-object pages of {@link EXPORT_REQUESTS} (members, app role assignments, PIM for Groups) a few at a
 * time. Only GET requests are made. Nothing received is trusted: see {@link ExportLimits}, `nextLinkOf` and
 * `objectsOf`; any violation stops the export and leaves the previous one in place.
 */
export async function exportTenant(options: ExportOptions): Promise<ExportSummary> {
  const endpoint = graphEndpoint(options.baseUrl ?? "https://graph.microsoft.com/v1.0");
  const limits = { ...EXPORT_LIMITS, ...options.limits };
  const client = graphClient(options, limits);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const { outdir, result } = await replaceFolder(options.out, { kind: "export", legacy: LEGACY_EXPORT }, async (out) => {
    const pagesOf = async (
      collection: string,
      first: string,
      conditionalAccess: boolean,
      file: (n: number) => string,
      request: { single?: boolean; prefer?: string } = {},
    ) => {
      // Links are compared as URLs (normalised), so a chain that comes back to an earlier page is seen as a loop.
      let url: string | undefined = new URL(first).href;
      let pages = 0;
      const all: unknown[] = [];
      const seen = new Set<string>();
      while (url) {
        seen.add(url);
        const page = await client.get(url, conditionalAccess, `${collection} page ${pages + 1}`, endpoint, request);
        pages++;
        all.push(...page.value);
        await writeFile(file(pages), JSON.stringify(page.body, null, 2) + "\n");
        options.onProgress?.({ collection, pages, items: all.length, done: false });
        url = page.next;
        if (url && seen.has(url)) throw new Error(`${collection} page ${pages}: @odata.nextLink ${quoted(url)} repeats an earlier page (a paging loop)`);
        if (url && pages >= limits.maxPagesPerChain) throw new Error(`${collection}: more than ${limits.maxPagesPerChain} pages in one paging chain`);
      }
      options.onProgress?.({ collection, pages, items: all.length, done: true });
      return { pages, items: all.length, all };
    };

    const collections: Record<string, { pages: number; items: number }> = {};
    for (const r of EXPORT_REQUESTS) {
      const dir = path.join(out, r.collection);
      await mkdir(dir);
      const first = r.collection === "users" && options.leaveDates ? `${r.path},employeeLeaveDateTime` : r.path;
      const result = await pagesOf(r.collection, `${endpoint.base}${first}`, r.conditionalAccess === true, (n) => path.join(dir, `page-${n}.json`), r);
      collections[r.collection] = { pages: result.pages, items: result.items };
      if (!r.perObject) continue;
      const objects = objectsOf(r.collection, result.all);
      for (const p of r.perObject) {
        await mkdir(path.join(out, p.folder));
        const chosen = objects.filter((o) => p.only?.(o) ?? true);
        await eachLimited(chosen, concurrency, (o) =>
          pagesOf(`${p.label} of ${o.id}`, `${endpoint.base}${p.path(encodeURIComponent(o.id))}`, false, (n) => path.join(out, p.folder, `${o.id}-${n}.json`)),
        );
      }
    }
    return collections;
  });
  return { collections: result, requests: client.requests(), throttled: client.throttled(), outdir };
}

/** The configured endpoint: `base` without a trailing slash, its origin, and the path links must stay under. */
interface GraphEndpoint {
  readonly base: string;
  readonly origin: string;
  /** For example `/v1.0/` or `/beta/`; `/` when the endpoint has no path. */
  readonly pathPrefix: string;
}

function graphEndpoint(baseUrl: string): GraphEndpoint {
  const url = new URL(baseUrl);
  const base = url.href.replace(/\/+$/, "");
  return { base, origin: url.origin, pathPrefix: `${url.pathname.replace(/\/+$/, "")}/` };
}

/** One page as received: the body as written to disk, its items, and the next link (already checked). */
interface ReceivedPage {
  readonly body: Record<string, unknown>;
  readonly value: readonly unknown[];
  readonly next?: string;
}

/** GET with the bearer token, throttling and retries; redirects are refused (the token would follow them). */
function graphClient(options: ExportOptions, limits: ExportLimits) {
  const fetchImpl = options.fetchImpl ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const caInterval = options.conditionalAccessIntervalMs ?? 1000;
  const maxRetries = options.maxRetries ?? 6;
  let requests = 0;
  let throttled = 0;
  let lastCa = 0;
  const get = async (
    url: string,
    conditionalAccess: boolean,
    where: string,
    endpoint: GraphEndpoint,
    request: { single?: boolean; prefer?: string } = {},
  ): Promise<ReceivedPage> => {
    for (let attempt = 0; ; attempt++) {
      if (conditionalAccess) {
        const wait = lastCa + caInterval - Date.now();
        if (wait > 0) await sleep(wait);
        lastCa = Date.now();
      }
      requests++;
      const headers = {
        Authorization: `Bearer ${await options.getToken()}`,
        Accept: "application/json",
        ConsistencyLevel: "eventual",
        ...(request.prefer ? { Prefer: request.prefer } : {}),
      };
      const response = await fetchImpl(url, { method: "GET", headers, redirect: "manual" });
      if (response.status === 429 || response.status === 503 || response.status === 504) {
        throttled++;
        await response.body?.cancel();
        if (attempt >= maxRetries) throw new Error(`GET ${url}: still throttled after ${maxRetries} retries (HTTP ${response.status})`);
        const retryAfter = Number(response.headers.get("retry-after"));
        const seconds = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, limits.maxRetryAfterSeconds) : Math.min(60, 2 ** attempt);
        await sleep(seconds * 1000);
        continue;
      }
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        throw new Error(
          `GET ${url}: refused to follow a redirect (HTTP ${response.status}) to ` +
            `${quoted(response.headers.get("location") ?? "")}: the token is sent only to ` +
            `${endpoint.origin}`,
        );
      }
      if (!response.ok) {
        const text = await readBody(response, 64 * 1024, url).catch(() => "");
        throw new Error(`GET ${url}: HTTP ${response.status} ${quoted(text, 300)}`);
      }
      return pageOf(await readBody(response, limits.maxResponseBytes, `GET ${url}`), limits, where, endpoint, request.single === true);
    }
  };
  return { get, requests: () => requests, throttled: () => throttled };
}

/** The body as text, read as a stream and cut off at `maxBytes` (a Content-Length above it is refused unread). */
async function readBody(response: Response, maxBytes: number, where: string): Promise<string> {
  const tooLarge = () => new Error(`${where}: the response is larger than ${maxBytes} bytes`);
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader!.cancel();
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new Error(`${where}: the response is not UTF-8 text`);
  }
}

/**
 * A Graph collection page, checked: JSON no deeper than the limit, an object with a bounded `value` array. With
 * `single`, one object (not a page), taken as a page of one and written as it came.
 */
function pageOf(text: string, limits: ExportLimits, where: string, endpoint: GraphEndpoint, single = false): ReceivedPage {
  if (jsonNestsDeeperThan(text, limits.maxJsonDepth)) throw new Error(`${where}: the response nests JSON deeper than ${limits.maxJsonDepth} levels`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${where}: the response is not JSON`);
  }
  if (single) {
    if (typeof body !== "object" || body === null || Array.isArray(body) || Object.hasOwn(body, "value"))
      throw new Error(`${where}: the response is not one Graph object`);
    return { body: body as Record<string, unknown>, value: [body] };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body) || !Object.hasOwn(body, "value") || !Array.isArray((body as { value: unknown }).value)) {
    throw new Error(`${where}: the response has no "value" array (not a Graph collection page)`);
  }
  const page = body as Record<string, unknown> & { value: unknown[] };
  if (page.value.length > limits.maxItemsPerPage)
    throw new Error(`${where}: ${page.value.length} items in one page (at most ${limits.maxItemsPerPage}; Graph sends at most 999)`);
  const next = Object.hasOwn(page, "@odata.nextLink") ? nextLinkOf(page["@odata.nextLink"], endpoint, where) : undefined;
  return { body: page, value: page.value, ...(next ? { next } : {}) };
}

/**
 * The next page's URL, followed only when it points at the configured endpoint: the same origin (scheme, host and
 * port, so the bearer token never goes elsewhere), no credentials in the URL, and a path under the endpoint's path
 * (`/v1.0/…`; `..` and `%2e%2e` are resolved before the comparison). Anything else stops the export.
 */
function nextLinkOf(link: unknown, endpoint: GraphEndpoint, where: string): string | undefined {
  if (link === null || link === undefined) return undefined;
  if (typeof link !== "string") throw new Error(`${where}: @odata.nextLink is not a string`);
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new Error(`${where}: @odata.nextLink ${quoted(link)} is not a URL`);
  }
  const refuse = (why: string) =>
    new Error(
      `${where}: refused to follow @odata.nextLink to ` +
        `${quoted(url.origin === "null" ? link : url.origin)}: ${why}; the token is sent only to ` +
        `${endpoint.origin}${endpoint.pathPrefix}`,
    );
  if (url.origin !== endpoint.origin) throw refuse("another origin");
  if (url.username || url.password) throw refuse("credentials in the link");
  if (!url.pathname.startsWith(endpoint.pathPrefix)) throw refuse(`its path ${quoted(url.pathname)} leaves ${endpoint.pathPrefix}`);
  return url.href;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The objects whose IDs go into per-object URLs and file names (`groupMembers/<id>-1.json`), each checked to be a
 * GUID, as Entra object IDs are. One bad ID fails the whole export (fail closed): an export is the input of an
 * adoption and of drift, and one with an object silently missing would import or compare a tenant that is not there;
 * Graph never sends such an ID, so the endpoint itself is not to be trusted.
 */
function objectsOf(collection: string, items: readonly unknown[]): { id: string; isAssignableToRole?: boolean | null }[] {
  return items.map((item, i) => {
    const id = typeof item === "object" && item !== null && Object.hasOwn(item, "id") ? (item as { id: unknown }).id : undefined;
    if (typeof id !== "string" || !GUID.test(id)) {
      throw new Error(
        `${collection}[${i}] has the object ID ` +
          `${id === undefined ? "(none)" : quoted(typeof id === "string" ? id : JSON.stringify(id), 80)}` +
          `: object IDs must be GUIDs before they go into a URL or a file name`,
      );
    }
    return item as { id: string; isAssignableToRole?: boolean | null };
  });
}

/**
 * Runs `work` over the items, at most `limit` at a time; the first failure stops the rest from starting, and is
 * thrown once the requests in flight have settled (so nothing writes into the folder after it is cleaned up).
 */
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
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) throw rejected.reason;
}

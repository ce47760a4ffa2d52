import { mkdtemp, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportTenant } from "../src/brownfield/export";
import { readGraphExport } from "../src/brownfield/graph";
import { runCleanup } from "../src/cli/commands/cleanup";
import { runExport } from "../src/cli/commands/export";
import { runImport } from "../src/cli/commands/import";
import { captureOutput, readTree } from "./helpers/catalog";
import { prodOnlyCatalog } from "./helpers/graph-fixture";

const MESSY = path.resolve(__dirname, "fixtures/graph/messy");

/**
 * A Graph stand-in on loopback that serves the recorded pages of the messy export: groups in two pages (the first
 * with an @odata.nextLink back to this server), a 429 with Retry-After on the first role assignment request, and a
 * log of every request (method, path, time, token) for the assertions.
 */
let server: Server;
let base: string;
const log: { method: string; url: string; at: number; auth: string | undefined }[] = [];
let throttledOnce = false;

beforeAll(async () => {
  const page = async (file: string) =>
    JSON.parse(await readFile(path.join(MESSY, file), "utf8")) as { value: { id: string; members?: unknown[] }[]; "@odata.nextLink"?: string };
  server = createServer(async (req, res) => {
    log.push({ method: req.method ?? "", url: req.url ?? "", at: Date.now(), auth: req.headers.authorization });
    const url = new URL(req.url ?? "/", base);
    const send = (body: unknown, status = 200, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const p = url.pathname.replace(/^\/v1\.0/, "");
    if (p === "/groups" && !url.searchParams.has("page")) {
      const first = await page("groups/page-1.json");
      return send({ ...first, value: first.value.map(({ members: _m, ...g }) => g), "@odata.nextLink": `${base}/v1.0/groups?page=2` });
    }
    if (p === "/groups")
      return send({ ...(await page("groups/page-2.json")), value: (await page("groups/page-2.json")).value.map(({ members: _m, ...g }) => g) });
    if (
      /^\/groups\/[^/]+\/appRoleAssignments$/.test(p) ||
      p.startsWith("/identityGovernance/privilegedAccess/group/") ||
      p === "/policies/roleManagementPolicyAssignments"
    )
      return send({ value: [] });
    const members = /^\/groups\/([^/]+)\/members$/.exec(p);
    if (members) {
      const all = [...(await page("groups/page-1.json")).value, ...(await page("groups/page-2.json")).value];
      return send({ value: all.find((g) => g.id === members[1])?.members ?? [] });
    }
    if (p === "/roleManagement/directory/roleAssignments") {
      if (!throttledOnce) {
        throttledOnce = true;
        return send({ error: { code: "TooManyRequests" } }, 429, { "retry-after": "1" });
      }
      return send(await page("roleAssignments.json"));
    }
    if (p === "/roleManagement/directory/roleAssignmentSchedules") return send(await page("roleAssignmentSchedules.json"));
    if (p === "/identity/conditionalAccess/policies") return send(await page("conditionalAccessPolicies.json"));
    // Collections the messy tenant has nothing in: an empty page, as Graph returns it.
    if (
      [
        "/users",
        "/servicePrincipals",
        "/roleManagement/directory/roleDefinitions",
        "/roleManagement/directory/roleEligibilitySchedules",
        "/directory/administrativeUnits",
        "/identity/conditionalAccess/namedLocations",
        "/policies/authenticationStrengthPolicies",
        "/identityGovernance/entitlementManagement/catalogs",
        "/identityGovernance/accessReviews/definitions",
        "/identityGovernance/lifecycleWorkflows/workflows",
      ].includes(p)
    ) {
      return send({ "@odata.context": `${base}/v1.0/$metadata#${p.slice(1)}`, value: [] });
    }
    // One object, not a page: a tenant that never changed its authentication methods policy.
    if (p === "/policies/authenticationMethodsPolicy")
      return send({
        "@odata.context": `${base}/v1.0/$metadata#policies/authenticationMethodsPolicy`,
        id: "authenticationMethodsPolicy",
        displayName: "Authentication Methods Policy",
        policyVersion: "1.5",
        authenticationMethodConfigurations: [],
      });
    if (p === "/identityGovernance/entitlementManagement/accessPackages") return send(await page("accessPackages.json"));
    if (p === "/identityGovernance/entitlementManagement/assignmentPolicies") return send(await page("assignmentPolicies.json"));
    return send({ error: { code: "NotFound" } }, 404);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("idac export against a recorded Graph on loopback", () => {
  it("follows paging, retries a 429 after Retry-After, spaces conditional access requests and only reads", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "idac-export-"));
    const waits: number[] = [];
    const summary = await exportTenant({
      out,
      baseUrl: `${base}/v1.0`,
      getToken: async () => "test-token",
      conditionalAccessIntervalMs: 300,
      sleep: (ms) => (waits.push(ms), new Promise((r) => setTimeout(r, Math.min(ms, 1000)))),
    });
    expect(summary.collections.groups).toEqual({ pages: 2, items: 6 });
    expect(summary.throttled).toBe(1);
    expect(waits).toContain(1000);
    expect(log.every((r) => r.method === "GET" && r.auth === "Bearer test-token")).toBe(true);
    const ca = log.filter((r) => r.url.includes("/identity/conditionalAccess/"));
    expect(ca).toHaveLength(2);
    expect(ca[1]!.at - ca[0]!.at).toBeGreaterThanOrEqual(250);
    // What was written reads back like any export: the same clean-up backlog as the recorded one.
    const data = await readGraphExport(out);
    expect(data.groups.find((g) => g.displayName === "Finance AP")!.members.map((m) => m.id)).toEqual(["a1111111-1111-4111-8111-111111111111"]);
    const fromExport = captureOutput();
    await runCleanup({ from: out, catalog: path.resolve(__dirname, ".."), format: "json" }, fromExport.out);
    const recorded = captureOutput();
    await runCleanup({ from: MESSY, catalog: path.resolve(__dirname, ".."), format: "json" }, recorded.out);
    expect(JSON.parse(fromExport.stdout())).toEqual(JSON.parse(recorded.stdout()));
  });

  it("reports a failing endpoint clearly through the CLI", async () => {
    const cap = captureOutput();
    expect(await runExport({ out: await mkdtemp(path.join(tmpdir(), "idac-export-")), baseUrl: `${base}/nothing-here`, token: "t" }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/Export failed: GET .*\/nothing-here\/users.*HTTP 404/);
  });
});

describe("idac export, then idac import", () => {
  const EXAMPLE = path.resolve(__dirname, "fixtures/graph/example-prod");
  let example: Server;
  let exampleBase: string;
  const requested: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  /**
   * A loopback Graph that serves the example's recorded pages by request: collections from their folder, and the
   * per-object requests (members, app role assignments, PIM schedules and policies) from `<folder>/<id>-1.json`.
   */
  beforeAll(async () => {
    const serve = async (file: string) => {
      try {
        return JSON.parse(await readFile(path.join(EXAMPLE, file), "utf8")) as unknown;
      } catch {
        return { value: [] };
      }
    };
    example = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", exampleBase);
      requested.push(decodeURIComponent(url.pathname + url.search));
      const p = url.pathname.replace(/^\/v1\.0/, "");
      const filter = /groupId eq '([^']+)'|scopeId eq '([^']+)'/.exec(url.searchParams.get("$filter") ?? "");
      const perObject: [RegExp, string][] = [
        [/^\/groups\/([^/]+)\/members$/, "groupMembers"],
        [/^\/groups\/([^/]+)\/appRoleAssignments$/, "groupAppRoleAssignments"],
        [/^\/directory\/administrativeUnits\/([^/]+)\/members$/, "administrativeUnitMembers"],
      ];
      const collections: Record<string, string> = {
        "/users": "users",
        "/servicePrincipals": "servicePrincipals",
        "/directory/administrativeUnits": "administrativeUnits",
        "/roleManagement/directory/roleAssignments": "roleAssignments",
        "/roleManagement/directory/roleAssignmentSchedules": "roleAssignmentSchedules",
        "/roleManagement/directory/roleEligibilitySchedules": "roleEligibilitySchedules",
        "/roleManagement/directory/roleDefinitions": "roleDefinitions",
        "/identity/conditionalAccess/policies": "conditionalAccessPolicies",
        "/identity/conditionalAccess/namedLocations": "namedLocations",
        "/policies/authenticationStrengthPolicies": "authenticationStrengthPolicies",
        "/identityGovernance/entitlementManagement/catalogs": "accessPackageCatalogs",
        "/identityGovernance/entitlementManagement/accessPackages": "accessPackages",
        "/identityGovernance/entitlementManagement/assignmentPolicies": "assignmentPolicies",
        "/identityGovernance/accessReviews/definitions": "accessReviewDefinitions",
        "/identityGovernance/lifecycleWorkflows/workflows": "lifecycleWorkflows",
        "/policies/authenticationMethodsPolicy": "authenticationMethodsPolicies",
      };
      let body: unknown = { error: { code: "NotFound" } };
      const page = Number(url.searchParams.get("page") ?? "1");
      if (p === "/groups") {
        const data = (await serve(`groups/page-${page}.json`)) as Record<string, unknown>;
        const next = (await serve(`groups/page-${page + 1}.json`)) as { value: unknown[] };
        body = { ...data, "@odata.nextLink": next.value.length ? `${exampleBase}/v1.0/groups?page=${page + 1}` : undefined };
      } else if (collections[p]) body = await serve(`${collections[p]}/page-1.json`);
      // As Graph does, the mover category is unknownFutureValue to a caller that does not prefer newer members.
      if (p === "/identityGovernance/lifecycleWorkflows/workflows" && req.headers.prefer !== "include-unknown-enum-members")
        body = {
          ...(body as object),
          value: (body as { value: Record<string, unknown>[] }).value.map((w) => (w.category === "mover" ? { ...w, category: "unknownFutureValue" } : w)),
        };
      else if (p === "/identityGovernance/privilegedAccess/group/eligibilitySchedules") body = await serve(`groupEligibilitySchedules/${filter![1]}-1.json`);
      else if (p === "/identityGovernance/privilegedAccess/group/assignmentSchedules") body = await serve(`groupAssignmentSchedules/${filter![1]}-1.json`);
      else if (p === "/policies/roleManagementPolicyAssignments")
        body = await serve(filter![2] === "/" ? "directoryRolePolicies/page-1.json" : `groupRoleManagementPolicies/${filter![2]}-1.json`);
      else {
        for (const [re, folder] of perObject) {
          const m = re.exec(p);
          if (!m) continue;
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 2));
          body = await serve(`${folder}/${m[1]}-1.json`);
          inFlight--;
        }
      }
      res.writeHead((body as { error?: unknown }).error ? 404 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => example.listen(0, "127.0.0.1", resolve));
    exampleBase = `http://127.0.0.1:${(example.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => example.close(() => resolve()));
  });

  it("writes an export that imports to the same catalog as the recorded one, fetching PIM only for role-assignable groups", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "idac-export-example-"));
    const summary = await exportTenant({
      out,
      baseUrl: `${exampleBase}/v1.0`,
      getToken: async () => "t",
      conditionalAccessIntervalMs: 0,
      sleep: async () => {},
    });
    expect(summary.collections.groups!.pages).toBeGreaterThan(1);
    // Per-object pages (members, app roles) are fetched a few at a time, never more than the limit.
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(4);
    const recorded = await readGraphExport(EXAMPLE);
    const assignable = recorded.groups.filter((g) => g.isAssignableToRole).map((g) => g.id);
    const pimRequests = requested.filter((r) => r.startsWith("/v1.0/identityGovernance/privilegedAccess/group/eligibilitySchedules"));
    expect(pimRequests.map((r) => /groupId eq '([^']+)'/.exec(r)![1]).sort()).toEqual([...assignable].sort());

    const importInto = async (from: string) => {
      const dir = await prodOnlyCatalog();
      expect(await runImport({ from, out: dir, format: "json" }, captureOutput().out)).toBe(0);
      return readTree(dir);
    };
    expect(await importInto(out)).toEqual(await importInto(EXAMPLE));
  });
});

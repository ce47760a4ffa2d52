import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXPORT_LIMITS, exportTenant, type ExportLimits, type ExportSummary } from "../../src/brownfield/export";
import { runExport } from "../../src/cli/commands/export";
import { OUTPUT_MARKER } from "../../src/output/output-folder";
import { captureOutput, readTree } from "../helpers/catalog";

const TOKEN = "secret-token";
const GROUP = "0cba59c9-c459-558e-9819-0719e4567288";

/**
 * Two loopback servers: `graph` is the configured endpoint, answering what each test routes (an empty page
 * otherwise); `other` stands for any other origin, and must never receive a request (or the token).
 */
let graph: Server;
let other: Server;
let graphBase: string;
let otherBase: string;
const graphLog: { method: string; url: string; auth: string | undefined }[] = [];
const otherLog: { url: string; auth: string | undefined }[] = [];
type Route = (url: URL, res: ServerResponse) => boolean;
let route: Route = () => false;

const json = (res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};

beforeAll(async () => {
  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  graph = createServer((req: IncomingMessage, res) => {
    graphLog.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization });
    const url = new URL(req.url ?? "/", graphBase);
    // Unrouted: an empty page, or for the one endpoint that answers with one object, that object.
    if (!route(url, res)) json(res, url.pathname === "/v1.0/policies/authenticationMethodsPolicy" ? { id: "authenticationMethodsPolicy" } : { value: [] });
  });
  other = createServer((req, res) => {
    otherLog.push({ url: req.url ?? "", auth: req.headers.authorization });
    json(res, { value: [] });
  });
  graphBase = await listen(graph);
  otherBase = await listen(other);
});

afterAll(async () => {
  for (const s of [graph, other]) await new Promise<void>((resolve) => s.close(() => resolve()));
});

beforeEach(() => {
  graphLog.length = 0;
  otherLog.length = 0;
  route = () => false;
});

/** Runs an export into `<fresh folder>/export`; returns the folder's parent too, to check nothing was left. */
async function runAgainst(limits: Partial<ExportLimits> = {}, sleep: (ms: number) => Promise<void> = async () => {}) {
  const parent = await mkdtemp(path.join(tmpdir(), "idac-export-sec-"));
  const out = path.join(parent, "export");
  const result: { summary?: ExportSummary; error?: Error } = await exportTenant({
    out,
    baseUrl: `${graphBase}/v1.0`,
    getToken: async () => TOKEN,
    conditionalAccessIntervalMs: 0,
    sleep,
    limits,
  }).then(
    (summary) => ({ summary }),
    (error: Error) => ({ error }),
  );
  return { parent, out, ...result };
}

/** The first collection an export reads answers with this page. */
const firstPage =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Route =>
  (url, res) =>
    url.pathname === "/v1.0/users" ? (json(res, body, status, headers), true) : false;

describe("idac export follows @odata.nextLink only to the configured endpoint", () => {
  it.each<[string, () => unknown, RegExp]>([
    [
      "refuses a link to another port of the same host",
      () => `${otherBase}/v1.0/users?$skiptoken=2`,
      new RegExp(
        [
          'users page 1: refused to follow @odata.nextLink to "http:\\/\\/127\\.0\\.0\\.1:\\d+": ',
          "another origin; the token is sent only to http:\\/\\/127\\.0\\.0\\.1:\\d+\\/v1\\.0\\/",
        ].join(""),
      ),
    ],
    [
      "refuses a link to another host name",
      () => `${otherBase.replace("127.0.0.1", "localhost")}/v1.0/users?$skiptoken=2`,
      /to "http:\/\/localhost:\d+": another origin/,
    ],
    [
      "refuses a link that changes the scheme",
      () => `${graphBase.replace("http:", "https:")}/v1.0/users?$skiptoken=2`,
      /to "https:\/\/127\.0\.0\.1:\d+": another origin/,
    ],
    ["refuses a link carrying credentials", () => `${graphBase.replace("http://", "http://admin:pw@")}/v1.0/users?$skiptoken=2`, /credentials in the link/],
    ["refuses a link outside the endpoint's path", () => `${graphBase}/beta/users?$skiptoken=2`, /its path "\/beta\/users" leaves \/v1\.0\//],
    ["refuses a link that climbs out of the path with ..", () => `${graphBase}/v1.0/../admin/users`, /its path "\/admin\/users" leaves \/v1\.0\//],
    ["refuses a link that climbs out of the path with %2e%2e", () => `${graphBase}/v1.0/%2e%2e/admin/users`, /its path "\/admin\/users" leaves \/v1\.0\//],
    ["refuses a javascript: link", () => "javascript:fetch('//evil')", /refused to follow @odata.nextLink to "javascript:fetch\('\/\/evil'\)": another origin/],
    ["refuses a link that is not a URL", () => "/v1.0/users?$skiptoken=2", /@odata.nextLink "\/v1\.0\/users\?\$skiptoken=2" is not a URL/],
    ["refuses a link that is not a string", () => ({ href: `${otherBase}/v1.0/users` }), /@odata.nextLink is not a string/],
  ])("%s", async (_label, link, message) => {
    route = firstPage({ value: [], "@odata.nextLink": link() });
    const { error, out, parent } = await runAgainst();
    expect(error?.message).toMatch(message);
    expect(otherLog).toEqual([]);
    expect(graphLog.map((r) => [r.method, r.url.split("?")[0], r.auth])).toEqual([["GET", "/v1.0/users", `Bearer ${TOKEN}`]]);
    expect(existsSync(out)).toBe(false);
    expect(await readdir(parent)).toEqual([]);
  });

  it("refuses a redirect, so the token is not sent where it points", async () => {
    route = firstPage("", 302, { location: `${otherBase}/v1.0/users` });
    const { error } = await runAgainst();
    expect(error?.message).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\?.*: refused to follow a redirect \(HTTP 302\) to "http:\/\/127\.0\.0\.1:\d+\/v1\.0\/users"/,
    );
    expect(otherLog).toEqual([]);
  });

  it("fails through the CLI with exit 2, naming the refused origin", async () => {
    route = firstPage({ value: [], "@odata.nextLink": `${otherBase}/v1.0/users?$skiptoken=2` });
    const cap = captureOutput();
    const out = path.join(await mkdtemp(path.join(tmpdir(), "idac-export-cli-")), "export");
    expect(await runExport({ out, baseUrl: `${graphBase}/v1.0`, token: TOKEN }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(new RegExp(`^Export failed: users page 1: refused to follow @odata.nextLink to "${otherBase.replace(/[.]/g, "\\.")}"`));
    expect(otherLog).toEqual([]);
  });
});

describe("idac export checks object IDs before they go into URLs and file names", () => {
  it.each<[string, unknown, RegExp]>([
    ["refuses a group ID that climbs out of the folder (../x)", "../x", /groups\[1\] has the object ID "\.\.\/x": object IDs must be GUIDs/],
    ["refuses a group ID with a slash", "a/b", /groups\[1\] has the object ID "a\/b"/],
    ["refuses a percent-encoded group ID", "%2e%2e", /groups\[1\] has the object ID "%2e%2e"/],
    ["refuses an overlong group ID, quoting only its start", "f".repeat(5000), /groups\[1\] has the object ID "f{80}…"/],
    ["refuses a GUID with a trailing newline", `${GROUP}\n`, /groups\[1\] has the object ID "0cba59c9-.*\\n"/],
    ["refuses a group ID that is not a GUID", "finance-team", /groups\[1\] has the object ID "finance-team"/],
    ["refuses a group ID that is a number", 42, /groups\[1\] has the object ID "42"/],
    ["refuses a group without an ID", undefined, /groups\[1\] has the object ID \(none\)/],
  ])("%s", async (_label, id, message) => {
    route = (url, res) =>
      url.pathname === "/v1.0/groups"
        ? (json(res, {
            value: [
              { id: GROUP, isAssignableToRole: true },
              { id, displayName: "Bad" },
            ],
          }),
          true)
        : false;
    const { error, out, parent } = await runAgainst();
    expect(error?.message).toMatch(message);
    // Fail closed: no per-object request was made, for the bad object or any other, and nothing was written.
    expect(graphLog.filter((r) => /^\/v1\.0\/groups\/|privilegedAccess|roleManagementPolicyAssignments/.test(r.url))).toEqual([]);
    expect(existsSync(out)).toBe(false);
    expect(await readdir(parent)).toEqual([]);
  });

  it("fails when the endpoint of one object (the authentication methods policy) answers with a page", async () => {
    route = (url, res) =>
      url.pathname === "/v1.0/policies/authenticationMethodsPolicy" ? (json(res, { value: [{ id: "authenticationMethodsPolicy" }] }), true) : false;
    const { error, out } = await runAgainst();
    expect(error?.message).toMatch(/^authenticationMethodsPolicies page 1: the response is not one Graph object/);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses an administrative unit ID that is not a GUID", async () => {
    route = (url, res) => (url.pathname === "/v1.0/directory/administrativeUnits" ? (json(res, { value: [{ id: "../../etc" }] }), true) : false);
    const { error } = await runAgainst();
    expect(error?.message).toMatch(/^administrativeUnits\[0\] has the object ID "\.\.\/\.\.\/etc"/);
  });
});

describe("idac export bounds what it reads", () => {
  const deep = (levels: number) => `{"value":[${"[".repeat(levels)}${"]".repeat(levels)}]}`;
  it.each<[string, Route, Partial<ExportLimits>, RegExp]>([
    [
      "fails when a page's value is not an array",
      firstPage({ value: { id: GROUP } }),
      {},
      /users page 1: the response has no "value" array \(not a Graph collection page\)/,
    ],
    ["fails when a response is a JSON array", firstPage([]), {}, /the response has no "value" array/],
    ["fails when a response is not JSON", firstPage("<html>"), {}, /users page 1: the response is not JSON/],
    [
      "fails when a page holds more items than the limit",
      firstPage({ value: Array.from({ length: EXPORT_LIMITS.maxItemsPerPage + 1 }, () => 0) }),
      {},
      /users page 1: 10001 items in one page \(at most 10000; Graph sends at most 999\)/,
    ],
    [
      "fails when JSON nests deeper than the limit",
      firstPage(deep(EXPORT_LIMITS.maxJsonDepth)),
      {},
      /users page 1: the response nests JSON deeper than 64 levels/,
    ],
    [
      "fails when a streamed body grows past the size limit",
      (url, res) => {
        if (url.pathname !== "/v1.0/users") return false;
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"value":[');
        for (let i = 0; i < 64; i++) res.write(`"${"x".repeat(1000)}",`);
        res.end("0]}");
        return true;
      },
      { maxResponseBytes: 16 * 1024 },
      /GET .*\/v1\.0\/users.*: the response is larger than 16384 bytes/,
    ],
    [
      "fails when Content-Length announces a body above the size limit",
      firstPage({ value: ["x".repeat(20_000)] }),
      { maxResponseBytes: 16 * 1024 },
      /the response is larger than 16384 bytes/,
    ],
    [
      "fails when a paging chain comes back to an earlier page",
      (url, res) => {
        if (url.pathname !== "/v1.0/users") return false;
        const page = Number(url.searchParams.get("page") ?? "1");
        json(res, { value: [], "@odata.nextLink": `${graphBase}/v1.0/users?page=${page === 3 ? 2 : page + 1}` });
        return true;
      },
      {},
      /users page 3: @odata.nextLink "http:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\?page=2" repeats an earlier page \(a paging loop\)/,
    ],
    [
      "fails when a paging chain is longer than the limit",
      (url, res) => {
        if (url.pathname !== "/v1.0/users") return false;
        json(res, { value: [], "@odata.nextLink": `${graphBase}/v1.0/users?page=${Number(url.searchParams.get("page") ?? "1") + 1}` });
        return true;
      },
      { maxPagesPerChain: 5 },
      /users: more than 5 pages in one paging chain/,
    ],
  ])("%s", async (_label, r, limits, message) => {
    route = r;
    const { error, out } = await runAgainst(limits);
    expect(error?.message).toMatch(message);
    expect(graphLog.length).toBeLessThanOrEqual(5);
    expect(existsSync(out)).toBe(false);
  });

  it("keeps the documented limits by default", () => {
    expect(EXPORT_LIMITS).toEqual({
      maxItemsPerPage: 10_000,
      maxResponseBytes: 64 * 1024 * 1024,
      maxJsonDepth: 64,
      maxPagesPerChain: 100_000,
      maxRetryAfterSeconds: 300,
    });
  });

  it("caps the wait a Retry-After header asks for", async () => {
    let throttled = false;
    route = (url, res) => {
      if (url.pathname !== "/v1.0/users" || throttled) return false;
      throttled = true;
      json(res, { error: { code: "TooManyRequests" } }, 429, { "retry-after": "86400000" });
      return true;
    };
    const waits: number[] = [];
    const { summary } = await runAgainst({}, async (ms) => void waits.push(ms));
    expect(summary?.throttled).toBe(1);
    expect(waits).toEqual([300_000]);
  });
});

describe("idac export --out", () => {
  it("refuses a folder idac did not write, before any request is made", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "idac-export-home-"));
    await mkdir(path.join(out, ".ssh"));
    await writeFile(path.join(out, ".ssh", "id_ed25519"), "private key\n");
    const cap = captureOutput();
    expect(await runExport({ out, baseUrl: `${graphBase}/v1.0`, token: TOKEN }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(
      /^Refusing --out ".*": it is a folder idac did not write: it holds 1 entry \("\.ssh"\), no \.idac-output marker and is not a Graph export/,
    );
    expect(graphLog).toEqual([]);
    expect(await readTree(out)).toEqual({ ".ssh/id_ed25519": "private key\n" });
  });

  it("refuses a file", async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), "idac-export-file-")), "export.json");
    await writeFile(out, "[]");
    const cap = captureOutput();
    expect(await runExport({ out, baseUrl: `${graphBase}/v1.0`, token: TOKEN }, cap.out)).toBe(2);
    expect(cap.stderr()).toMatch(/it is a file, not a folder/);
    expect(graphLog).toEqual([]);
  });

  it("leaves the previous export as it was when a later one fails, and replaces it whole when one succeeds", async () => {
    const pages =
      (count: number): Route =>
      (url, res) => {
        if (url.pathname !== "/v1.0/groups") return false;
        const page = Number(url.searchParams.get("page") ?? "1");
        json(res, {
          value: [{ id: GROUP.replace(/.$/, String(page)) }],
          ...(page < count ? { "@odata.nextLink": `${graphBase}/v1.0/groups?page=${page + 1}` } : {}),
        });
        return true;
      };
    const out = path.join(await mkdtemp(path.join(tmpdir(), "idac-export-again-")), "export");
    const options = { out, baseUrl: `${graphBase}/v1.0`, getToken: async () => TOKEN, conditionalAccessIntervalMs: 0, sleep: async () => {} };
    route = pages(3);
    await exportTenant(options);
    const first = await readTree(out);
    expect(
      Object.keys(first)
        .filter((f) => f.startsWith("groups/"))
        .sort(),
    ).toEqual(["groups/page-1.json", "groups/page-2.json", "groups/page-3.json"]);
    expect(first[OUTPUT_MARKER]).toMatch(/^idac export output\n/);

    route = firstPage({ value: [], "@odata.nextLink": `${otherBase}/v1.0/users` });
    await expect(exportTenant(options)).rejects.toThrow(/another origin/);
    expect(await readTree(out)).toEqual(first);

    route = pages(1);
    await exportTenant(options);
    const again = await readTree(out);
    expect(Object.keys(again).filter((f) => f.startsWith("groups/"))).toEqual(["groups/page-1.json"]);
    expect(Object.keys(again).filter((f) => f.startsWith("groupMembers/"))).toEqual([`groupMembers/${GROUP.replace(/.$/, "1")}-1.json`]);
    expect(otherLog).toEqual([]);
  });
});

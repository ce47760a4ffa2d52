import { resolveApp, resolveLocation } from "../analysis/conditional-access/sign-in-inputs";
import { evaluate, type Decision, type SignIn } from "../analysis/conditional-access/evaluate";
import { resolvePersonas } from "../analysis/conditional-access/personas";
import { didYouMean } from "../errors/suggest";
import { hasErrors, sortIssues, type CatalogIssue } from "../errors/issue";
import { failing, runGuardrails } from "../guardrails/engine";
import type { Finding } from "../guardrails/types";
import { environmentView } from "../model/environment";
import type { BusinessRole, Catalog } from "../model/model";
import { loadCatalog } from "../resolve/load-catalog";

/** What checking a catalog found: as `idac validate` reports it, without a git base. */
export interface CatalogCheck {
  /** Present only when the catalog is valid. */
  readonly catalog?: Catalog;
  /** Catalog problems (errors and warnings), sorted by file and position. */
  readonly issues: readonly CatalogIssue[];
  /** Every guardrail finding, suppressed ones included. */
  readonly findings: readonly Finding[];
  /** The problems that fail `idac validate`: error issues and unsuppressed error-level findings, as one line each. */
  readonly failures: readonly string[];
}

export interface CheckOptions {
  /** The day guardrails run on (YYYY-MM-DD): suppressions expire against it. @default IDAC_TODAY, else today (UTC) */
  readonly today?: string;
}

/** Loads the catalog at `root` and runs the guardrails, as `idac validate --no-base` does. */
export async function checkCatalog(root: string = process.cwd(), options: CheckOptions = {}): Promise<CatalogCheck> {
  const loaded = await loadCatalog(root);
  const run =
    loaded.catalog && !hasErrors(loaded.issues)
      ? runGuardrails(loaded.catalog, { today: options.today ?? process.env.IDAC_TODAY ?? new Date().toISOString().slice(0, 10) })
      : undefined;
  const issues = sortIssues([...loaded.issues, ...(run?.issues ?? [])]);
  const findings = run?.findings ?? [];
  const failures = [
    ...issues.filter((i) => i.severity === "error").map((i) => `${i.file}:${i.line}:${i.col}: ${i.code} ${i.message}`),
    ...failing(findings).map((f) => `${f.file}:${f.line}:${f.col}: ${f.rule} ${f.message}`),
  ];
  return { ...(loaded.catalog && !hasErrors(issues) ? { catalog: loaded.catalog } : {}), issues, findings, failures };
}

/** The valid catalog at `root`; throws an error listing every problem (file:line:col) when `idac validate` would fail. */
export async function loadValidCatalog(root: string = process.cwd(), options: CheckOptions = {}): Promise<Catalog> {
  const check = await checkCatalog(root, options);
  if (!check.catalog || check.failures.length) throw new Error(`The catalog at ${root} does not validate:\n${check.failures.map((f) => `  ${f}`).join("\n")}`);
  return check.catalog;
}

/** One sign-in to evaluate offline, named as on the `idac whatif` command line. */
export interface WhatIfQuery {
  /** A persona's ID (policies/personas.yaml, or a derived persona `idac coverage` lists). */
  readonly persona: string;
  /** Office365, AzureManagement, a catalog application's ID, or a Microsoft application's name (Exchange Online). */
  readonly app: string;
  /** @default the last environment declared */
  readonly environment?: string;
  /** @default browser */
  readonly client?: SignIn["client"];
  /** @default windows */
  readonly platform?: SignIn["platform"];
  /** A named location's ID or display name, Trusted, Untrusted, an IP address or a country code. @default any other network */
  readonly location?: string;
}

/**
 * The conditional access decision for one sign-in (`decision.enforced.mfa`, `.blocked`, `.requirements`), as
 * `idac whatif` computes it. A persona, application, location or environment that names nothing throws, naming the
 * closest known value: a test never passes because it asked about something that does not exist.
 */
export function whatIf(catalog: Catalog, query: WhatIfQuery): Decision {
  const envIds = catalog.environments.map((e) => e.id);
  const env = query.environment ?? envIds[envIds.length - 1]!;
  if (!envIds.includes(env)) throw new Error(unknown("environment", env, envIds));
  const view = environmentView(catalog, env);
  const personas = resolvePersonas(view);
  const persona = personas.find((p) => p.id === query.persona);
  if (!persona)
    throw new Error(
      unknown(
        "persona",
        query.persona,
        personas.map((p) => p.id),
      ),
    );
  const app = resolveApp(view, query.app);
  const location = resolveLocation(view, query.location, undefined);
  for (const r of [app, location]) if ("problem" in r) throw new Error(`${r.problem.option}: unknown value '${r.problem.value}'. ${r.problem.hint}`);
  const network = "value" in location ? location.value : undefined;
  const signIn: SignIn = {
    app: "value" in app ? app.value : query.app,
    client: query.client ?? "browser",
    platform: query.platform ?? "windows",
    signInRisk: "none",
    userRisk: "none",
    ...(network ? { location: network } : {}),
  };
  return evaluate(view, persona.principal, signIn);
}

/** How people obtain an entitlement: one business role that grants it, and who may get that role. */
export interface AccessPath {
  /** The business role's ID. */
  readonly role: string;
  /** request: through its access package; birthright: automatically, by HR attributes. */
  readonly assignment: "request" | "birthright";
  /** For a requestable role: who may request it (scope, and the groups when the scope is groups). */
  readonly requestors?: { readonly scope: "allMembers" | "allUsers" | "groups" | "none"; readonly groups: readonly string[] };
  /** For a birthright role: the HR conditions that grant it. */
  readonly when?: Extract<NonNullable<BusinessRole["spec"]["assignment"]>, { type: "birthright" }>["when"];
}

/**
 * Every business role through which someone can obtain an app role (`erp/payment-approver`) or a group's
 * membership, directly or through included roles. Building-block roles (no assignment) are reached only through
 * the roles that include them, which are listed instead. Membership given outside business roles (an assigned
 * group's members, PIM) is not an access path here.
 */
export function rolesGranting(catalog: Catalog, entitlement: { readonly appRole: string } | { readonly group: string }): AccessPath[] {
  const grants = (r: BusinessRole) =>
    "appRole" in entitlement
      ? r.effectiveAppRoles.some((g) => `${g.application}/${g.appRole}` === entitlement.appRole)
      : r.effectiveGroups.includes(entitlement.group);
  const known =
    "appRole" in entitlement
      ? catalog.applications.some((a) => entitlement.appRole.startsWith(`${a.spec.id}/`))
      : catalog.groups.some((g) => g.spec.id === entitlement.group);
  if (!known)
    throw new Error(
      "appRole" in entitlement
        ? `No catalog application for app role '${entitlement.appRole}' (expected <application id>/<app role id>).`
        : unknown(
            "group",
            entitlement.group,
            catalog.groups.map((g) => g.spec.id),
          ),
    );
  return catalog.businessRoles.flatMap((r): AccessPath[] => {
    const a = r.spec.assignment;
    if (!a || !grants(r)) return [];
    return a.type === "request"
      ? [{ role: r.spec.id, assignment: "request", requestors: a.requestors }]
      : [{ role: r.spec.id, assignment: "birthright", when: a.when }];
  });
}

function unknown(what: string, value: string, known: readonly string[]): string {
  const s = didYouMean(value, known);
  return `Unknown ${what} '${value}'.${s !== undefined ? ` Did you mean '${s}'?` : ""} Known: ${known.join(", ")}.`;
}

import type { EnvironmentView } from "../../model/environment";
import { combine, type CompiledPolicy, type Outcome, type Principal, type Requirement } from "./evaluate";
import { locationClasses, type LocationClass } from "./locations";
import { resolvePersonas, type ResolvedPersona } from "./personas";
import { gapsOf, type Gap } from "./root-causes";
import { SignInTable, type CLIENTS, type PLATFORMS } from "./sign-in-table";

export type { Gap } from "./root-causes";
export type { LocationClass } from "./locations";
export { CLIENTS, PLATFORMS } from "./sign-in-table";

/** undecided: no certain block or MFA, and a policy that may apply depends on conditions the evaluator cannot decide. */
export type CellOutcome = "block" | "mfa" | "undecided" | "other-controls" | "none";

export interface CoverageCell {
  readonly persona: string;
  readonly app: string;
  readonly client: (typeof CLIENTS)[number];
  readonly platform: (typeof PLATFORMS)[number];
  /** The location class the sign-in comes from (a named location ID, `Trusted`, `Untrusted` or `Elsewhere`). */
  readonly location: string;
  /** `block` also when a requirement needs a device state the persona does not have (blocked in effect). */
  readonly enforced: CellOutcome;
  /** With report-only policies treated as enabled. */
  readonly ifReportOnlyEnabled: CellOutcome;
  /** For the enforced outcome: the controls required (policy: controls), and the blocking policies. */
  readonly controls: readonly string[];
  /** Enforced policies that may apply, with the conditions the evaluator cannot decide (policy: conditions). */
  readonly undecided: readonly string[];
}

/** A policy that applies in no cell of the matrix, and why. */
export interface UnappliedPolicy {
  readonly policy: string;
  readonly reason: string;
}

export interface Coverage {
  readonly environment: string;
  readonly personas: readonly { id: string; displayName: string; breakGlass: boolean; derived: boolean; why?: string }[];
  readonly apps: readonly string[];
  readonly locations: readonly LocationClass[];
  readonly cells: readonly CoverageCell[];
  readonly gaps: readonly Gap[];
  /** Enabled and report-only policies that apply to no persona in any cell. */
  readonly unapplied: readonly UnappliedPolicy[];
}

/**
 * Applications of the matrix: the Microsoft targets conditional access knows by keyword (Intune Enrollment only when a
 * policy names it: then its sign-ins are part of the tenant's story), then each catalog application.
 */
export function coverageApps(view: EnvironmentView): string[] {
  const named = new Set(
    view.catalog.conditionalAccessPolicies.flatMap((p) =>
      "include" in p.spec.applications ? [...p.spec.applications.include, ...p.spec.applications.exclude] : [],
    ),
  );
  return [
    "Office365",
    "AzureManagement",
    "MicrosoftAdminPortals",
    ...(named.has("IntuneEnrollment") ? ["IntuneEnrollment"] : []),
    ...view.catalog.applications.map((a) => a.id),
  ];
}

function classify(o: Outcome): CellOutcome {
  if (o.blocked || o.blockedInEffect) return "block";
  if (o.mfa) return "mfa";
  if (o.undecided.length) return "undecided";
  return o.requirements.length ? "other-controls" : "none";
}

/**
 * Personas × applications × client app types × platforms × location classes, with no risk, for the enforced policy
 * set and with report-only policies treated as enabled; the gaps in it, grouped by root cause; and the policies that
 * apply to nobody.
 */
export function coverageMatrix(view: EnvironmentView): Coverage {
  const personas = resolvePersonas(view);
  const apps = coverageApps(view);
  const locations = locationClasses(view);
  const table = new SignInTable(view, locations);
  const applied = new Set<string>();
  const context: RowsContext = { view, table, apps, applied, outcomes: new Map(), alike: new Map() };
  const rows = personas.map((p) => personaRows(context, p));
  const unapplied = table.active.flatMap((i) => {
    const p = table.policies[i]!;
    const reason = whyUnapplied(p, personas, apps, applied);
    return reason ? [{ policy: p.id, reason }] : [];
  });
  let cells: CoverageCell[] | undefined;
  return {
    environment: view.environment.id,
    personas: personas.map((p) => ({
      id: p.id,
      displayName: p.displayName,
      breakGlass: p.spec.breakGlass,
      derived: p.declared === undefined,
      ...(p.why ? { why: p.why } : {}),
    })),
    apps,
    locations,
    // Built when read: the guardrails need only the gaps, and a matrix has millions of cells.
    get cells() {
      return (cells ??= cellsOf(rows, table));
    },
    gaps: gapsOf(view, rows, table),
    unapplied,
  };
}

/** What a cell holds besides where it is: shared by every cell with the same applying policies. */
export type CellResult = Pick<CoverageCell, "enforced" | "ifReportOnlyEnabled" | "controls" | "undecided">;

/**
 * One persona's part of the matrix: for each application (in matrix order), the result of each sign-in of the table.
 * Applications targeted by the same policies share one array.
 */
export interface PersonaRows {
  readonly persona: ResolvedPersona;
  readonly apps: readonly { readonly app: string; readonly results: readonly CellResult[] }[];
}

/** The cells in matrix order: persona, application, then sign-in. */
function cellsOf(rows: readonly PersonaRows[], table: SignInTable): CoverageCell[] {
  const cells: CoverageCell[] = [];
  for (const { persona, apps } of rows)
    for (const { app, results } of apps)
      results.forEach((o, s) => {
        const signIn = table.signIns[s]!;
        cells.push({
          persona: persona.id,
          app,
          client: signIn.client as CoverageCell["client"],
          platform: signIn.platform as CoverageCell["platform"],
          location: table.locationIds[s]!,
          enforced: o.enforced,
          ifReportOnlyEnabled: o.ifReportOnlyEnabled,
          controls: o.controls,
          undecided: o.undecided,
        });
      });
  return cells;
}

/** What the rows of all personas share. */
interface RowsContext {
  readonly view: EnvironmentView;
  readonly table: SignInTable;
  readonly apps: readonly string[];
  /** IDs of the policies that apply, or may apply, in some cell. */
  readonly applied: Set<string>;
  /** Results by device state and (possibly) applying policies with their undecided conditions: nothing else decides one. */
  readonly outcomes: Map<string, CellResult>;
  /** Rows by what the policies see of a persona: the policies that include it, what they leave undecided, its device. */
  readonly alike: Map<string, PersonaRows["apps"]>;
}

/**
 * One persona's results; identical sets of applying (and possibly applying) policies share one computed result, and
 * personas that every policy sees alike share their rows.
 */
function personaRows(context: RowsContext, persona: ResolvedPersona): PersonaRows {
  const { view, table, apps, applied } = context;
  const u = persona.principal;
  const inScope = table.active.filter((i) => table.policies[i]!.userScope(u) === null);
  const forUser = new Map(inScope.map((i) => [i, table.policies[i]!.undecidedForUser(u)]));
  const device = `${u.device.compliant ? "C" : "-"}${u.device.domainJoined ? "J" : "-"}`;
  const seen = `${device}|${inScope.map((i) => (forUser.get(i)!.length ? `${i}:${forUser.get(i)!.join("\u0000")}` : `${i}`)).join(",")}`;
  const same = context.alike.get(seen);
  if (same) return { persona, apps: same };
  // A result depends on the device and on the policies that apply or may apply, each with what it leaves undecided.
  const outcomeOf = (applying: readonly number[], maybe: readonly { i: number; conditions: readonly string[] }[]) => {
    const key = `${device}|${applying.join(",")}|${maybe.map((m) => `${m.i}:${m.conditions.join("\u0000")}`).join(",")}`;
    let o = context.outcomes.get(key);
    if (!o) {
      // A policy that may apply (a condition the matrix cannot decide) applies to somebody.
      for (const i of [...applying, ...maybe.map((m) => m.i)]) applied.add(table.policies[i]!.id);
      context.outcomes.set(key, (o = cellResult(view, u, table, applying, maybe)));
    }
    return o;
  };
  // Per class of sign-ins, the policies for the persona whose conditions match it, with what each leaves undecided:
  // neither depends on the application.
  const byClass = table.classes.map((s) =>
    inScope.filter((i) => table.conditions(i, s) === null).map((i) => ({ i, conditions: [...forUser.get(i)!, ...table.undecided(i, s)] })),
  );
  // Applications targeted by the same of those policies have the same results: computed once per set of policies.
  const shared = new Map<string, CellResult[]>();
  const rows: { app: string; results: CellResult[] }[] = [];
  for (const app of apps) {
    const forApp = inScope.filter((i) => table.appScope(i, app) === null);
    const key = forApp.join(",");
    let results = shared.get(key);
    if (!results) {
      const targeted = new Set(forApp);
      const ofClass = byClass.map((candidates) => {
        const matching = candidates.filter((m) => targeted.has(m.i));
        const applying = matching.filter((m) => m.conditions.length === 0).map((m) => m.i);
        return outcomeOf(
          applying,
          matching.filter((m) => m.conditions.length > 0),
        );
      });
      results = table.classOf.map((c) => ofClass[c]!);
      shared.set(key, results);
    }
    rows.push({ app, results });
  }
  context.alike.set(seen, rows);
  return { persona, apps: rows };
}

/** The result of a cell where `applying` apply and `maybe` may apply, for a persona (only its device matters). */
function cellResult(
  view: EnvironmentView,
  u: Principal,
  table: SignInTable,
  applying: readonly number[],
  maybe: readonly { i: number; conditions: readonly string[] }[],
): CellResult {
  const list = applying.map((i) => table.policies[i]!);
  const grants = (ps: readonly CompiledPolicy[]) => ps.map((p) => ({ policy: p.id, ...(p.grant ? { grant: p.grant } : {}), hasSession: p.hasSession }));
  const mayApply = (states: readonly string[]) =>
    maybe.filter((m) => states.includes(table.policies[m.i]!.state)).map((m) => ({ policy: table.policies[m.i]!.id, conditions: m.conditions }));
  const enabled = list.filter((p) => p.state === "enabled");
  const enforced = combine(view, u, grants(enabled), mayApply(["enabled"]));
  const all = combine(view, u, grants(list), mayApply(["enabled", "reportOnly"]));
  return {
    enforced: classify(enforced),
    ifReportOnlyEnabled: classify(all),
    controls: [...enabled.filter((p) => p.grant?.block).map((p) => `${p.id}: block`), ...enforced.requirements.map(requirementText)],
    undecided: enforced.undecided.map((x) => `${x.policy}: ${x.conditions.join(", ")}`),
  };
}

const requirementTexts = new WeakMap<Requirement, string>();

/** A requirement in a cell's controls: `policy: control AND control (why the persona cannot meet it)`. */
function requirementText(r: Requirement): string {
  let text = requirementTexts.get(r);
  if (text === undefined) requirementTexts.set(r, (text = `${r.policy}: ${r.controls.join(` ${r.operator} `)}${r.unmet ? ` (${r.unmet})` : ""}`));
  return text;
}

/**
 * Why a policy applies to nobody, or undefined when it applies to somebody: no persona is among its users, or (for a
 * policy on ordinary sign-ins to applications) it applies in no cell. A policy for risky sign-ins, an authentication
 * flow or a user action needs only a persona among its users: `idac whatif` evaluates those sign-ins.
 */
function whyUnapplied(p: CompiledPolicy, personas: readonly ResolvedPersona[], apps: readonly string[], applied: ReadonlySet<string>): string | undefined {
  // A policy on workload identities applies to service principals, which are no persona.
  if (applied.has(p.id) || p.forWorkloadIdentities) return undefined;
  const inScope = personas.filter((x) => p.userScope(x.principal) === null);
  if (!inScope.length) {
    const reasons = [...new Set(personas.map((x) => p.userScope(x.principal)!))];
    return `no persona is among its users (${reasons.join("; ")}); declare a persona it includes`;
  }
  if (p.onlyForSpecialSignIns) return undefined;
  const appReasons = apps.map((a) => p.appScope(a));
  if (appReasons.every((r) => r !== null)) return `it targets no application of the matrix (${[...new Set(appReasons)].join("; ")})`;
  return "its conditions (client app types, platforms, locations) match no sign-in of the matrix for the personas it includes";
}

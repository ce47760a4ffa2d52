import type { EnvironmentView } from "../../model/environment";
import type { ConditionalAccessPolicySpec } from "../../schema/catalog";
import type { CellResult, PersonaRows } from "./coverage";
import type { ResolvedPersona } from "./personas";
import type { SignInTable } from "./sign-in-table";

/**
 * A gap of the coverage matrix, one per root cause: the policy that would close it but does not apply (it excludes
 * the persona, the application or the location, or it is disabled or report-only), or the baseline policy that is
 * missing. Many cells and personas share one root cause; the gap counts them and names examples.
 */
export interface Gap {
  /** `undecided`: sign-ins whose outcome depends on conditions the evaluator cannot decide (informational, no rule). */
  readonly kind: "no-mfa-or-block" | "legacy-not-blocked" | "break-glass-blocked" | "locked-out" | "undecided";
  /** The policy at the root of the gap; undefined when no policy would close it (a baseline policy is missing). */
  readonly policy?: string;
  /** The root cause in words ("excludes group svc-scanners", "is report-only", "missing"). */
  readonly cause: string;
  /** IDs of the personas concerned. */
  readonly personas: readonly string[];
  /** How many cells (sign-ins of the matrix) the gap covers. */
  readonly cells: number;
  readonly message: string;
}

const LEGACY = new Set(["exchangeActiveSync", "other"]);

/** A root cause: the policy that would close a gap (if any) and why it does not. */
interface Cause {
  readonly policy?: string;
  readonly reason: string;
}

/** No policy would close the gap: a baseline policy is missing. */
const MISSING: Cause = { reason: "missing" };

/**
 * The gaps of a coverage matrix, grouped by root cause. The matrix has millions of cells and few distinct results and
 * causes: each cell costs a few look-ups by object, and text is built once per result, cause and group.
 */
export function gapsOf(view: EnvironmentView, rows: readonly PersonaRows[], table: SignInTable): Gap[] {
  const groups = new Map<string, GapGroup>();
  // The group of each cause object, per kind (a cause object may serve more than one kind, e.g. MISSING).
  const byCause = new Map<Gap["kind"], Map<Cause, GapGroup>>();
  const groupOf = (kind: Gap["kind"], cause: Cause): GapGroup => {
    let known = byCause.get(kind);
    if (!known) byCause.set(kind, (known = new Map()));
    let g = known.get(cause);
    if (g) return g;
    const key = `${kind}|${cause.policy ?? ""}|${cause.reason}`;
    g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = { kind, ...(cause.policy ? { policy: cause.policy } : {}), cause: cause.reason, personas: new Set(), cells: 0, examples: new Set() }),
      );
    known.set(cause, g);
    return g;
  };
  const add = (kind: Gap["kind"], cause: Cause, persona: string, app: string, s: number, o: CellResult) => {
    const g = groupOf(kind, cause);
    g.personas.add(persona);
    g.cells++;
    if (o.enforced === "block") g.blocked = true;
    if (g.examples.size < 3) {
      const signIn = table.signIns[s]!;
      g.examples.add(`${app} from ${signIn.client} on ${signIn.platform} (${table.locationIds[s]})`);
    }
  };
  // Causes read from a cell's result, built once per result (results are shared by many cells).
  const undecidedCauses = new Map<CellResult, Cause>();
  const undecidedCause = (o: CellResult): Cause => {
    let c = undecidedCauses.get(o);
    if (!c) undecidedCauses.set(o, (c = { policy: o.undecided[0]!.split(":")[0]!, reason: o.undecided.join("; ") }));
    return c;
  };
  const breakGlassCauses = new Map<CellResult, Cause>();
  const breakGlassCause = (o: CellResult): Cause => {
    let c = breakGlassCauses.get(o);
    if (!c) breakGlassCauses.set(o, (c = { policy: o.controls[0]!.split(":")[0]!, reason: "applies to the break-glass account" }));
    return c;
  };
  const legacyAt = table.signIns.map((x) => LEGACY.has(x.client));
  const closers = gapClosers(table);
  for (const { persona: p, apps } of rows) {
    if (p.spec.breakGlass) {
      for (const { app, results } of apps)
        results.forEach((o, s) => {
          if (o.enforced === "undecided") add("undecided", undecidedCause(o), p.id, app, s, o);
          else if (o.enforced !== "none") add("break-glass-blocked", breakGlassCause(o), p.id, app, s, o);
        });
      continue;
    }
    const causes = new RootCauses(p, table, closers);
    let cells = 0;
    let allBlocked = true;
    for (const { app, results } of apps) {
      const legacyCause = causes.of("legacy", app);
      const mfaCause = causes.of("mfa", app);
      results.forEach((o, s) => {
        cells++;
        if (o.enforced !== "block") allBlocked = false;
        if (o.enforced === "undecided") return add("undecided", undecidedCause(o), p.id, app, s, o);
        // Legacy clients cannot do MFA: requiring it only fails the sign-in somewhere in a log; they must be blocked.
        const legacy = legacyAt[s]!;
        if (legacy && o.enforced !== "block") add("legacy-not-blocked", legacyCause(s), p.id, app, s, o);
        else if (!legacy && (o.enforced === "none" || o.enforced === "other-controls")) add("no-mfa-or-block", mfaCause(s), p.id, app, s, o);
      });
    }
    if (cells && allBlocked) {
      const sets = apps.flatMap(({ results }) =>
        results.map((o) => new Set(o.controls.filter((x) => x.endsWith(": block") || x.includes("(requires")).map((x) => x.split(":")[0]!))),
      );
      // The cause: the policies that block every sign-in; else those that alone block some sign-in; else all.
      const everywhere = [...sets[0]!].filter((id) => sets.every((x) => x.has(id)));
      const sole = [...new Set(sets.filter((x) => x.size === 1).flatMap((x) => [...x]))];
      const blocking = (everywhere.length ? everywhere : sole.length ? sole : [...new Set(sets.flatMap((x) => [...x]))]).sort();
      const cause = { policy: blocking[0]!, reason: `blocked by ${blocking.join(", ")}` };
      for (const { app, results } of apps) results.forEach((o, s) => add("locked-out", cause, p.id, app, s, o));
    }
  }
  const name = new Map(rows.map(({ persona: p }) => [p.id, p.displayName]));
  const classes = [...new Set(table.locationIds)].join(", ");
  return [...groups.values()].map((g) => {
    const who = list([...g.personas].map((id) => name.get(id) ?? id));
    const n = g.cells;
    const e = [...g.examples].join("; ");
    const verb = g.personas.size > 1 ? "sign" : "signs";
    const message =
      g.kind === "legacy-not-blocked"
        ? g.policy
          ? `${g.policy} blocks legacy clients but ${g.cause}: legacy clients are not blocked for ${who} in ${n} sign-in(s), e.g. ${e}.`
          : `No policy blocks legacy clients (exchangeActiveSync and other): they are not blocked for ${who} in ${n} sign-in(s), e.g. ${e}.`
        : g.kind === "no-mfa-or-block"
          ? g.policy
            ? `${g.policy} requires MFA but ${g.cause}: ${who} ${verb} in without MFA or a block in ${n} sign-in(s), e.g. ${e}.`
            : `No policy requires MFA or blocks: ${who} ${verb} in without either in ${n} sign-in(s), e.g. ${e}.`
          : g.kind === "undecided"
            ? `${who}: ${n} sign-in(s) depend on conditions idac cannot evaluate (${g.cause}), e.g. ${e}: check them in the sign-in logs.`
            : g.kind === "break-glass-blocked"
              ? `${g.policy} applies to the break-glass account (it does not exclude the ` +
                `break-glass accounts): ${who} is ` +
                `${g.blocked ? "blocked" : "asked for controls"} in ${n}` +
                ` sign-in(s), e.g. ${e}.`
              : `${who} ${g.personas.size > 1 ? "are" : "is"} blocked from every ` +
                `application, client and platform from every location class (${classes}), ${g.cause}.`;
    return { kind: g.kind, ...(g.policy ? { policy: g.policy } : {}), cause: g.cause, personas: [...g.personas], cells: n, message };
  });
}

/** The sign-ins of one root cause: counted, with the first three distinct examples, not kept one by one. */
interface GapGroup {
  readonly kind: Gap["kind"];
  readonly policy?: string;
  readonly cause: string;
  readonly personas: Set<string>;
  cells: number;
  readonly examples: Set<string>;
  blocked?: boolean;
}

/**
 * Finds, for one persona, the policy that would close a gap cell if it applied. A policy is a root cause when it
 * would give the cell the control it lacks, targets what the cell signs in to, and fails to apply only because it
 * excludes something (the persona, the application, the platform or the location) or is disabled or report-only. A
 * policy that never meant to include the persona ("does not include the user") is not a root cause.
 */
class RootCauses {
  private readonly byApp = new Map<string, { policy: number; scope: string | null }[]>();
  private readonly found = new Map<string, (Cause | undefined)[]>();
  private readonly users = new Map<"legacy" | "mfa", { policy: number; user: string | null }[]>();
  constructor(
    private readonly persona: ResolvedPersona,
    private readonly table: SignInTable,
    private readonly closers: GapClosers,
  ) {}

  /**
   * The root cause of a gap of this kind for the persona's sign-ins to `app`, by sign-in (an index of the table);
   * remembered per sign-in.
   */
  of(kind: "legacy" | "mfa", app: string): (s: number) => Cause {
    // Worked out at the first gap: most applications of most personas have none of this kind.
    let lookup: ((s: number) => Cause) | undefined;
    return (s) => (lookup ??= this.lookup(kind, app))(s);
  }

  private lookup(kind: "legacy" | "mfa", app: string): (s: number) => Cause {
    const candidates = this.candidates(kind, app);
    if (!candidates.length) return () => MISSING;
    const key = `${kind}|${app}`;
    let bySignIn = this.found.get(key);
    if (!bySignIn) this.found.set(key, (bySignIn = []));
    const found = bySignIn;
    return (s) => (found[s] ??= this.cause(candidates, s));
  }

  private cause(candidates: readonly { policy: number; scope: string | null }[], s: number): Cause {
    for (const { policy, scope } of candidates) {
      const conditions = this.table.conditions(policy, s);
      if (conditions !== null && !conditions.startsWith("excludes")) continue;
      const p = this.table.policies[policy]!;
      const state = p.state === "disabled" ? "is disabled" : p.state === "reportOnly" ? "is report-only" : undefined;
      const reason = state ?? scope ?? conditions;
      if (reason) return { policy: p.id, reason };
    }
    return MISSING;
  }

  /** Policies that would close the gap and include the persona or exclude it, with the exclusion (if any). */
  private forPersona(kind: "legacy" | "mfa"): readonly { policy: number; user: string | null }[] {
    let list = this.users.get(kind);
    if (list) return list;
    list = [];
    for (const i of this.closers[kind]) {
      const user = this.table.policies[i]!.userScope(this.persona.principal);
      if (user === null || user.startsWith("excludes")) list.push({ policy: i, user });
    }
    this.users.set(kind, list);
    return list;
  }

  /** Policies that would close the gap and target the application, with their user/application exclusion (if any). */
  private candidates(kind: "legacy" | "mfa", app: string) {
    const key = `${kind}|${app}`;
    let list = this.byApp.get(key);
    if (list) return list;
    list = [];
    for (const { policy, user } of this.forPersona(kind)) {
      const target = this.table.appScope(policy, app);
      if (target !== null && !target.startsWith("excludes")) continue;
      list.push({ policy, scope: user ?? target });
    }
    this.byApp.set(key, list);
    return list;
  }
}

/** The policies (indexes of the table) that would close a gap of each kind, whoever and whatever they target. */
interface GapClosers {
  readonly legacy: readonly number[];
  readonly mfa: readonly number[];
}

function gapClosers(table: SignInTable): GapClosers {
  const which = (closes: (p: SignInTable["policies"][number]) => boolean) => table.policies.flatMap((p, i) => (closes(p) ? [i] : []));
  return {
    // A policy that blocks legacy clients names them; a block with other conditions (countries, platforms) is no
    // baseline an exclusion could have broken.
    legacy: which((p) => p.grant?.block === true && p.clientAppTypes.some((c) => LEGACY.has(c))),
    mfa: which((p) => requiresMfa(p.grant)),
  };
}

/** A grant that gives MFA whatever the user chooses. */
function requiresMfa(g: ConditionalAccessPolicySpec["grant"]): boolean {
  if (!g || g.block) return false;
  const isMfa = (x: string) => x === "mfa";
  const controls = [...g.controls, ...(g.authenticationStrength ? ["mfa"] : [])];
  return g.operator === "AND" || controls.length === 1 ? controls.some(isMfa) : controls.every(isMfa);
}

function list(names: readonly string[]): string {
  return names.length <= 5 ? names.join(", ") : `${names.slice(0, 5).join(", ")} and ${names.length - 5} more`;
}

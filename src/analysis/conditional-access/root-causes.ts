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

/** The gaps of a coverage matrix, grouped by root cause. */
export function gapsOf(view: EnvironmentView, rows: readonly PersonaRows[], table: SignInTable): Gap[] {
  const groups = new Map<string, GapGroup>();
  const add = (kind: Gap["kind"], cause: { policy?: string; reason: string }, persona: string, app: string, s: number, o: CellResult) => {
    const key = `${kind}|${cause.policy ?? ""}|${cause.reason}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = { kind, ...(cause.policy ? { policy: cause.policy } : {}), cause: cause.reason, personas: new Set(), cells: 0, examples: new Set() }),
      );
    g.personas.add(persona);
    g.cells++;
    if (o.enforced === "block") g.blocked = true;
    if (g.examples.size < 3) {
      const signIn = table.signIns[s]!;
      g.examples.add(`${app} from ${signIn.client} on ${signIn.platform} (${table.locationIds[s]})`);
    }
  };
  for (const { persona: p, apps } of rows) {
    const undecided = (app: string, s: number, o: CellResult) =>
      add("undecided", { policy: o.undecided[0]!.split(":")[0]!, reason: o.undecided.join("; ") }, p.id, app, s, o);
    if (p.spec.breakGlass) {
      for (const { app, results } of apps)
        results.forEach((o, s) => {
          if (o.enforced === "undecided") undecided(app, s, o);
          else if (o.enforced !== "none")
            add("break-glass-blocked", { policy: o.controls[0]!.split(":")[0]!, reason: "applies to the break-glass account" }, p.id, app, s, o);
        });
      continue;
    }
    const causes = new RootCauses(p, table);
    let cells = 0;
    let allBlocked = true;
    for (const { app, results } of apps)
      results.forEach((o, s) => {
        cells++;
        if (o.enforced !== "block") allBlocked = false;
        if (o.enforced === "undecided") return undecided(app, s, o);
        // Legacy clients cannot do MFA: requiring it only fails the sign-in somewhere in a log; they must be blocked.
        const legacy = LEGACY.has(table.signIns[s]!.client);
        if (legacy && o.enforced !== "block") add("legacy-not-blocked", causes.of("legacy", app, s), p.id, app, s, o);
        else if (!legacy && (o.enforced === "none" || o.enforced === "other-controls")) add("no-mfa-or-block", causes.of("mfa", app, s), p.id, app, s, o);
      });
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
  private readonly found = new Map<string, ({ policy?: string; reason: string } | undefined)[]>();
  constructor(
    private readonly persona: ResolvedPersona,
    private readonly table: SignInTable,
  ) {}

  /** The root cause of a gap of this kind for the persona's sign-in `s` (an index of the table) to `app`. */
  of(kind: "legacy" | "mfa", app: string, s: number): { policy?: string; reason: string } {
    const key = `${kind}|${app}`;
    let bySignIn = this.found.get(key);
    if (!bySignIn) this.found.set(key, (bySignIn = []));
    const known = bySignIn[s];
    if (known) return known;
    let cause: { policy?: string; reason: string } = { reason: "missing" };
    for (const { policy, scope } of this.candidates(kind, app)) {
      const conditions = this.table.conditions(policy, s);
      if (conditions !== null && !conditions.startsWith("excludes")) continue;
      const p = this.table.policies[policy]!;
      const state = p.state === "disabled" ? "is disabled" : p.state === "reportOnly" ? "is report-only" : undefined;
      const reason = state ?? scope ?? conditions;
      if (reason) {
        cause = { policy: p.id, reason };
        break;
      }
    }
    bySignIn[s] = cause;
    return cause;
  }

  /** Policies that would close the gap and target the application, with their user/application exclusion (if any). */
  private candidates(kind: "legacy" | "mfa", app: string) {
    const key = `${kind}|${app}`;
    let list = this.byApp.get(key);
    if (list) return list;
    list = [];
    this.table.policies.forEach((policy, i) => {
      // A policy that blocks legacy clients names them; a block with other conditions (countries, platforms) is
      // no baseline an exclusion could have broken.
      if (!(kind === "legacy" ? policy.grant?.block === true && policy.clientAppTypes.some((c) => LEGACY.has(c)) : requiresMfa(policy.grant))) return;
      const user = policy.userScope(this.persona.principal);
      const target = this.table.appScope(i, app);
      if ((user !== null && !user.startsWith("excludes")) || (target !== null && !target.startsWith("excludes"))) return;
      list!.push({ policy: i, scope: user ?? target });
    });
    this.byApp.set(key, list);
    return list;
  }
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

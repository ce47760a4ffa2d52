import type { EnvironmentView } from "../../model/environment";
import { compiled, type CompiledPolicy, type SignIn } from "./evaluate";
import type { LocationClass } from "./locations";

export const CLIENTS = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"] as const;
export const PLATFORMS = ["windows", "macOS", "iOS", "android", "linux", "unknown"] as const;

/**
 * The sign-ins of the matrix for one application-independent part (client × platform × location class), and each
 * policy's condition result for each, computed once per environment: conditions depend on neither the persona nor
 * the application. Sign-ins that every policy that is not disabled treats alike (it matches both or neither, and
 * leaves the same conditions undecided) form one class: their cells have the same outcome for every persona and
 * application, so the matrix evaluates one sign-in per class.
 */
export class SignInTable {
  readonly policies: readonly CompiledPolicy[];
  /** The policies (indexes into `policies`) that are not disabled: only they can apply. */
  readonly active: readonly number[];
  readonly signIns: readonly SignIn[];
  readonly locationIds: readonly string[];
  /** The first sign-in (an index into `signIns`) of each class, in sign-in order. */
  readonly classes: readonly number[];
  /** The class (an index into `classes`) of each sign-in. */
  readonly classOf: readonly number[];
  private readonly reasons: (string | null | undefined)[][];
  private readonly maybe: (readonly string[] | undefined)[][];
  private readonly targets = new Map<string, (string | null | undefined)[]>();

  constructor(view: EnvironmentView, locations: readonly LocationClass[]) {
    this.policies = compiled(view);
    this.active = this.policies.flatMap((p, i) => (p.state !== "disabled" ? [i] : []));
    const signIns: SignIn[] = [];
    for (const client of CLIENTS)
      for (const platform of PLATFORMS)
        for (const loc of locations)
          signIns.push({ app: "", client, platform, signInRisk: "none", userRisk: "none", ...(loc.network ? { location: loc.network } : {}) });
    this.signIns = signIns;
    this.locationIds = signIns.map((_, i) => locations[i % locations.length]!.id);
    this.reasons = this.policies.map(() => new Array(signIns.length));
    this.maybe = this.policies.map(() => new Array(signIns.length));
    const classes: number[] = [];
    const byKey = new Map<string, number>();
    this.classOf = signIns.map((_, s) => {
      const key = this.active.map((p) => (this.conditions(p, s) === null ? `+${this.undecided(p, s).join("\u0000")}` : "-")).join("\u0001");
      let c = byKey.get(key);
      if (c === undefined) {
        byKey.set(key, (c = classes.length));
        classes.push(s);
      }
      return c;
    });
    this.classes = classes;
  }

  /** Null when policy `p` (an index into `policies`) matches sign-in `s` (an index into `signIns`), otherwise why not. */
  conditions(p: number, s: number): string | null {
    const row = this.reasons[p]!;
    let r = row[s];
    if (r === undefined) row[s] = r = this.policies[p]!.conditionScope(this.signIns[s]!);
    return r;
  }

  /** The conditions policy `p` cannot decide for sign-in `s` (empty when it can decide them all). */
  undecided(p: number, s: number): readonly string[] {
    const row = this.maybe[p]!;
    let r = row[s];
    if (r === undefined) row[s] = r = this.policies[p]!.undecidedConditions(this.signIns[s]!);
    return r;
  }

  /** Null when policy `p` targets the application, otherwise why not (see {@link CompiledPolicy.appScope}). */
  appScope(p: number, app: string): string | null {
    let row = this.targets.get(app);
    if (!row) this.targets.set(app, (row = new Array(this.policies.length)));
    let r = row[p];
    if (r === undefined) row[p] = r = this.policies[p]!.appScope(app);
    return r;
  }
}

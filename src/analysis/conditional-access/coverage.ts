import type { EnvironmentView } from "../../model/environment";
import { evaluate, type Outcome, type SignIn } from "./evaluate";
import { resolvePersonas } from "./personas";

export const CLIENTS = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"] as const;
export const PLATFORMS = ["windows", "macOS", "iOS", "android", "linux", "unknown"] as const;

export type CellOutcome = "block" | "mfa" | "other-controls" | "none";

export interface CoverageCell {
  readonly persona: string;
  readonly app: string;
  readonly client: (typeof CLIENTS)[number];
  readonly platform: (typeof PLATFORMS)[number];
  readonly enforced: CellOutcome;
  /** With report-only policies treated as enabled. */
  readonly ifReportOnlyEnabled: CellOutcome;
  /** For the enforced outcome: the controls required (policy: controls). */
  readonly controls: readonly string[];
}

export interface Gap {
  readonly kind: "no-mfa-or-block" | "legacy-not-blocked" | "break-glass-blocked" | "locked-out";
  readonly persona: string;
  readonly message: string;
}

export interface Coverage {
  readonly environment: string;
  readonly personas: readonly { id: string; displayName: string; breakGlass: boolean }[];
  readonly apps: readonly string[];
  readonly cells: readonly CoverageCell[];
  readonly gaps: readonly Gap[];
}

/** Applications of the matrix: the Microsoft targets conditional access knows by keyword, then each catalog application. */
export function coverageApps(view: EnvironmentView): string[] {
  return ["Office365", "AzureManagement", "MicrosoftAdminPortals", ...view.catalog.applications.map((a) => a.id)];
}

function classify(o: Outcome): CellOutcome {
  if (o.blocked) return "block";
  if (o.mfa) return "mfa";
  return o.requirements.length ? "other-controls" : "none";
}

/**
 * Personas × applications × client app types × platforms, from an unknown network with no risk, for the enforced
 * policy set and with report-only policies treated as enabled; and the gaps in it.
 */
export function coverageMatrix(view: EnvironmentView): Coverage {
  const personas = resolvePersonas(view);
  const apps = coverageApps(view);
  const cells: CoverageCell[] = [];
  for (const p of personas) {
    for (const app of apps) {
      for (const client of CLIENTS) {
        for (const platform of PLATFORMS) {
          const signIn: SignIn = { app, client, platform, signInRisk: "none", userRisk: "none" };
          const d = evaluate(view, p.principal, signIn);
          cells.push({ persona: p.id, app, client, platform, enforced: classify(d.enforced), ifReportOnlyEnabled: classify(d.ifReportOnlyEnabled), controls: d.enforced.requirements.map((r) => `${r.policy}: ${r.controls.join(` ${r.operator} `)}`) });
        }
      }
    }
  }
  const gaps: Gap[] = [];
  for (const p of personas) {
    const mine = cells.filter((c) => c.persona === p.id);
    if (p.spec.breakGlass) {
      const bad = mine.filter((c) => c.enforced !== "none");
      if (bad.length) gaps.push({ kind: "break-glass-blocked", persona: p.id, message: `The break-glass account is ${bad.some((c) => c.enforced === "block") ? "blocked" : "asked for controls"} in ${bad.length} sign-in(s), e.g. ${describe(bad[0]!)}.` });
      continue;
    }
    const open = mine.filter((c) => c.enforced === "none" || c.enforced === "other-controls");
    // Legacy clients cannot do MFA: requiring it only fails the sign-in somewhere in a log; they must be blocked.
    const legacy = mine.filter((c) => (c.client === "exchangeActiveSync" || c.client === "other") && c.enforced !== "block");
    if (legacy.length) gaps.push({ kind: "legacy-not-blocked", persona: p.id, message: `Legacy clients are not blocked for ${p.displayName} in ${legacy.length} sign-in(s), e.g. ${describe(legacy[0]!)}.` });
    const modern = open.filter((c) => c.client !== "exchangeActiveSync" && c.client !== "other");
    if (modern.length) gaps.push({ kind: "no-mfa-or-block", persona: p.id, message: `${p.displayName} signs in without MFA or a block in ${modern.length} sign-in(s), e.g. ${describe(modern[0]!)}.` });
    if (mine.every((c) => c.enforced === "block")) gaps.push({ kind: "locked-out", persona: p.id, message: `${p.displayName} is blocked from every application on every client and platform.` });
  }
  return { environment: view.environment.id, personas: personas.map((p) => ({ id: p.id, displayName: p.displayName, breakGlass: p.spec.breakGlass })), apps, cells, gaps };
}

function describe(c: CoverageCell): string {
  return `${c.app} from ${c.client} on ${c.platform}`;
}

import { jsonText, termText } from "../../escape";
import { didYouMean } from "../../errors/suggest";
import { environmentView, type EnvironmentView } from "../../model/environment";
import type { Catalog } from "../../model/model";
import { join, leave, move, personAccess, personConflicts, policiesFor, settableAttributes, type Person } from "../../people";
import { accessText, jmlText } from "../../reports/people";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";
import { runDate } from "../today";
import { catalogOrReport } from "./private/catalog";
import { personOrReport, snapshotOrReport } from "./private/people";

export interface AccessOptions {
  readonly catalog: string;
  readonly upn: string;
  /** The HR snapshot (default: IDAC_PEOPLE). */
  readonly people?: string;
  readonly environment?: string;
  readonly format: "human" | "json";
}

/** `idac access <upn>`: one person's effective access with how each item is obtained. */
export async function runAccess(options: AccessOptions, out: Output = processOutput): Promise<ExitCode> {
  const ctx = await context(options, out);
  if (!ctx) return EXIT.invalidInput;
  const person = personOrReport(ctx.snapshot, options.upn, out);
  if (!person) return EXIT.invalidInput;
  const access = personAccess(ctx.catalog, person);
  const policies = policiesFor(ctx.view, access);
  const conflicts = personConflicts(ctx.catalog, access);
  if (options.format === "json")
    out.stdout(
      jsonText({
        environment: ctx.view.environment.id,
        person: person.upn,
        grants: access.grants,
        requestable: access.requestable,
        groups: access.groups,
        conditionalAccess: policies,
        sod: conflicts,
      }) + "\n",
    );
  else out.stdout(accessText(access, policies, ctx.view.environment.id, conflicts));
  return EXIT.ok;
}

export interface JmlOptions {
  readonly catalog: string;
  readonly kind: "join" | "move" | "leave";
  readonly upn: string;
  /** HR changes as attribute=value (move), or the new person's HR values (join). */
  readonly set: readonly string[];
  readonly people?: string;
  readonly environment?: string;
  /** The day residue end dates are compared with (default: IDAC_TODAY, else today). */
  readonly today?: string;
  readonly format: "human" | "json";
}

/** `idac jml join|move|leave <upn>`: what a joiner gets, a mover gains, keeps and loses, a leaver leaves behind. */
export async function runJml(options: JmlOptions, out: Output = processOutput): Promise<ExitCode> {
  const date = runDate(options.today);
  if ("error" in date) {
    out.stderr(`--today: ${termText(date.error)}\n`);
    return EXIT.invalidInput;
  }
  const set = parseSet(options.set, out);
  if (!set) return EXIT.invalidInput;
  if (options.kind === "move" && !Object.keys(set).length) {
    out.stderr("jml move needs at least one --set attribute=value (for example --set department=Programmes).\n");
    return EXIT.invalidInput;
  }
  const ctx = await context(options, out);
  if (!ctx) return EXIT.invalidInput;
  let result;
  if (options.kind === "join") {
    if (ctx.snapshot.byUpn.has(options.upn.toLowerCase())) {
      out.stderr(`${termText(options.upn)} is already in the HR snapshot: use jml move to change their HR values.\n`);
      return EXIT.invalidInput;
    }
    result = join(ctx.view, joiner(options.upn, set), date.today);
  } else {
    const person = personOrReport(ctx.snapshot, options.upn, out);
    if (!person) return EXIT.invalidInput;
    result = options.kind === "move" ? move(ctx.view, person, set, date.today) : leave(ctx.view, person, date.today);
  }
  if (options.format === "json") {
    const { before: _before, after: _after, ...rest } = result;
    out.stdout(jsonText({ environment: ctx.view.environment.id, person: result.after.person.upn, ...rest }) + "\n");
  } else out.stdout(jmlText(result, ctx.view.environment.id));
  return EXIT.ok;
}

function joiner(upn: string, set: Readonly<Record<string, string>>): Person {
  const { accountEnabled, userType, displayName, ...hr } = set;
  return {
    upn,
    displayName: displayName ?? upn,
    userType: userType && /^guest$/i.test(userType) ? "Guest" : "Member",
    accountEnabled: accountEnabled === undefined || /^(true|yes|1)$/i.test(accountEnabled),
    hr: Object.fromEntries(Object.entries(hr).filter(([, v]) => v !== "")),
    assignedRoles: [],
    eligibleRoles: [],
    directGroups: [],
    source: { file: "(command line)", row: 0 },
  };
}

/** `--set attribute=value` pairs; an unknown attribute is an error with the closest one. */
function parseSet(pairs: readonly string[], out: Output): Record<string, string> | undefined {
  const known = settableAttributes();
  const set: Record<string, string> = {};
  let ok = true;
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq).trim();
    const attribute = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (eq < 0 || !attribute) {
      const s = didYouMean(name, known);
      out.stderr(
        `--set: '${termText(pair)}' ` +
          `${eq < 0 ? "is not attribute=value" : "names no HR attribute"}.` +
          `${s ? ` Did you mean '${termText(s)}'?` : ""} Attributes: ${known.join(", ")}.\n`,
      );
      ok = false;
      continue;
    }
    set[attribute] = pair.slice(eq + 1).trim();
  }
  return ok ? set : undefined;
}

async function context(
  options: { catalog: string; people?: string; environment?: string },
  out: Output,
): Promise<{ catalog: Catalog; view: EnvironmentView; snapshot: NonNullable<Awaited<ReturnType<typeof snapshotOrReport>>> } | undefined> {
  const catalog = await catalogOrReport(options.catalog, out);
  if (!catalog) return undefined;
  const env = options.environment ?? catalog.environments[catalog.environments.length - 1]!.id;
  if (!catalog.environments.some((e) => e.id === env)) {
    const s = didYouMean(
      env,
      catalog.environments.map((e) => e.id),
    );
    out.stderr(
      `--env: unknown value '${termText(env)}'.` +
        `${s ? ` Did you mean '${termText(s)}'?` : ""} Environments: ` +
        `${catalog.environments.map((e) => e.id).join(", ")}.\n`,
    );
    return undefined;
  }
  const snapshot = await snapshotOrReport(options.people, catalog, out);
  if (!snapshot) return undefined;
  return { catalog, view: environmentView(catalog, env), snapshot };
}

import { readFile, stat } from "node:fs/promises";
import { GraphExportError, readGraphExport, readGraphUsersFile } from "../../../brownfield/graph";
import { termText } from "../../../escape";
import { didYouMean } from "../../../errors/suggest";
import type { Catalog } from "../../../model/model";
import { checkSnapshotReferences, readPeopleCsv, readPeopleGraph, type PeopleSnapshot, type Person } from "../../../people";
import { reportIssues, type Output } from "../../render";

/** The variable that names the HR snapshot when --people is not given. */
export const PEOPLE_VARIABLE = "IDAC_PEOPLE";

/**
 * Reads the HR snapshot named by --people or IDAC_PEOPLE, with the catalog's column mapping, and checks it against
 * the catalog; reports every problem (on stderr) and returns undefined when there is one. Commands that compare a
 * change with a protected base pass the base catalog: its mapping and IDs describe the tenant the snapshot is from,
 * and a pull request cannot remap columns to change what its own impact looks like.
 */
export async function snapshotOrReport(path: string | undefined, catalog: Catalog, out: Output): Promise<PeopleSnapshot | undefined> {
  const file = path ?? process.env[PEOPLE_VARIABLE];
  if (!file) {
    out.stderr(
      `No HR snapshot: give --people <file.csv | export folder | users.json> or set ${PEOPLE_VARIABLE}. ` +
        "The example organisation's is people/synthetic-hr-snapshot.csv.\n",
    );
    return undefined;
  }
  const info = await stat(file).catch(() => undefined);
  const graph = info?.isDirectory() || /\.json$/i.test(file);
  const read = graph ? await readGraphPeople(file, info?.isDirectory() === true, out) : await readCsvPeople(file, catalog, out);
  if (!read) return undefined;
  const { snapshot, issues } = read;
  const all = snapshot ? checkSnapshotReferences(snapshot, catalog) : issues;
  if (all.length) {
    reportIssues(out, all, "human");
    return undefined;
  }
  return snapshot;
}

/** The person a UPN on the command line names; an unknown UPN is an error with the closest one. */
export function personOrReport(snapshot: PeopleSnapshot, upn: string, out: Output): Person | undefined {
  const person = snapshot.byUpn.get(upn.toLowerCase());
  if (person) return person;
  const s = didYouMean(
    upn,
    snapshot.people.map((p) => p.upn),
  );
  out.stderr(
    `<upn>: '${termText(upn)}' is not in the HR snapshot ${termText(snapshot.file)}.` +
      `${s ? ` Did you mean '${termText(s)}'?` : ""} It holds ${snapshot.people.length} people.\n`,
  );
  return undefined;
}

async function readCsvPeople(file: string, catalog: Catalog, out: Output): Promise<ReturnType<typeof readPeopleCsv> | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    out.stderr(`Cannot read the HR snapshot ${termText(file)}: ${termText((e as Error).message)}\n`);
    return undefined;
  }
  return readPeopleCsv(file, text, catalog.people ?? {});
}

/** The users of a Graph export folder (idac export, or any folder import reads) or of one JSON file of users. */
async function readGraphPeople(file: string, folder: boolean, out: Output): Promise<ReturnType<typeof readPeopleGraph> | undefined> {
  try {
    const users = folder ? (await readGraphExport(file)).users : await readGraphUsersFile(file);
    return readPeopleGraph(file, users);
  } catch (e) {
    if (!(e instanceof GraphExportError)) throw e;
    out.stderr(`Cannot read the HR snapshot: ${termText(e.message)}\n`);
    return undefined;
  }
}

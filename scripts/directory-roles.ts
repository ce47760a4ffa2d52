/**
 * Generates `src/model/directory-role-table.ts` from Microsoft's *Microsoft Entra built-in roles* reference:
 *
 * ```sh
 * npx tsx scripts/directory-roles.ts <path to permissions-reference.md> [--out <file>]
 * ```
 *
 * The Markdown file is `docs/identity/role-based-access-control/permissions-reference.md` of MicrosoftDocs/entra-docs.
 * Every problem with its shape (and every contradiction between it and the supplement) is printed with `file:line`,
 * and then nothing is written: exit 2. See scripts/README.md.
 */
import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parsePermissionsReference, RoleTableError } from "./private/permissions-reference";
import { buildRoleTable, renderRoleTable, type RoleTable, type Supplement } from "./private/role-table";

export const DEFAULT_OUT = fileURLToPath(new URL("../src/model/directory-role-table.ts", import.meta.url));

/**
 * Reads the reference, builds and writes the table (through a temporary file renamed into place, so a failure
 * leaves the previous table as it was). Throws RoleTableError before writing anything when the source cannot be read.
 */
export async function generateDirectoryRoleTable(
  source: string,
  out: string = DEFAULT_OUT,
  supplement?: Supplement,
): Promise<{ table: RoleTable; notes: string[] }> {
  const markdown = await readFile(source, "utf8");
  const { table, notes } = buildRoleTable(parsePermissionsReference(markdown, source), supplement);
  const temporary = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, renderRoleTable(table), { flag: "wx" });
    await rename(temporary, out);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { table, notes };
}

async function main(args: readonly string[]): Promise<number> {
  const outAt = args.indexOf("--out");
  const out = outAt >= 0 ? args[outAt + 1] : DEFAULT_OUT;
  const sources = args.filter((a, i) => a !== "--out" && (outAt < 0 || i !== outAt + 1));
  if (sources.length !== 1 || !out) {
    process.stderr.write("Usage: npx tsx scripts/directory-roles.ts <path to permissions-reference.md> [--out <file>]\n");
    return 2;
  }
  try {
    const { table, notes } = await generateDirectoryRoleTable(sources[0]!, out);
    const privileged = table.roles.filter((r) => r.privileged).length;
    process.stderr.write(
      `Wrote ${path.relative(process.cwd(), out)}: ${table.roles.length} roles (${privileged} marked PRIVILEGED) from Microsoft's reference of ${table.date}` +
        `${table.publishedSince.length ? `, ${table.publishedSince.length} of them published since` : ""}; ${table.formerNames.length} former names.\n`,
    );
    for (const note of notes) process.stderr.write(`note: ${note}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof RoleTableError)) throw error;
    process.stderr.write(`${error.message}\nNothing was written.\n`);
    return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}

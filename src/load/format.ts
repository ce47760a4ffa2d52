import { lstat, readFile } from "node:fs/promises";
import path from "node:path";
import { issueAt, type CatalogIssue } from "../errors/issue";
import { CATALOG_FORMAT, IdacFile } from "../schema/idac-file";
import { toCatalogIssues } from "../schema/validate";
import { readFolderAt } from "./git";
import { fileIssue, MAX_FILE_BYTES, parseCatalogText, type LoadedFile } from "./load";

/** The file at the catalog root that declares the catalog format. */
export const FORMAT_FILE = "idac.yaml";

export interface CatalogFormat {
  /** The format the catalog is written for: idac.yaml's, or 1 when there is none. Undefined when idac.yaml is invalid. */
  readonly format?: number;
  /** Whether idac.yaml declares it. */
  readonly declared: boolean;
  /** idac.yaml's `stacks:` section, when it has one and it is valid. */
  readonly stacks?: { readonly maxResources: number };
  /** idac.yaml as parsed, when it is. */
  readonly file?: LoadedFile;
  /**
   * Problems of idac.yaml (YAML, schema), and the format itself: newer than this idac reads is an error (upgrade
   * idac); older is a warning (`idac migrate`).
   */
  readonly issues: readonly CatalogIssue[];
}

/** Reads the catalog's format declaration (idac.yaml at the catalog root). */
export async function readCatalogFormat(root: string): Promise<CatalogFormat> {
  const issues: CatalogIssue[] = [];
  const file = path.join(root, FORMAT_FILE);
  const info = await lstat(file).catch(() => undefined);
  if (!info) return { format: 1, declared: false, issues: [olderFormat(1, false)] };
  if (!info.isFile())
    return {
      declared: true,
      issues: [
        fileIssue(
          FORMAT_FILE,
          "CATALOG_NOT_A_FILE",
          `${FORMAT_FILE} is not a plain file (a link or a folder): it was not read.`,
          `Make ${FORMAT_FILE} a file holding 'format: ${CATALOG_FORMAT}'.`,
        ),
      ],
    };
  if (info.size > MAX_FILE_BYTES)
    return {
      declared: true,
      issues: [
        fileIssue(FORMAT_FILE, "CATALOG_READ_FAILED", `${FORMAT_FILE} is ${info.size} bytes; it holds one setting.`, `Write 'format: ${CATALOG_FORMAT}'.`),
      ],
    };
  const parsed = parseCatalogText(FORMAT_FILE, await readFile(file), issues);
  if (!parsed) return { declared: true, issues };
  const result = IdacFile.safeParse(parsed.data, { reportInput: true });
  if (!result.success) return { declared: true, file: parsed, issues: toCatalogIssues(parsed, result.error.issues as never) };
  const format = result.data.format;
  const at = parsed.locate(["format"]);
  if (format > CATALOG_FORMAT) {
    issues.push(
      issueAt(
        at,
        "CATALOG_FORMAT_NEWER",
        `The catalog is written for catalog format ${format}; this idac reads formats 1 to ${CATALOG_FORMAT}.`,
        `Upgrade idac to the version the catalog repository pins (npm ci installs it; npm install idac@latest upgrades), then run it again.`,
      ),
    );
  } else if (format < CATALOG_FORMAT) {
    issues.push({ ...olderFormat(format, true), line: at.line, col: at.col, path: at.path });
  }
  return { format, declared: true, file: parsed, issues, ...(result.data.stacks ? { stacks: result.data.stacks } : {}) };
}

function olderFormat(format: number, declared: boolean): CatalogIssue {
  const what = declared
    ? `${FORMAT_FILE} declares catalog format ${format}`
    : `The catalog declares no format (no ${FORMAT_FILE}), so it is read as format ${format}`;
  return {
    ...fileIssue(
      FORMAT_FILE,
      "CATALOG_FORMAT_OLDER",
      `${what}; this idac writes format ${CATALOG_FORMAT}. It is read as it is, and what format ${CATALOG_FORMAT} no longer accepts is reported where it is.`,
      "Run `npx idac migrate` to see the mechanical changes and `npx idac migrate --write` to make them (docs/catalog.md#format-version).",
    ),
    severity: "warning",
  };
}

/**
 * idac.yaml's `stacks:` section as it was at a verified commit, for the stack layout of the base: undefined when the
 * file or the section is absent or invalid there (the default ceiling applies).
 */
export async function readStackSettingsAt(root: string, commit: string): Promise<CatalogFormat["stacks"]> {
  const read = await readFolderAt(root, commit, FORMAT_FILE);
  const file = read?.files.find((f) => f.name === FORMAT_FILE);
  if (!file) return undefined;
  const parsed = parseCatalogText(FORMAT_FILE, file.bytes, []);
  const result = parsed ? IdacFile.safeParse(parsed.data) : undefined;
  return result?.success ? result.data.stacks : undefined;
}

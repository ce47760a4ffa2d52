import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { IDAC_VERSION, PACKAGE_ROOT } from "../package-files";
import { PLACEHOLDER_PREFIX } from "../schema/placeholders";
import { GUID_RE } from "../schema/primitives";
import { writePipelines } from "./pipelines";

/** What the new repository starts from: the starter catalog, the bundled example, or (filled in by an import) nothing. */
export type Starter = "starter" | "example" | "empty";

/** Values `idac init` writes into the environment instead of its placeholders. */
export interface EnvironmentValues {
  /** Entra tenant ID. */
  readonly tenantId?: string;
  /** Object IDs of the emergency-access accounts (Microsoft recommends two). */
  readonly breakGlass?: readonly string[];
  /** Terraform state: an Azure Storage container, or local state for a first try. */
  readonly state?:
    | { readonly type: "local" }
    | { readonly type: "azurerm"; readonly resourceGroupName: string; readonly storageAccountName: string; readonly containerName?: string };
}

export interface ScaffoldOptions {
  readonly starter: Starter;
  /** Where idac comes from in the new package.json: a version, a tarball path, a git URL. @default the exact version running */
  readonly idacSpec?: string;
  readonly values?: EnvironmentValues;
}

/** Problems with the values given for the environment, in words; empty when all are usable. */
export function valueProblems(values: EnvironmentValues): string[] {
  const problems: string[] = [];
  const guid = (v: string) => new RegExp(GUID_RE.source, GUID_RE.flags).test(v);
  if (values.tenantId !== undefined && !guid(values.tenantId))
    problems.push(`--tenant-id '${values.tenantId}' is not a GUID (Entra admin center → Overview → Tenant ID).`);
  for (const id of values.breakGlass ?? [])
    if (!guid(id)) problems.push(`--break-glass '${id}' is not an object ID (a GUID): give the emergency-access accounts' object IDs, comma-separated.`);
  if (values.breakGlass && values.breakGlass.length === 0) problems.push("--break-glass lists no account.");
  const s = values.state;
  if (s?.type === "azurerm" && !/^[a-z0-9]{3,24}$/.test(s.storageAccountName))
    problems.push(`The storage account '${s.storageAccountName}' is not a storage account name (3-24 lower-case letters and digits).`);
  return problems;
}

/**
 * Creates the repository in `target` as a whole or not at all: everything is written into a sibling folder, which
 * is renamed to `target` only when complete; `beforeCommit` (an import into the new catalog) runs on that folder.
 * The target must not exist or be an empty folder.
 */
export async function scaffold(target: string, options: ScaffoldOptions, beforeCommit?: (staging: string) => Promise<void>): Promise<void> {
  await refuseNonEmpty(target);
  const staging = path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.idac-init-${randomBytes(4).toString("hex")}`);
  try {
    await writeRepository(staging, path.basename(path.resolve(target)), options);
    if (beforeCommit) await beforeCommit(staging);
    await rmdir(target).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
    await rename(staging, target);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Thrown when the target folder cannot take a new repository. */
export class ScaffoldRefused extends Error {}

async function refuseNonEmpty(target: string): Promise<void> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new ScaffoldRefused(`Refusing ${target}: it is a file. Name a new folder (idac init <folder>).`);
  const entries = await readdir(target);
  if (entries.length)
    throw new ScaffoldRefused(
      `Refusing ${target}: the folder is not empty (${entries.slice(0, 3).join(", ")}` +
        `${entries.length > 3 ? ", …" : ""}). idac init creates a new repository; name a new or ` +
        `empty folder.`,
    );
}

async function writeRepository(dir: string, name: string, options: ScaffoldOptions): Promise<void> {
  const templates = path.join(PACKAGE_ROOT, "templates", "init");
  // Every file of the scaffold is copied, whatever it holds (stacks/ included); the catalog folders depend on the starter.
  const catalogFolders = new Set(["environments", "roles", "policies"]);
  await mkdir(dir, { recursive: true });
  for (const entry of await readdir(templates)) {
    if (catalogFolders.has(entry)) continue;
    await cp(path.join(templates, entry), path.join(dir, entry === "gitignore" ? ".gitignore" : entry), { recursive: true });
  }
  if (options.starter === "example") {
    for (const folder of catalogFolders) await cp(path.join(PACKAGE_ROOT, folder), path.join(dir, folder), { recursive: true });
    // The example's own organisation rules, stack extension and format declaration replace the starter's.
    await rm(path.join(dir, "rules"), { recursive: true, force: true });
    for (const item of ["rules", "stacks/extensions.ts", "idac.yaml"]) await cp(path.join(PACKAGE_ROOT, item), path.join(dir, item), { recursive: true });
  } else {
    await cp(path.join(templates, "environments"), path.join(dir, "environments"), { recursive: true });
    if (options.starter === "starter")
      for (const folder of ["roles", "policies"]) await cp(path.join(templates, folder), path.join(dir, folder), { recursive: true });
    if (options.starter === "empty") await writeFile(path.join(dir, "test", "catalog.test.ts"), VALIDATE_ONLY_TEST);
    const env = path.join(dir, "environments", "prod.yaml");
    await writeFile(env, fillPlaceholders(await readFile(env, "utf8"), options.values ?? {}));
  }
  await writePipelines(dir);
  await writeFile(path.join(dir, "package.json"), JSON.stringify(packageJson(name, options.idacSpec ?? IDAC_VERSION), null, 2) + "\n");
}

/** The environment file with the given values in place of their placeholders (the others stay, and fail validation). */
export function fillPlaceholders(text: string, values: EnvironmentValues): string {
  let out = text;
  if (values.tenantId) out = out.replace(`${PLACEHOLDER_PREFIX}-TENANT-ID`, values.tenantId);
  if (values.breakGlass?.length)
    out = out.replace(/\[REPLACE-ME-BREAK-GLASS-ACCOUNT-1, REPLACE-ME-BREAK-GLASS-ACCOUNT-2\]/, `[${values.breakGlass.join(", ")}]`);
  const s = values.state;
  if (s?.type === "local") out = out.replace(/ {4}backend:\n(?: {6}.*\n)+/, "    backend: { type: local }\n");
  if (s?.type === "azurerm") {
    out = out.replace(`${PLACEHOLDER_PREFIX}-RESOURCE-GROUP`, s.resourceGroupName).replace(`${PLACEHOLDER_PREFIX}-STORAGE-ACCOUNT`, s.storageAccountName);
    if (s.containerName) out = out.replace("containerName: tfstate", `containerName: ${s.containerName}`);
  }
  return out;
}

/** The new repository's package.json: idac at the exact version, and the development tools at idac's own versions. */
export function packageJson(name: string, idacSpec: string): object {
  const own = idacPackageJson();
  const dev = (pkg: string) => own.devDependencies?.[pkg] ?? own.dependencies?.[pkg];
  const devDependencies = Object.fromEntries(["@types/node", "tsx", "typescript", "vitest"].flatMap((p) => (dev(p) ? [[p, dev(p)!]] : [])));
  return {
    name: npmName(name),
    private: true,
    type: "module",
    description: "Identity and access as code for our Microsoft Entra ID tenant (idac)",
    engines: { node: ">=20.19" },
    scripts: {
      start: "idac validate && tsx main.ts",
      test: "tsc --noEmit && vitest run",
      validate: "idac validate",
      synth: "tsx main.ts",
    },
    dependencies: { idac: idacSpec },
    devDependencies,
  };
}

type PackageJson = { readonly dependencies?: Record<string, string>; readonly devDependencies?: Record<string, string> };
let ownPackage: PackageJson | undefined;
function idacPackageJson(): PackageJson {
  ownPackage ??= JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as PackageJson;
  return ownPackage;
}

/** A package name npm accepts, from the folder name. */
function npmName(folder: string): string {
  const n = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+/, "");
  return n || "identity-catalog";
}

const VALIDATE_ONLY_TEST = `/**
 * The organisation's own tests of its catalog, run by \`npm test\` in the pull request pipeline. Add a test for every
 * promise the catalog must keep (idac/testing: whatIf, rolesGranting).
 */
import { expect, it } from "vitest";
import { checkCatalog } from "idac/testing";

it("validates clean: no catalog error and no error-level guardrail finding", async () => {
  expect((await checkCatalog()).failures).toEqual([]);
});
`;

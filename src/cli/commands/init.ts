import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { termText } from "../../escape";
import { IDAC_VERSION } from "../../package-files";
import { scaffold, ScaffoldRefused, valueProblems, type EnvironmentValues, type Starter } from "../../scaffold/init";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";
import { runImport } from "./import";

export interface InitOptions {
  /** The new repository's folder: it must not exist, or be empty. */
  readonly dir: string;
  /** Copy the bundled example catalog instead of the starter. @default false */
  readonly example?: boolean;
  /** A Microsoft Graph export (idac export) to import into the new repository instead of the starter catalog. */
  readonly from?: string;
  /** Where idac comes from in package.json: a version, a tarball path, a git URL or registry spec. @default this idac's exact version */
  readonly idac?: string;
  readonly values?: EnvironmentValues;
  /** Run `npm install` in the new repository, so it has node_modules and the lock file `npm ci` needs. @default true */
  readonly install?: boolean;
  /** Ask for missing values (tenant ID, break-glass accounts, state) when both stdin and stdout are terminals. @default false */
  readonly interactive?: boolean;
}

/**
 * `idac init [dir]`: a new catalog repository in idac's layout, written as a whole or not at all (the import and
 * `npm install` run before the folder appears). Values not given stay placeholders that fail validation.
 */
export async function runInit(options: InitOptions, out: Output = processOutput): Promise<ExitCode> {
  if (options.example && options.from) {
    out.stderr("--example and --from exclude each other: --example copies the bundled example, --from imports your tenant.\n");
    return EXIT.invalidInput;
  }
  const values = options.interactive ? await ask(options.values ?? {}, out) : (options.values ?? {});
  const problems = valueProblems(values);
  if (problems.length) {
    for (const p of problems) out.stderr(`${termText(p)}\n`);
    out.stderr("Nothing was written.\n");
    return EXIT.invalidInput;
  }
  const starter: Starter = options.example ? "example" : options.from ? "empty" : "starter";
  const idacSpec = dependencySpec(options.idac, options.dir);
  let importCode: ExitCode = EXIT.ok;
  try {
    await scaffold(options.dir, { starter, idacSpec, values }, async (staging) => {
      if (options.from) {
        importCode = await runImport({ from: options.from, out: staging, format: "md" }, out);
        if (importCode === EXIT.invalidInput) throw new InitFailed(`The import of ${options.from} failed (see above).`);
      }
      if (options.install ?? true) await npmInstall(staging, out);
    });
  } catch (err) {
    if (!(err instanceof ScaffoldRefused) && !(err instanceof InitFailed)) throw err;
    out.stderr(`${termText(err.message)}\nNothing was written.\n`);
    return EXIT.invalidInput;
  }
  out.stderr(nextSteps(options.dir, starter, values, options.install ?? true));
  // The import wrote the catalog but some of it needs attention (listed above): the repository exists, and says so.
  if (importCode !== EXIT.ok) out.stderr("The imported catalog does not validate yet: fix what the import listed above, then run idac validate.\n");
  return importCode;
}

class InitFailed extends Error {}

/**
 * The `idac` dependency as the new package.json must say it: a path (a tarball, a folder) relative to the new
 * repository, anything else as given; by default the exact version of this idac.
 */
export function dependencySpec(spec: string | undefined, dir: string): string {
  if (spec === undefined) return IDAC_VERSION;
  const isPath = /^(?:\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/])/.test(spec) || /\.(?:tgz|tar\.gz)$/.test(spec);
  if (!isPath) return spec;
  const relative = path
    .relative(path.resolve(dir), path.resolve(spec.replace(/^file:/, "")))
    .split(path.sep)
    .join("/");
  return `file:${relative.startsWith(".") ? relative : `./${relative}`}`;
}

async function npmInstall(dir: string, out: Output): Promise<void> {
  out.stderr(`Running npm install in the new repository (--no-install skips it)…\n`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const code = await new Promise<number>((resolve) => {
    const child = spawn(npm, ["install", "--no-audit", "--no-fund"], {
      cwd: dir,
      stdio: ["ignore", "inherit", "inherit"],
      shell: process.platform === "win32",
    });
    child.on("error", () => resolve(127));
    child.on("exit", (c) => resolve(c ?? 1));
  });
  if (code !== 0)
    throw new InitFailed(
      `npm install failed in the new repository (exit ${code}). Check where idac comes ` +
        `from (--idac) and the registry, or pass --no-install and run npm install yourself.`,
    );
}

/** Asks for the values not given on the command line; an empty answer keeps the placeholder. */
async function ask(given: EnvironmentValues, out: Output): Promise<EnvironmentValues> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    out.stderr("Press Enter to keep a placeholder: validation then names it until you fill it in.\n");
    const tenantId = given.tenantId ?? ((await rl.question("Entra tenant ID: ")).trim() || undefined);
    const breakGlass = given.breakGlass ?? splitList(await rl.question("Object IDs of the break-glass accounts (comma-separated): "));
    let state = given.state;
    if (!state) {
      const answer = (await rl.question("Terraform state: 'local', or <resource group>/<storage account>[/<container>] in Azure Storage: ")).trim();
      state = answer ? parseState(answer) : undefined;
    }
    return { ...(tenantId ? { tenantId } : {}), ...(breakGlass?.length ? { breakGlass } : {}), ...(state ? { state } : {}) };
  } finally {
    rl.close();
  }
}

export function splitList(text: string): string[] | undefined {
  const list = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

/** `local`, or `<resource group>/<storage account>[/<container>]`. */
export function parseState(text: string): NonNullable<EnvironmentValues["state"]> {
  if (text === "local") return { type: "local" };
  const [resourceGroupName = "", storageAccountName = "", containerName] = text.split("/");
  return { type: "azurerm", resourceGroupName, storageAccountName, ...(containerName ? { containerName } : {}) };
}

function nextSteps(dir: string, starter: Starter, values: EnvironmentValues, installed: boolean): string {
  const missing = [!values.tenantId && "the tenant ID", !values.breakGlass?.length && "the break-glass accounts", !values.state && "the state backend"].filter(
    Boolean,
  );
  const lines = [
    `Created ${dir} (${starter === "example" ? "the bundled example" : starter === "empty" ? "your imported tenant" : "the starter catalog"}).`,
    "Next:",
    `  cd ${dir}`,
  ];
  if (!installed) lines.push("  npm install");
  if (missing.length && starter !== "example")
    lines.push(`  fill in ${missing.join(", ")} in environments/prod.yaml (validation names every REPLACE-ME placeholder)`);
  lines.push(
    "  git init && git add -A && git commit -m 'Identity catalog'",
    "  npm start      # validate, then synthesize Terraform into cdktf.out/",
    "  npm test       # your catalog tests (test/)",
    "",
  );
  return lines.join("\n");
}

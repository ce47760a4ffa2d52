import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { synthesizeInto } from "../../stacks/app";
import { permissionKeys, permissionsFor, permissionsMarkdown, type StackJson } from "../../pipeline/permissions";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";
import { catalogOrReport } from "./private/catalog";

export interface PermissionsOptions {
  readonly catalog: string;
  readonly format: "md" | "json";
  readonly repo?: string;
  readonly environment?: string;
}

/** The Graph permissions of the plan and apply identities, from the resource types the synthesized stacks use. */
export async function runPermissions(options: PermissionsOptions, out: Output = processOutput): Promise<ExitCode> {
  const catalog = await catalogOrReport(options.catalog, out);
  if (!catalog) return EXIT.invalidInput;
  const dir = await mkdtemp(path.join(tmpdir(), "idac-permissions-"));
  try {
    synthesizeInto(catalog, dir);
    const types: string[] = [];
    for (const stack of await readdir(path.join(dir, "stacks"))) {
      const json = JSON.parse(await readFile(path.join(dir, "stacks", stack, "cdk.tf.json"), "utf8")) as StackJson;
      types.push(...permissionKeys(json));
    }
    const set = permissionsFor(types, { roleAssignableGroups: catalog.privilegedRoles.length > 0 || catalog.groups.some((g) => g.spec.assignableToRole) });
    out.stdout(options.format === "json" ? JSON.stringify(set, null, 2) + "\n" : permissionsMarkdown(set, options.repo, options.environment));
    return EXIT.ok;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

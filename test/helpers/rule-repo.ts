import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { writeCatalog } from "./catalog";

export const ROOT = path.resolve(__dirname, "../..");

/**
 * A catalog repository as an organisation has one: package.json, node_modules with tsx and idac (links to this
 * repository's), the catalog files and rule files. `tsx: false` leaves tsx out.
 */
export async function ruleRepo(files: Record<string, string>, options: { tsx?: boolean } = {}): Promise<string> {
  const root = await writeCatalog({ "package.json": JSON.stringify({ name: "acme-identity", private: true, type: "module" }), ...files });
  await mkdir(path.join(root, "node_modules"));
  await symlink(ROOT, path.join(root, "node_modules", "idac"), "dir");
  if (options.tsx !== false) await symlink(path.join(ROOT, "node_modules", "tsx"), path.join(root, "node_modules", "tsx"), "dir");
  return root;
}

/** Makes the folder a git repository with everything committed: the protected base. */
export function commitAll(root: string, message = "protected base"): void {
  const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "pipe" });
  if (!existsSync(path.join(root, ".git"))) git("init", "-q", "-b", "main");
  git("add", "-A", "--", ".", ":!node_modules");
  git("-c", "user.name=Base", "-c", "user.email=base@example.org", "commit", "-qm", message);
}

export async function write(root: string, file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
}

/** A rule file that reports every group whose display name does not start with `prefix`. */
export function groupPrefixRule(id: string, prefix: string, extra = ""): string {
  return (
    `import { defineRule, violationAt } from "idac/rules";

export const groupPrefix = defineRule({
  id: "${id}",
  level: "error",
  title: "Group names should start with ${prefix}",
  controls: ["ACME-7.1"],
  fix: "Rename the group.",${extra}
  check: (ctx) => ctx.catalog.groups.filter((g) => !g.spec.displayName.startsWith("` +
    `${prefix}")).map((g) => violationAt(g, "groups", \`Group '\${g.id}' is not named ` +
    `${prefix}….\`, ["displayName"])),
});
`
  );
}

import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export interface Patch {
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  /** Replace the first occurrence after this text (default: the first in the file). */
  readonly after?: string;
}

/** A copy of the bundled example with patches applied; fails loudly when a patch does not apply. */
export async function exampleWith(patches: readonly Patch[]): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "idac-guardrails-"));
  for (const f of ["environments", "roles", "policies", "idac.yaml"]) await cp(path.join(ROOT, f), path.join(root, f), { recursive: true });
  for (const p of patches) {
    const file = path.join(root, p.file);
    const text = await readFile(file, "utf8");
    const from = p.after ? text.indexOf(p.after) : 0;
    const index = from < 0 ? -1 : text.indexOf(p.find, from);
    if (index < 0) throw new Error(`patch does not apply: '${p.find}'${p.after ? ` after '${p.after}'` : ""} not in ${p.file}`);
    await writeFile(file, text.slice(0, index) + p.replace + text.slice(index + p.find.length));
  }
  return root;
}

import { mkdtemp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** A minimal valid environment, used by most tests. */
export const ENV_YAML = `environments:
  - id: test
    tenantId: 11111111-1111-1111-1111-111111111111
    breakGlass:
      accounts: [aaaaaaaa-0000-0000-0000-000000000001, aaaaaaaa-0000-0000-0000-000000000002]
      group: aaaaaaaa-0000-0000-0000-0000000000ff
    backend: { type: local }
`;

/** idac.yaml of the current catalog format. */
export const FORMAT_YAML = "format: 2\n";

/** Writes a catalog (relative path → YAML text) into a fresh temporary folder and returns the folder. */
export async function writeCatalog(files: Record<string, string>, options: { withEnvironment?: boolean; withFormat?: boolean } = {}): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "idac-test-"));
  const declared = options.withFormat === false ? files : { "idac.yaml": FORMAT_YAML, ...files };
  const all = options.withEnvironment === false ? declared : { "environments/test.yaml": ENV_YAML, ...declared };
  for (const [name, text] of Object.entries(all)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return root;
}

/** Every file under a folder, relative path → content, for byte-for-byte comparisons. */
export async function readTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else out[child] = await readFile(path.join(root, child), "utf8");
    }
  };
  await walk("");
  return out;
}

/** Collects what a command prints. */
export function captureOutput() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    out: { stdout: (t: string) => void stdout.push(t), stderr: (t: string) => void stderr.push(t), githubActions: false },
    github: { stdout: (t: string) => void stdout.push(t), stderr: (t: string) => void stderr.push(t), githubActions: true },
    stdout: () => stdout.join(""),
    stderr: () => stderr.join(""),
  };
}

export const OWNERS = "[ann.owner@example.org, bob.owner@example.org]";

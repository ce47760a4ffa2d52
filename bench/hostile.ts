/**
 * Benchmark: hostile catalog files end quickly with a clear error, and the limits that stop them leave room for real
 * files. Inputs: 1.6 MB of distinct unknown keys; the largest file of unknown keys under the token limit; one
 * anchored 10,000-item list repeated by 100 aliases (120 KB); and, as the control, a 2 MiB file of real group entries
 * that must load. Targets: each hostile file under 5 s with at most 26 issues; the real file loads without issue.
 * Run with `npm run bench`; exits 1 when a target is missed.
 */
import { performance } from "node:perf_hooks";
import type { CatalogIssue } from "../src/errors/issue";
import { MAX_FILE_BYTES, MAX_YAML_TOKENS, parseCatalogText } from "../src/load/load";
import { validateFiles } from "../src/schema/validate";

function load(text: string): { ms: number; cpuMs: number; issues: CatalogIssue[] } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const issues: CatalogIssue[] = [];
  const file = parseCatalogText("roles/hostile.yaml", new TextEncoder().encode(text), issues);
  if (file) issues.push(...validateFiles([file]).issues);
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, issues };
}

const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${String(i + 1).padStart(6, "0")}: 1`).join("\n") + "\n";
const items = Array.from({ length: 10_000 }, (_, i) => `u${String(i).padStart(5, "0")}@ex.org`).join(", ");
const aliases =
  `groups:\n  - id: g-base\n    membership:\n      type: assigned\n      ` +
  `members: &m [${items}]\n` +
  `${Array.from({ length: 100 }, (_, i) => `  - id: g${i}\n    membership: { type: assigned, members: *m }\n`).join("")}`;
const entry = (i: number) =>
  `  - id: grp-${i}\n    displayName: GRP ${i} Finance\n    description: Generated group ` +
  `${i}\n    owners: [user${i}@bench.example.org, user${i + 7}@bench.example.org]\n    ` +
  `membership:\n      type: assigned\n      members:\n` +
  `${Array.from({ length: 5 }, (_, k) => `        - user${i * 5 + k}@bench.example.org\n`).join("")}`;
let real = "groups:\n";
for (let i = 0; real.length + 400 < MAX_FILE_BYTES; i++) real += entry(i);

const cases = [
  { name: "1.6 MB of distinct unknown keys", text: keys(145_000), hostile: true },
  { name: `unknown keys up to the limit of ${MAX_YAML_TOKENS} tokens`, text: keys(85_000), hostile: true },
  { name: "a 10,000-item list repeated by 100 aliases", text: aliases, hostile: true },
  { name: "2 MiB of real group entries", text: real, hostile: false },
];

let missed = false;
for (const c of cases) {
  const r = load(c.text);
  const first = r.issues[0];
  console.log(
    `${c.name} (${(c.text.length / 1e6).toFixed(2)} MB): ${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms), ${r.issues.length} issue(s)` +
      (first ? `, first ${first.code} at ${first.line}:${first.col}: ${first.message}` : "") +
      (c.hostile ? " (target < 5000 ms, ≤ 26 issues)" : " (target: no issue)"),
  );
  if (c.hostile ? r.ms >= 5000 || r.issues.length === 0 || r.issues.length > 26 : r.issues.length > 0) missed = true;
}
if (missed) {
  console.error("benchmark target missed");
  process.exit(1);
}

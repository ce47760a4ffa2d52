import { createHash } from "node:crypto";
import type { Finding, Rule, Severity } from "../guardrails/types";
import { isControlId } from "../guardrails/types";

/** The SARIF version written, and the schema that describes it. */
const SARIF_VERSION = "2.1.0";
const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub code scanning ranks security results by this number (critical ≥ 9, high ≥ 7, medium ≥ 4, low below). */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

export interface SarifOptions {
  /** Every rule that ran: the run's rule list, so results refer to them by index. */
  readonly rules: readonly Rule[];
  /** The catalog folder relative to the repository root ("" when the catalog is the root). */
  readonly root: string;
  readonly toolVersion: string;
}

/**
 * Guardrail findings as a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers: one rule per guardrail
 * (short and full description, help with the remediation and a compliant example, tags with the control IDs and the
 * severity), one result per finding (level, message, the file and line relative to the repository root, the
 * suppression with its reason, and a fingerprint that stays the same from one run to the next while the finding
 * does).
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 * @see https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
export function findingsSarif(findings: readonly Finding[], options: SarifOptions): object {
  const index = new Map(options.rules.map((r, i) => [r.id, i]));
  const prefix = options.root ? `${options.root.replace(/\/+$/, "")}/` : "";
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: { driver: { name: "idac", semanticVersion: options.toolVersion, rules: options.rules.map(sarifRule) } },
        columnKind: "unicodeCodePoints",
        results: findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule)! } : {}),
          level: f.level === "error" ? "error" : f.level === "warning" ? "warning" : "note",
          message: { text: `${f.message}${f.environments.length ? ` Environments: ${f.environments.join(", ")}.` : ""}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(`${prefix}${f.file}`) },
                region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.col) },
              },
            },
          ],
          partialFingerprints: { "idacFinding/v1": fingerprint(f) },
          ...(f.suppressed
            ? {
                suppressions: [
                  {
                    kind: "external",
                    status: "accepted",
                    justification: `${f.suppressed.reason} (until ${f.suppressed.expires}${f.suppressed.ticket ? `, ${f.suppressed.ticket}` : ""})`,
                  },
                ],
              }
            : {}),
          properties: {
            severity: f.severity,
            environments: f.environments,
            entry: `${f.entry.section}/${f.entry.id}`,
            controls: f.controls,
            ...(f.status === "unknown" ? { status: "unknown" } : {}),
          },
        })),
      },
    ],
  };
}

function sarifRule(r: Rule) {
  const controls = r.references.filter(isControlId);
  const links = r.references.filter((x) => x.startsWith("https://"));
  return {
    id: r.id,
    name: r.id.replace(/[^A-Za-z0-9]/g, ""),
    shortDescription: { text: r.title },
    fullDescription: { text: r.rationale },
    help: {
      text: `${r.remediation}\n\nExample:\n${r.example}${controls.length ? `\n\nControls: ${controls.join(", ")}` : ""}`,
      markdown: `${r.remediation}\n\n\`\`\`yaml\n${r.example}\n\`\`\`${controls.length ? `\n\nControls: ${controls.join(", ")}` : ""}`,
    },
    ...(links.length ? { helpUri: links[0] } : {}),
    defaultConfiguration: { level: r.level === "error" ? "error" : r.level === "warning" ? "warning" : "note" },
    properties: { tags: ["security", r.pack, `severity:${r.severity}`, ...controls], precision: "high", "security-severity": SECURITY_SEVERITY[r.severity] },
  };
}

/**
 * What identifies a finding from one run to the next: the rule, the entry, the file and the message without its
 * numbers (counts of sign-ins change while the finding stays the same). Line numbers are left out: moving an entry
 * within its file does not make a new finding.
 */
export function fingerprint(f: Finding): string {
  const message = f.message.replace(/\d+/g, "#");
  return createHash("sha256").update(`${f.rule}\u0000${f.entry.section}\u0000${f.entry.id}\u0000${f.file}\u0000${message}`).digest("hex");
}

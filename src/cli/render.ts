import { once } from "node:events";
import pc from "picocolors";
import { jsonText, termText, workflowCommand } from "../escape";
import type { CatalogIssue } from "../errors/issue";
import type { Finding } from "../guardrails/types";
import type { PolicyChange } from "../policy";

export type OutputFormat = "human" | "json";

/** Where rendered output goes; tests pass their own sinks. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when running as a GitHub Actions step (GitHub reads `::error` lines as annotations). */
  readonly githubActions: boolean;
  /** Resolves when stdout can take more (see {@link writeChunks}); a sink that keeps everything needs none. */
  stdoutDrained?(): Promise<void>;
}

export const processOutput: Output = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  githubActions: process.env.GITHUB_ACTIONS === "true",
  stdoutDrained: async () => {
    // Once the reader has gone (a closed pipe), the rest would go nowhere: stop making it.
    if (process.stdout.errored) throw process.stdout.errored;
    if (process.stdout.writableNeedDrain) await once(process.stdout, "drain");
  },
};

/**
 * Writes text made in pieces to stdout, one piece at a time, for output longer than a JavaScript string can be. Where
 * writing to stdout is asynchronous (a pipe on macOS, a terminal on Windows), it waits for stdout to drain after each
 * piece, so what is written does not pile up in memory.
 */
export async function writeChunks(out: Output, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    out.stdout(chunk);
    await out.stdoutDrained?.();
  }
}

/**
 * `file:line:col: error CODE at path: message` then an indented hint; one block per issue. Messages quote catalog
 * text, so every part is printed with visible escapes for controls (no line a value starts, no ANSI sequence).
 */
export function formatIssueHuman(issue: CatalogIssue, color = false): string {
  const c = color ? pc : { red: (s: string) => s, yellow: (s: string) => s, dim: (s: string) => s, bold: (s: string) => s, cyan: (s: string) => s };
  const level = issue.severity === "error" ? c.red("error") : c.yellow("warning");
  const where = c.bold(`${termText(issue.file)}:${issue.line}:${issue.col}`);
  const lines = [`${where}: ${level} ${c.dim(issue.code)} at ${c.cyan(termText(issue.path))}`, `  ${termText(issue.message)}`];
  if (issue.hint) lines.push(`  ${c.dim("hint:")} ${termText(issue.hint)}`);
  return lines.join("\n");
}

/**
 * GitHub Actions workflow command. Properties and message are escaped as the runner expects, so a message with
 * a colon, comma or newline stays one annotation.
 * @see https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
export function formatIssueAnnotation(issue: CatalogIssue, root = ""): string {
  const file = root ? `${root.replace(/\/+$/, "")}/${issue.file}` : issue.file;
  const message = `${issue.message}${issue.hint ? ` (${issue.hint})` : ""}`;
  return workflowCommand(
    issue.severity === "error" ? "error" : "warning",
    { file, line: issue.line, col: issue.col, title: `${issue.code} at ${issue.path}` },
    message,
  );
}

/** Renders issues on stderr (human) or stdout (JSON), plus annotations on GitHub Actions. */
export function reportIssues(
  out: Output,
  issues: readonly CatalogIssue[],
  format: OutputFormat,
  extra: Record<string, unknown> = {},
  annotationRoot = "",
): void {
  if (format === "json") {
    out.stdout(jsonText({ ...extra, issues }) + "\n");
  } else {
    const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
    for (const issue of issues) out.stderr(formatIssueHuman(issue, color) + "\n\n");
    const errors = issues.filter((i) => i.severity === "error").length;
    const warnings = issues.length - errors;
    if (issues.length) out.stderr(`${errors} error(s), ${warnings} warning(s).\n`);
  }
  if (out.githubActions) for (const issue of issues) out.stdout(formatIssueAnnotation(issue, annotationRoot) + "\n");
}

/** `file:line:col: error IDAC-CA-001 [prod, dev] message`, then the remediation (and a suppression's reason). */
export function formatFindingHuman(f: Finding, color = false): string {
  const c = color ? pc : { red: (s: string) => s, yellow: (s: string) => s, dim: (s: string) => s, bold: (s: string) => s, cyan: (s: string) => s };
  const level = f.suppressed
    ? c.dim(`suppressed ${f.level}`)
    : f.level === "error"
      ? c.red("error")
      : f.level === "warning"
        ? c.yellow("warning")
        : c.cyan("info");
  const lines = [
    `${c.bold(`${termText(f.file)}:${f.line}:${f.col}`)}: ${level} ${c.bold(f.rule)}` +
      `${f.status === "unknown" ? " UNKNOWN" : ""} [${f.environments.map(termText).join(", ")}] ` +
      `${f.title}`,
    `  ${termText(f.message)}`,
  ];
  if (f.controls.length) lines.push(`  ${c.dim("controls:")} ${f.controls.join(", ")}`);
  if (f.suppressed)
    lines.push(
      `  ${c.dim("suppressed:")} ${termText(f.suppressed.reason)} (until ` +
        `${termText(f.suppressed.expires)}` +
        `${f.suppressed.ticket ? `, ${termText(f.suppressed.ticket)}` : ""})`,
    );
  else lines.push(`  ${c.dim("fix:")} ${termText(f.remediation)}`);
  return lines.join("\n");
}

/** A finding as a GitHub annotation: error, warning or notice by level; suppressed findings are notices. */
export function formatFindingAnnotation(f: Finding, root = ""): string {
  const file = root ? `${root.replace(/\/+$/, "")}/${f.file}` : f.file;
  const command = f.suppressed ? "notice" : f.level === "error" ? "error" : f.level === "warning" ? "warning" : "notice";
  return workflowCommand(command, { file, line: f.line, col: f.col, title: `${f.rule} ${f.title}` }, `${f.message} Fix: ${f.remediation}`);
}

/** `file:line:col: policy-change BLOCKED message`, then how to allow it. */
export function formatPolicyChangeHuman(c: PolicyChange, allowed: boolean): string {
  const state = allowed ? "allowed" : "BLOCKED";
  return [
    `${c.at.file}:${c.at.line}:${c.at.col}: ${c.allowedBy} ${state} (${c.kind})`,
    `  ${c.message}`,
    `  ${allowed ? "allowed by" : "needs"} --allow ${c.allowedBy} (pull request label allow-${c.allowedBy}, applied by a reviewer)`,
  ].join("\n");
}

/** A policy change as a GitHub annotation: an error while it is blocked, a notice once allowed. */
export function formatPolicyChangeAnnotation(c: PolicyChange, allowed: boolean, root = ""): string {
  const property = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
  const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const file = root ? `${root.replace(/\/+$/, "")}/${c.at.file}` : c.at.file;
  return (
    `::${allowed ? "notice" : "error"} file=${property(file)},line=${c.at.line},col=` +
    `${c.at.col},title=${property(`policy change (${c.allowedBy})`)}::` +
    `${data(`${c.message} ${allowed ? "Allowed" : "Needs"} allow-${c.allowedBy}.`)}`
  );
}

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mdCode, mdText } from "../../escape";
import { loadCatalogFilesAt, type LogBound } from "../../load/git";
import type { Catalog } from "../../model/model";
import { fromFiles } from "../../resolve/load-catalog";

/** One change in catalog terms. */
export interface SemanticChange {
  readonly area: "business role" | "entitlement" | "approval" | "review" | "expiry" | "conditional access" | "privileged access" | "group" | "environment";
  readonly id: string;
  readonly change: string;
}

const json = (v: unknown) => JSON.stringify(v);

/**
 * What changed between two catalogs, in the terms an auditor asks about: roles added or removed, entitlements
 * granted or revoked, approval, review and expiry settings, conditional access state, scope and controls,
 * privileged eligibility and activation — not line diffs.
 */
export function semanticDiff(before: Catalog | undefined, after: Catalog | undefined): SemanticChange[] {
  const out: SemanticChange[] = [];
  const b = before;
  const a = after;
  const byId = <T extends { id: string }>(list: readonly T[] | undefined) => new Map((list ?? []).map((x) => [x.id, x]));

  const rolesB = byId(b?.businessRoles);
  const rolesA = byId(a?.businessRoles);
  for (const [id, r] of rolesA) if (!rolesB.has(id)) out.push({ area: "business role", id, change: `added "${r.spec.displayName}"` });
  for (const [id, r] of rolesB) if (!rolesA.has(id)) out.push({ area: "business role", id, change: `removed "${r.spec.displayName}"` });
  for (const [id, now] of rolesA) {
    const was = rolesB.get(id);
    const grants = (r: typeof now | undefined) =>
      new Set([...(r?.effectiveGroups ?? []).map((g) => `group ${g}`), ...(r?.effectiveAppRoles ?? []).map((x) => `app role ${x.application}/${x.appRole}`)]);
    const g0 = grants(was);
    const g1 = grants(now);
    for (const e of g1) if (!g0.has(e)) out.push({ area: "entitlement", id, change: `grants ${e}` });
    for (const e of g0) if (!g1.has(e)) out.push({ area: "entitlement", id, change: `no longer grants ${e}` });
    if (!was) continue;
    const x0 = was.spec.assignment;
    const x1 = now.spec.assignment;
    if (x0?.type !== x1?.type) out.push({ area: "business role", id, change: `assignment ${x0?.type ?? "none"} → ${x1?.type ?? "none"}` });
    else if (x0?.type === "request" && x1?.type === "request") {
      if (json(x0.approval) !== json(x1.approval))
        out.push({ area: "approval", id, change: `approval ${describeApproval(x0.approval)} → ${describeApproval(x1.approval)}` });
      if (json(x0.review) !== json(x1.review))
        out.push({
          area: "review",
          id,
          change:
            `review ` +
            `${x0.review ? `${x0.review.frequency} by ${json(x0.review.reviewers)}` : "none"} → ` +
            `${x1.review ? `${x1.review.frequency} by ${json(x1.review.reviewers)}` : "none"}`,
        });
      if (json(x0.expiry) !== json(x1.expiry)) out.push({ area: "expiry", id, change: `expiry ${json(x0.expiry)} → ${json(x1.expiry)}` });
      if (json(x0.requestors) !== json(x1.requestors)) out.push({ area: "approval", id, change: `requestors ${json(x0.requestors)} → ${json(x1.requestors)}` });
    } else if (x0?.type === "birthright" && x1?.type === "birthright" && json(x0.when) !== json(x1.when))
      out.push({ area: "business role", id, change: `birthright rule ${json(x0.when)} → ${json(x1.when)}` });
  }

  const caB = byId(b?.conditionalAccessPolicies);
  const caA = byId(a?.conditionalAccessPolicies);
  for (const [id, p] of caA) if (!caB.has(id)) out.push({ area: "conditional access", id, change: `added "${p.spec.displayName}" (${p.spec.state})` });
  for (const [id, p] of caB) if (!caA.has(id)) out.push({ area: "conditional access", id, change: `removed "${p.spec.displayName}"` });
  for (const [id, now] of caA) {
    const was = caB.get(id);
    if (!was) continue;
    if (was.spec.state !== now.spec.state) out.push({ area: "conditional access", id, change: `state ${was.spec.state} → ${now.spec.state}` });
    if (json(was.spec.users) !== json(now.spec.users) || json(was.spec.applications) !== json(now.spec.applications))
      out.push({ area: "conditional access", id, change: "scope (users or applications) changed" });
    if (json(was.spec.grant) !== json(now.spec.grant) || json(was.spec.session) !== json(now.spec.session))
      out.push({ area: "conditional access", id, change: `controls ${json(was.spec.grant)} → ${json(now.spec.grant)}` });
    if (was.spec.excludeBreakGlass !== now.spec.excludeBreakGlass)
      out.push({ area: "conditional access", id, change: `break-glass exclusion ${was.spec.excludeBreakGlass} → ${now.spec.excludeBreakGlass}` });
  }
  const envB = byId(b?.environments);
  for (const [id, env] of byId(a?.environments)) {
    const o0 = json(envB.get(id)?.spec.overrides ?? {});
    const o1 = json(env.spec.overrides ?? {});
    if (envB.has(id) && o0 !== o1) out.push({ area: "environment", id, change: `overrides ${o0} → ${o1}` });
  }

  const pB = byId(b?.privilegedRoles);
  const pA = byId(a?.privilegedRoles);
  for (const [id, p] of pA) if (!pB.has(id)) out.push({ area: "privileged access", id, change: `added ${p.spec.directoryRole}` });
  for (const [id, p] of pB) if (!pA.has(id)) out.push({ area: "privileged access", id, change: `removed ${p.spec.directoryRole}` });
  for (const [id, now] of pA) {
    const was = pB.get(id);
    if (!was) continue;
    const people = (p: typeof now) =>
      new Map([
        ...p.spec.eligible.map((e) => [`eligible ${e.principal}`, json(e)] as const),
        ...p.spec.active.map((e) => [`ACTIVE ${e.principal}`, json(e)] as const),
      ]);
    const e0 = people(was);
    const e1 = people(now);
    for (const [k] of e1) if (!e0.has(k)) out.push({ area: "privileged access", id, change: `${k} added for ${now.spec.directoryRole}` });
    for (const [k] of e0) if (!e1.has(k)) out.push({ area: "privileged access", id, change: `${k} removed from ${now.spec.directoryRole}` });
    for (const [k, v] of e1) if (e0.has(k) && e0.get(k) !== v) out.push({ area: "privileged access", id, change: `${k} changed (${e0.get(k)} → ${v})` });
    if (json(was.spec.activation) !== json(now.spec.activation))
      out.push({ area: "privileged access", id, change: `activation ${json(was.spec.activation)} → ${json(now.spec.activation)}` });
  }

  const gB = byId(b?.groups);
  const gA = byId(a?.groups);
  for (const [id, g] of gA) if (!gB.has(id)) out.push({ area: "group", id, change: `added "${g.spec.displayName}"` });
  for (const [id, g] of gB) if (!gA.has(id)) out.push({ area: "group", id, change: `removed "${g.spec.displayName}"` });
  return out;
}

function describeApproval(a: { stages: { approvers: string[] }[] } | { none: true; reason: string }): string {
  return "stages" in a ? a.stages.map((s, i) => `stage ${i + 1}: ${s.approvers.join(" or ")}`).join("; ") : "none";
}

export interface ChangelogEntry {
  readonly commit: string;
  readonly author: string;
  readonly email: string;
  readonly date: string;
  readonly subject: string;
  readonly pullRequest?: number;
  readonly changes: readonly SemanticChange[];
}

const git = promisify(execFile);

/** The catalog at a revision (undefined when it did not exist or was invalid there). */
export async function catalogAt(root: string, ref: string): Promise<Catalog | undefined> {
  const files = await loadCatalogFilesAt(root, ref);
  return files && files.files.length ? fromFiles(files).catalog : undefined;
}

/**
 * Walks the git history of the catalog folders (oldest first) and gives, for every commit that changed them, who,
 * when, the pull request number where the message names one, and the semantic diff against its first parent.
 * The bounds are verified before (see `verifyRevisionOrDate`): a commit is passed as its ID, a date as `--since=`.
 */
export async function changelog(root: string, options: { since?: LogBound; until?: LogBound } = {}): Promise<ChangelogEntry[]> {
  // NUL between fields and records (-z): git never lets a name, address or subject hold one, so no committer text
  // can shift the fields that follow it.
  const args = ["-C", root, "log", "-z", "--reverse", "--first-parent", "--format=%H%x00%an%x00%ae%x00%aI%x00%s"];
  const { since, until } = options;
  if (since && "date" in since) args.push(`--since=${since.date}`);
  if (until && "date" in until) args.push(`--until=${until.date}`);
  const to = until && "commit" in until ? until.commit : "HEAD";
  const range = since && "commit" in since ? `${since.commit}..${to}` : to;
  args.push("--end-of-options", range, "--", "environments", "roles", "policies");
  const { stdout } = await git("git", args, { maxBuffer: 64 * 1024 * 1024 });
  const entries: ChangelogEntry[] = [];
  const fields = stdout.split("\0");
  for (let i = 0; i + 5 <= fields.length; i += 5) {
    const [commit, author, email, date, subject] = fields.slice(i, i + 5) as [string, string, string, string, string];
    const parent = await catalogAt(root, `${commit}^`).catch(() => undefined);
    const current = await catalogAt(root, commit);
    const pr = /(?:pull request #|\(#)(\d+)/.exec(subject)?.[1];
    entries.push({ commit, author, email, date, subject, ...(pr ? { pullRequest: Number(pr) } : {}), changes: semanticDiff(parent, current) });
  }
  return entries;
}

/**
 * The change record as Markdown. Authors, e-mail addresses and commit subjects are whatever a committer typed, and
 * changes quote catalog text: all of it is escaped, so only this function writes headings and list items.
 */
export function changelogMarkdown(entries: readonly ChangelogEntry[]): string {
  const lines = ["# Access change record", ""];
  for (const e of entries) {
    lines.push(
      `## ${mdText(e.date.slice(0, 10))} · ${mdText(e.subject)}`,
      "",
      `Commit ${mdCode(e.commit.slice(0, 12))} by ${mdText(e.author)} ${mdText(`<${e.email}>`)}${e.pullRequest ? ` · pull request #${e.pullRequest}` : ""}`,
      "",
    );
    if (e.changes.length === 0) lines.push("No change of access (formatting, comments or descriptions only).", "");
    lines.push(...semanticChangesMarkdown(e.changes));
    lines.push("");
  }
  return lines.join("\n");
}

/** One list item per semantic change: `- **approval** `fin-payment-approver`: approval … → …`. */
export function semanticChangesMarkdown(changes: readonly SemanticChange[]): string[] {
  return changes.map((c) => `- **${c.area}** ${mdCode(c.id)}: ${mdText(c.change)}`);
}

import type { CatalogIssue } from "./issue";

/** Issues of one kind listed per file; the rest are counted in one closing issue. */
export const MAX_ISSUES_PER_KIND = 25;

/**
 * Collects the issues of one file, listing the first {@link MAX_ISSUES_PER_KIND} of each kind (an issue code, or
 * a finer kind such as the schema check that failed). A hostile file (150,000 unknown keys) then costs bounded
 * work: callers pass a function that builds the issue, and it is called only while the kind is under its limit
 * (and once more, for where the unlisted ones start).
 */
export class IssueLimiter {
  private readonly counts = new Map<string, number>();
  private readonly firstUnlisted = new Map<string, CatalogIssue>();
  private readonly listed: CatalogIssue[] = [];

  /** Adds the issue `build` returns, unless this kind has reached its limit (then it is only counted). */
  add(kind: string, build: () => CatalogIssue): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= MAX_ISSUES_PER_KIND) this.listed.push(build());
    else if (n === MAX_ISSUES_PER_KIND + 1) this.firstUnlisted.set(kind, build());
  }

  /** The listed issues, then per kind one "… and N more" issue where the unlisted ones start. */
  issues(): CatalogIssue[] {
    const out = [...this.listed];
    for (const [kind, first] of this.firstUnlisted) {
      const more = this.counts.get(kind)! - MAX_ISSUES_PER_KIND;
      out.push({
        ...first,
        message: `… and ${more} more ${first.code} issue(s) of the same kind in this file, from here on (only the first ${MAX_ISSUES_PER_KIND} are listed).`,
        hint: "Fix the listed ones first: that many of one kind is usually one mistake repeated (a wrong indentation, a pasted block, a generated file).",
      });
    }
    return out;
  }
}

/**
 * The same limit over issues already built (the catalog-wide checks, which find problems across files): per file,
 * the first {@link MAX_ISSUES_PER_KIND} of each code in the given order, then one "… and N more" issue.
 */
export function limitPerFile(issues: readonly CatalogIssue[]): CatalogIssue[] {
  const byFile = new Map<string, IssueLimiter>();
  for (const issue of issues) {
    let limiter = byFile.get(issue.file);
    if (!limiter) byFile.set(issue.file, (limiter = new IssueLimiter()));
    limiter.add(issue.code, () => issue);
  }
  return [...byFile.values()].flatMap((l) => l.issues());
}

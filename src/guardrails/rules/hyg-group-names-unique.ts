import type { RuleContext, Violation } from "../types";
import { namedObjects, type NamedObject } from "../private/display-names";

/**
 * No two groups (security groups, role groups, PIM groups) share a display name, ignoring case. A duplicate of a
 * privileged group's name is IDAC-PRIV-014's finding, so it is not repeated here.
 */
export function hygGroupNamesUnique(ctx: RuleContext): Violation[] {
  const first = new Map<string, NamedObject>();
  const out: Violation[] = [];
  for (const o of namedObjects(ctx).filter((x) => x.group)) {
    const key = o.name.toLowerCase();
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, o);
      continue;
    }
    if (earlier.privileged || o.privileged) continue;
    const where = `${earlier.entry.source.file}:${earlier.entry.source.locate(earlier.path).line}`;
    out.push({
      at: o.entry.source.locate(o.path),
      entry: { section: o.section, id: o.entry.id },
      message:
        `${o.what.charAt(0).toUpperCase()}${o.what.slice(1)} is named '${o.name}', ` +
        `like ${earlier.what} (${where}): people picking a group by name cannot tell them apart.`,
    });
  }
  return out;
}

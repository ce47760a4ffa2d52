import type { RuleContext, Violation } from "../types";
import { lookAlikeKeys, unusualCharacters } from "../private/confusables";
import { namedObjects, type NamedObject } from "../private/display-names";

/**
 * No group, role group, PIM group, access package, administrative unit or conditional access policy carries the
 * display name of a privileged group (a PIM group or a role-assignable group), exactly (ignoring case) or as a
 * look-alike (NFKC, invisible characters, Unicode confusable skeletons of UTS #39). Names are compared as the
 * environment shows them, prefix included. A copy is reported on the copy; two privileged groups that look alike on
 * the later one.
 */
export function privNoLookAlikeGroupNames(ctx: RuleContext): Violation[] {
  const objects = namedObjects(ctx);
  const privileged = new Map<string, { object: NamedObject; index: number }[]>();
  objects.forEach((object, index) => {
    if (!object.privileged) return;
    for (const key of lookAlikeKeys(object.name)) privileged.set(key, [...(privileged.get(key) ?? []), { object, index }]);
  });
  const out: Violation[] = [];
  objects.forEach((o, i) => {
    const seen = new Set<NamedObject>();
    for (const key of lookAlikeKeys(o.name)) {
      for (const { object: p, index } of privileged.get(key) ?? []) {
        if (seen.has(p) || p.entry === o.entry || (o.privileged && index > i)) continue;
        seen.add(p);
        out.push({ at: o.entry.source.locate(o.path), entry: { section: o.section, id: o.entry.id }, message: describe(o, p) });
      }
    }
  });
  return out;
}

function describe(o: NamedObject, p: NamedObject): string {
  const where = `${p.entry.source.file}:${p.entry.source.locate(p.path).line}`;
  if (o.name.toLowerCase() === p.name.toLowerCase()) {
    return `${capitalize(o.what)} is named '${o.name}', the display name of ${p.what} (${where}): a reviewer or an approver cannot tell them apart.`;
  }
  const unusual = unusualCharacters(o.name);
  return (
    `${capitalize(o.what)} is named '${o.name}', which looks like '${p.name}', the ` +
    `display name of ${p.what} (${where})` +
    `${unusual.length ? `; it contains ${unusual.join(", ")}` : ""}.`
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

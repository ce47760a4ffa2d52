/**
 * Catalog IDs for imported objects: readable (from the display name, or the mail nickname when it already is a
 * catalog ID), unique within their kind, and stable across re-imports — an object imported before keeps the ID its
 * catalog entry has (found through the entry's `importFrom`), and new objects are numbered in object-ID order, so
 * the same export always gives the same IDs.
 */
export class IdAllocator {
  private readonly taken = new Set<string>();
  private readonly byObject = new Map<string, string>();

  /** @param pinned object ID → catalog ID of entries imported before (their `importFrom`). */
  constructor(pinned: ReadonlyMap<string, string> = new Map()) {
    for (const [objectId, id] of pinned) {
      this.byObject.set(objectId.toLowerCase(), id);
      this.taken.add(id);
    }
  }

  /** Allocates IDs for objects, visiting them in object-ID order so numbering never depends on export order. */
  allocate(objects: readonly { objectId: string; preferred: string }[]): Map<string, string> {
    const out = new Map<string, string>();
    const fresh = [...objects].sort((a, b) => a.objectId.localeCompare(b.objectId));
    for (const o of fresh) {
      const pinned = this.byObject.get(o.objectId.toLowerCase());
      if (pinned) out.set(o.objectId, pinned);
    }
    for (const o of fresh) {
      if (out.has(o.objectId)) continue;
      const base = o.preferred;
      let id = base;
      for (let n = 2; this.taken.has(id); n++) id = `${base.slice(0, 60)}-${n}`;
      this.taken.add(id);
      this.byObject.set(o.objectId.toLowerCase(), id);
      out.set(o.objectId, id);
    }
    return out;
  }
}

const CATALOG_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** A catalog ID from a display name: ASCII letters and digits, words joined with hyphens, at most 56 characters. */
export function slug(displayName: string, fallback: string): string {
  const words = displayName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let id = "";
  for (const w of words) {
    const next = id ? `${id}-${w}` : w;
    if (next.length > 56) break;
    id = next;
  }
  if (!id) return fallback;
  return /^[a-z]/.test(id) ? id : `${fallback}-${id}`.slice(0, 56).replace(/-+$/, "");
}

/** Whether a string can be used as a catalog ID as it is. */
export function isCatalogId(s: string | null | undefined): s is string {
  return typeof s === "string" && s.length <= 64 && CATALOG_ID.test(s);
}

import type { z } from "zod";
import type { BusinessRoleAdoption, BusinessRoleSpec, PrivilegedRoleSpec } from "../schema/catalog";

/**
 * What a business role adopts (`importFrom`), with a bare object ID read as its role group. Shared by the constructs
 * (import blocks) and the brownfield expected tenant (object IDs), so both read `importFrom` the same way.
 */
export function roleAdoption(spec: BusinessRoleSpec): z.infer<typeof BusinessRoleAdoption> | undefined {
  const from = spec.importFrom;
  return typeof from === "string" ? { group: from } : from;
}

/** What a privileged role adopts, with a bare object ID read as its PIM group. */
export function pimAdoption(spec: PrivilegedRoleSpec): { group: string; roleAssignment?: string } | undefined {
  const from = spec.importFrom;
  return typeof from === "string" ? { group: from } : from;
}

/** One existing object an entry adopts: where `importFrom` names it (relative to the entry) and its ID as a key. */
export interface AdoptedObject {
  readonly path: readonly (string | number)[];
  /** The ID as written. */
  readonly id: string;
  /** The ID compared case-insensitively (object IDs are GUIDs; a PIM schedule by its own ID, the last part). */
  readonly key: string;
}

/**
 * Every existing object an entry's `importFrom` names: the object itself, or for a business role its role group,
 * access package, assignment policy, resource role scope and app role assignments, and for a privileged role its
 * PIM group, directory role assignment and the PIM schedules of its eligible and active members.
 */
export function adoptedObjects(spec: {
  importFrom?: unknown;
  eligible?: readonly { importFrom?: string | undefined }[];
  active?: readonly { importFrom?: string | undefined }[];
}): AdoptedObject[] {
  const out: AdoptedObject[] = [];
  const add = (path: readonly (string | number)[], id: string | undefined, key = id?.toLowerCase()) => {
    if (id !== undefined && key !== undefined) out.push({ path, id, key });
  };
  const from = spec.importFrom;
  if (typeof from === "string") add(["importFrom"], from);
  else if (from && typeof from === "object") {
    for (const [field, value] of Object.entries(from as Record<string, unknown>)) {
      if (typeof value === "string") add(["importFrom", field], value);
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) if (typeof v === "string") add(["importFrom", field, k], v);
    }
  }
  // A schedule may be written as Graph returns it (<group>_member_<id>) or by its own ID: both name the same schedule.
  const schedule = (id: string | undefined) => id?.toLowerCase().split("_").pop();
  spec.eligible?.forEach((e, i) => add(["eligible", i, "importFrom"], e.importFrom, schedule(e.importFrom)));
  spec.active?.forEach((a, i) => add(["active", i, "importFrom"], a.importFrom, schedule(a.importFrom)));
  return out;
}

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

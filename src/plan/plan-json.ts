import { z } from "zod";

/**
 * The parts of Terraform's JSON plan (`terraform show -json <planfile>`) that plan review reads.
 * @see https://developer.hashicorp.com/terraform/internals/json-format
 */
const Change = z.looseObject({
  actions: z.array(z.enum(["no-op", "create", "read", "update", "delete", "forget"])),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
  /** Present when the change imports an existing object (an `import` block); `id` is the import ID. */
  importing: z.looseObject({ id: z.string().optional() }).optional(),
});

export const ResourceChange = z.looseObject({
  address: z.string(),
  module_address: z.string().optional(),
  mode: z.enum(["managed", "data"]),
  type: z.string(),
  name: z.string(),
  index: z.unknown().optional(),
  change: Change,
  action_reason: z.string().optional(),
});

export const PlanJson = z.looseObject({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  resource_changes: z.array(ResourceChange).default([]),
  resource_drift: z.array(ResourceChange).default([]),
  configuration: z.unknown().optional(),
});

export type PlanJson = z.infer<typeof PlanJson>;
export type ResourceChange = z.infer<typeof ResourceChange>;

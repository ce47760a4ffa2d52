import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * Microsoft Graph v1.0 JSON as an export holds it: one or more pages per collection, each `{ value: [...],
 * "@odata.nextLink"?: … }`, in `<dir>/<collection>.json` or `<dir>/<collection>/*.json`. Only the properties the
 * clean-up report reads are checked; everything else (and every `@odata.*` annotation) is kept as is.
 * @see https://learn.microsoft.com/graph/api/resources/group
 */
const DirectoryObject = z.looseObject({ id: z.string(), "@odata.type": z.string().optional(), displayName: z.string().nullish(), userPrincipalName: z.string().nullish() });

export const GraphGroup = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  securityEnabled: z.boolean().nullish(),
  isAssignableToRole: z.boolean().nullish(),
  groupTypes: z.array(z.string()).default([]),
  membershipRule: z.string().nullish(),
  owners: z.array(DirectoryObject).default([]),
  members: z.array(DirectoryObject).default([]),
});

export const GraphRoleAssignment = z.looseObject({
  id: z.string(),
  roleDefinitionId: z.string(),
  principalId: z.string(),
  directoryScopeId: z.string().default("/"),
  principal: DirectoryObject.nullish(),
});

export const GraphRoleAssignmentSchedule = z.looseObject({
  id: z.string(),
  roleDefinitionId: z.string(),
  principalId: z.string(),
  assignmentType: z.string().nullish(),
  memberType: z.string().nullish(),
  scheduleInfo: z.looseObject({ expiration: z.looseObject({ type: z.string().nullish(), endDateTime: z.string().nullish() }).nullish() }).nullish(),
});

export const GraphConditionalAccessPolicy = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  state: z.string(),
  conditions: z.looseObject({
    users: z.looseObject({ includeUsers: z.array(z.string()).default([]), excludeUsers: z.array(z.string()).default([]), includeGroups: z.array(z.string()).default([]), excludeGroups: z.array(z.string()).default([]), includeRoles: z.array(z.string()).default([]), excludeRoles: z.array(z.string()).default([]) }),
  }),
});

export const GraphAccessPackage = z.looseObject({ id: z.string(), displayName: z.string() });
export const GraphAssignmentPolicy = z.looseObject({
  id: z.string(),
  displayName: z.string().nullish(),
  accessPackage: z.looseObject({ id: z.string() }).nullish(),
  expiration: z.looseObject({ type: z.string().nullish() }).nullish(),
  reviewSettings: z.looseObject({ isEnabled: z.boolean().nullish() }).nullish(),
});

const Page = z.looseObject({ value: z.array(z.unknown()), "@odata.nextLink": z.string().nullish() });

export const COLLECTIONS = {
  groups: GraphGroup,
  roleAssignments: GraphRoleAssignment,
  roleAssignmentSchedules: GraphRoleAssignmentSchedule,
  conditionalAccessPolicies: GraphConditionalAccessPolicy,
  accessPackages: GraphAccessPackage,
  assignmentPolicies: GraphAssignmentPolicy,
} as const;

export type GraphExport = { [K in keyof typeof COLLECTIONS]: z.infer<(typeof COLLECTIONS)[K]>[] };

export class GraphExportError extends Error {}

/** Reads an export folder; a bad file fails with its name and the JSON path of the problem. */
export async function readGraphExport(dir: string): Promise<GraphExport> {
  const out = {} as GraphExport;
  for (const [name, schema] of Object.entries(COLLECTIONS) as [keyof GraphExport, z.ZodType][]) {
    const files: string[] = [];
    const single = path.join(dir, `${name}.json`);
    try {
      await readFile(single);
      files.push(single);
    } catch {
      try {
        for (const f of (await readdir(path.join(dir, name))).filter((x) => x.endsWith(".json")).sort()) files.push(path.join(dir, name, f));
      } catch {
        /* collection not exported */
      }
    }
    const items: unknown[] = [];
    for (const file of files) {
      let data: unknown;
      try {
        data = JSON.parse(await readFile(file, "utf8"));
      } catch (err) {
        throw new GraphExportError(`${file}: not JSON (${(err as Error).message})`);
      }
      const page = Page.safeParse(data);
      if (!page.success) throw new GraphExportError(`${file}: expected a Graph collection page {"value": [...]}`);
      page.data.value.forEach((item, i) => {
        const parsed = schema.safeParse(item);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new GraphExportError(`${file}: $.value[${i}].${issue.path.join(".")}: ${issue.message}`);
        }
        items.push(parsed.data);
      });
    }
    (out as Record<string, unknown[]>)[name] = items;
  }
  // Members exported per group (idac export writes groupMembers/<group id>-<n>.json pages).
  let memberFiles: string[] = [];
  try {
    memberFiles = (await readdir(path.join(dir, "groupMembers"))).filter((f) => f.endsWith(".json")).sort();
  } catch {
    /* members were expanded on the groups, or not exported */
  }
  for (const g of out.groups) {
    const mine = memberFiles.filter((f) => f.startsWith(`${g.id}-`));
    if (!mine.length) continue;
    const members = [];
    for (const f of mine) {
      const page = Page.safeParse(JSON.parse(await readFile(path.join(dir, "groupMembers", f), "utf8")));
      if (!page.success) throw new GraphExportError(`${path.join(dir, "groupMembers", f)}: expected a Graph collection page {"value": [...]}`);
      members.push(...page.data.value.map((m) => DirectoryObject.parse(m)));
    }
    (g as { members: unknown[] }).members = members;
  }
  return out;
}

import { formatPath, issueAt, type CatalogIssue, type SourceLocation } from "../errors/issue";
import { didYouMean } from "../errors/suggest";
import { adoptedObjects } from "../model/adoption";
import { directoryRoleName, findDirectoryRole, REFRESH_ROLE_TABLE_HINT, ROLE_TABLE_VERSION } from "../model/directory-roles";
import { compileMembershipRule } from "../model/membership-rule";
import { compileScopeRule } from "../model/graph/lifecycle-scope";
import type { AppRoleGrant, BusinessRole, Catalog, DirectoryRoleSetting, Entry, EntrySource, Group, LifecycleWorkflow, PrivilegedRole } from "../model/model";
import { BUILT_IN_STRENGTHS, CA_APP_KEYWORDS, ENTRY_SECTIONS, type CatalogFile, type EntrySection } from "../schema/catalog";
import type { ValidatedFile } from "../schema/validate";

/** Domain of entries in a file that declares none. */
export const DEFAULT_DOMAIN = "shared";

type Specs = { [S in EntrySection]: NonNullable<CatalogFile[S]>[number] };
type Raw = { [S in EntrySection]: Entry<Specs[S]>[] };

/** What a resolver check sees: every entry, indexed by section and ID. */
interface Context {
  readonly raw: Raw;
  readonly ids: { [S in EntrySection]: Map<string, Entry<Specs[S]>> };
  readonly issues: CatalogIssue[];
}

/**
 * Combines validated files into one catalog and checks it as a whole: duplicate IDs, references, role cycles,
 * directory role names, and combinations that cannot be built. Returns the model only when there is no error.
 */
export function resolveCatalog(files: readonly ValidatedFile[]): { catalog?: Catalog; issues: CatalogIssue[] } {
  const raw = collect(files);
  const issues: CatalogIssue[] = [];
  const ids = Object.fromEntries(ENTRY_SECTIONS.map((s) => [s, new Map()])) as Context["ids"];
  const ctx: Context = { raw, ids, issues };
  noDuplicateIds(ctx);
  for (const check of CHECKS) check(ctx);
  const guardrails = guardrailConfig(files, issues);
  const people = peopleConfig(files, issues);
  if (issues.some((i) => i.severity === "error")) return { issues };
  return { catalog: { ...build(ctx), guardrails, ...(people ? { people } : {}) }, issues };
}

// ─── Collecting ──────────────────────────────────────────────────────────────────────────────────────────

function collect(files: readonly ValidatedFile[]): Raw {
  const raw = Object.fromEntries(ENTRY_SECTIONS.map((s) => [s, []])) as unknown as Raw;
  for (const { source, content } of files) {
    const domain = content.domain ?? DEFAULT_DOMAIN;
    for (const section of ENTRY_SECTIONS) {
      const list = (content[section] ?? []) as { id: string }[];
      list.forEach((spec, index) => {
        const base = [section, index];
        const at = source.locate(base);
        const entrySource: EntrySource = { ...at, locate: (sub, opts) => source.locate([...base, ...sub], opts) };
        (raw[section] as Entry<{ id: string }>[]).push({ id: spec.id, spec, domain, source: entrySource });
      });
    }
  }
  for (const section of ENTRY_SECTIONS) {
    // Sorting by ID (then by file for duplicates) makes every later step independent of file names and order.
    (raw[section] as Entry<{ id: string }>[]).sort((a, b) => cmp(a.id, b.id) || cmp(a.source.file, b.source.file) || a.source.line - b.source.line);
  }
  return raw;
}

// ─── Checks (tier 2: the catalog as a whole) ─────────────────────────────────────────────────────────────

const SECTION_NOUN: Record<EntrySection, string> = {
  environments: "environment",
  administrativeUnits: "administrative unit",
  applications: "application",
  groups: "group",
  accessPackageCatalogs: "access package catalog",
  businessRoles: "business role",
  privilegedRoles: "privileged role",
  namedLocations: "named location",
  authenticationStrengths: "authentication strength",
  conditionalAccessPolicies: "conditional access policy",
  sodRules: "SoD rule",
  lifecycleWorkflows: "lifecycle workflow",
  authenticationMethodsPolicies: "authentication methods policy",
  directoryRoleSettings: "directory role setting",
  personas: "persona",
  accessReviews: "access review",
};

function noDuplicateIds(ctx: Context): void {
  for (const section of ENTRY_SECTIONS) {
    const seen = ctx.ids[section] as Map<string, Entry<{ id: string }>>;
    for (const entry of ctx.raw[section] as Entry<{ id: string }>[]) {
      const first = seen.get(entry.id);
      if (first) {
        ctx.issues.push(
          issueAt(
            entry.source.locate(["id"]),
            "CATALOG_DUPLICATE_ID",
            `Duplicate ${SECTION_NOUN[section]} ID '${entry.id}': already declared at ${first.source.file}:${first.source.line}.`,
            "IDs must be unique within their kind; rename one of them (IDs become Terraform addresses).",
          ),
        );
      } else seen.set(entry.id, entry);
    }
  }
}

function atLeastOneEnvironment(ctx: Context): void {
  if (ctx.raw.environments.length === 0) {
    ctx.issues.push({
      code: "CATALOG_NO_ENVIRONMENT",
      severity: "error",
      file: "environments",
      line: 1,
      col: 1,
      path: "environments",
      message: "The catalog declares no environment, so there is nothing to synthesize.",
      hint: "Add environments/<name>.yaml with an 'environments:' list (tenant ID, break-glass accounts, backend).",
    });
  }
}

function referencesExist(ctx: Context): void {
  // The entry whose references are being checked: an entry that stays may not point at one being retired.
  let from: Entry<{ id: string; retire?: string | undefined }> | undefined;
  const ref = (section: EntrySection, id: string, at: SourceLocation, what: string) => {
    const target = ctx.ids[section].get(id) as Entry<{ id: string; retire?: string | undefined }> | undefined;
    if (target) {
      if (target.spec.retire && !from?.spec.retire) {
        ctx.issues.push(
          issueAt(
            at,
            "CATALOG_INVALID_REFERENCE",
            `${what} '${id}' is retired (retire: ${target.spec.retire}) but is still referenced here.`,
            `Remove this reference, or retire this entry too.`,
          ),
        );
      }
      return true;
    }
    const suggestion = didYouMean(id, ctx.ids[section].keys());
    ctx.issues.push(
      issueAt(
        at,
        "CATALOG_UNKNOWN_REFERENCE",
        `${what} '${id}' is not declared in the catalog.`,
        suggestion ? `Did you mean '${suggestion}'?` : `Declare a ${SECTION_NOUN[section]} with id '${id}', or correct the reference.`,
      ),
    );
    return false;
  };
  const approver = (value: string, at: SourceLocation) => {
    if (value.startsWith("group:")) ref("groups", value.slice("group:".length), at, "Group");
  };
  const appRole = (value: string, at: SourceLocation) => {
    const [app, role] = value.split("/") as [string, string];
    if (!ref("applications", app, at, "Application")) return;
    const roles = ctx.ids.applications.get(app)!.spec.appRoles.map((r) => r.id);
    if (!roles.includes(role)) {
      const suggestion = didYouMean(role, roles);
      ctx.issues.push(
        issueAt(
          at,
          "CATALOG_UNKNOWN_REFERENCE",
          `Application '${app}' has no app role '${role}'.`,
          suggestion ? `Did you mean '${app}/${suggestion}'?` : `Add the app role under applications '${app}' appRoles, or correct the reference.`,
        ),
      );
    }
  };

  for (const g of ctx.raw.groups) {
    from = g;
    if (g.spec.administrativeUnit) ref("administrativeUnits", g.spec.administrativeUnit, g.source.locate(["administrativeUnit"]), "Administrative unit");
  }
  for (const r of ctx.raw.businessRoles) {
    from = r;
    const e = r.spec.entitlements;
    e.groups.forEach((id, i) => ref("groups", id, r.source.locate(["entitlements", "groups", i]), "Group"));
    e.roles.forEach((id, i) => ref("businessRoles", id, r.source.locate(["entitlements", "roles", i]), "Business role"));
    e.appRoles.forEach((v, i) => appRole(v, r.source.locate(["entitlements", "appRoles", i])));
    const a = r.spec.assignment;
    if (a?.type === "request") {
      ref("accessPackageCatalogs", a.catalog, r.source.locate(["assignment", "catalog"]), "Access package catalog");
      a.requestors.groups.forEach((id, i) => ref("groups", id, r.source.locate(["assignment", "requestors", "groups", i]), "Group"));
      if ("stages" in a.approval) {
        a.approval.stages.forEach((s, si) => {
          s.approvers.forEach((v, i) => approver(v, r.source.locate(["assignment", "approval", "stages", si, "approvers", i])));
          s.backupApprovers.forEach((v, i) => approver(v, r.source.locate(["assignment", "approval", "stages", si, "backupApprovers", i])));
          s.escalation?.approvers.forEach((v, i) => approver(v, r.source.locate(["assignment", "approval", "stages", si, "escalation", "approvers", i])));
        });
      }
      if (a.review && Array.isArray(a.review.reviewers)) {
        a.review.reviewers.forEach((v, i) => approver(v, r.source.locate(["assignment", "review", "reviewers", i])));
      }
    }
  }
  for (const p of ctx.raw.privilegedRoles) {
    from = p;
    if (p.spec.administrativeUnit) ref("administrativeUnits", p.spec.administrativeUnit, p.source.locate(["administrativeUnit"]), "Administrative unit");
    p.spec.activation.approvers?.forEach((v, i) => approver(v, p.source.locate(["activation", "approvers", i])));
  }
  // Governance: access reviews, lifecycle workflows, authentication methods, directory role settings.
  for (const r of ctx.raw.accessReviews) {
    from = r;
    const t = r.spec.target;
    const at = r.source.locate(["target", Object.keys(t)[0]!]);
    if (t.role !== undefined) ref("businessRoles", t.role, at, "Business role");
    else if (t.privilegedRole !== undefined) ref("privilegedRoles", t.privilegedRole, at, "Privileged role");
    else if (t.group !== undefined) ref("groups", t.group, at, "Group");
    else if (t.application !== undefined) ref("applications", t.application, at, "Application");
    if (Array.isArray(r.spec.reviewers)) r.spec.reviewers.forEach((v, i) => approver(v, r.source.locate(["reviewers", i])));
  }
  for (const w of ctx.raw.lifecycleWorkflows) {
    from = w;
    w.spec.tasks.forEach((t, ti) => t.groups?.forEach((id, i) => ref("groups", id, w.source.locate(["tasks", ti, "groups", i]), "Group")));
  }
  for (const p of ctx.raw.authenticationMethodsPolicies) {
    from = p;
    for (const method of ["passkeys", "microsoftAuthenticator", "temporaryAccessPass", "sms", "voice", "registrationCampaign"] as const) {
      const m = p.spec[method];
      if (!m) continue;
      m.groups?.forEach((id, i) => ref("groups", id, p.source.locate([method, "groups", i]), "Group"));
      m.excludeGroups.forEach((id, i) => ref("groups", id, p.source.locate([method, "excludeGroups", i]), "Group"));
    }
  }
  for (const d of ctx.raw.directoryRoleSettings) {
    from = d;
    d.spec.activation.approvers?.forEach((v, i) => approver(v, d.source.locate(["activation", "approvers", i])));
  }
  for (const c of ctx.raw.conditionalAccessPolicies) {
    from = c;
    for (const side of ["include", "exclude"] as const) {
      c.spec.users[side].groups.forEach((id, i) => ref("groups", id, c.source.locate(["users", side, "groups", i]), "Group"));
    }
    const apps = c.spec.applications;
    if ("include" in apps) {
      for (const side of ["include", "exclude"] as const) {
        apps[side].forEach((t, i) => {
          if (!(CA_APP_KEYWORDS as readonly string[]).includes(t)) ref("applications", t, c.source.locate(["applications", side, i]), "Application");
        });
      }
    }
    const workloads = c.spec.clientApplications;
    if (workloads) {
      for (const side of ["include", "exclude"] as const) {
        workloads[side].forEach((t, i) => {
          if (t !== "ServicePrincipalsInMyTenant") ref("applications", t, c.source.locate(["clientApplications", side, i]), "Application");
        });
      }
    }
    if (c.spec.locations) {
      for (const side of ["include", "exclude"] as const) {
        c.spec.locations[side].forEach((l, i) => {
          if (l !== "All" && l !== "AllTrusted") ref("namedLocations", l, c.source.locate(["locations", side, i]), "Named location");
        });
      }
    }
    const strength = c.spec.grant?.authenticationStrength;
    if (strength && !(BUILT_IN_STRENGTHS as readonly string[]).includes(strength)) {
      const at = c.source.locate(["grant", "authenticationStrength"]);
      if (ctx.ids.authenticationStrengths.has(strength)) ref("authenticationStrengths", strength, at, "Authentication strength");
      else {
        const suggestion = didYouMean(strength, [...BUILT_IN_STRENGTHS, ...ctx.ids.authenticationStrengths.keys()]);
        ctx.issues.push(
          issueAt(
            at,
            "CATALOG_UNKNOWN_REFERENCE",
            `Authentication strength '${strength}' is neither built in (${BUILT_IN_STRENGTHS.join(", ")}) nor declared in the catalog.`,
            suggestion ? `Did you mean '${suggestion}'?` : "Declare it under authenticationStrengths, or use a built-in strength.",
          ),
        );
      }
    }
  }
  from = undefined;
  for (const env of ctx.raw.environments) {
    for (const id of Object.keys(env.spec.overrides?.conditionalAccessPolicies ?? {})) {
      ref("conditionalAccessPolicies", id, env.source.locate(["overrides", "conditionalAccessPolicies", id], { key: true }), "Conditional access policy");
    }
  }
  from = undefined;
  for (const p of ctx.raw.personas) {
    p.spec.groups.forEach((id, i) => ref("groups", id, p.source.locate(["groups", i]), "Group"));
    p.spec.requestedRoles.forEach((id, i) => ref("businessRoles", id, p.source.locate(["requestedRoles", i]), "Business role"));
  }
  for (const s of ctx.raw.sodRules) {
    s.spec.conflictingSets.forEach((set, si) =>
      set.entitlements.forEach((value, i) => {
        const at = s.source.locate(["conflictingSets", si, "entitlements", i]);
        const [kind, id] = splitOnce(value, ":");
        if (kind === "role") ref("businessRoles", id, at, "Business role");
        else if (kind === "group") ref("groups", id, at, "Group");
        else if (kind === "privilegedRole") ref("privilegedRoles", id, at, "Privileged role");
        else appRole(id, at);
      }),
    );
  }
}

// --- access reviews, SoD enforcement, automatic assignment ---
/**
 * An access review of a business role reviews its role group, which a building block (no assignment) does not have;
 * reviewers asked by relation need fallback reviewers. (That targets and reviewer groups exist: referencesExist.)
 */
function accessReviewsCanBeCarriedOut(ctx: Context): void {
  for (const r of ctx.raw.accessReviews) {
    const role = r.spec.target.role;
    const target = role === undefined ? undefined : (ctx.ids.businessRoles.get(role) as Entry<{ id: string; assignment?: unknown }> | undefined);
    if (target && target.spec.assignment === undefined)
      ctx.issues.push(
        issueAt(
          r.source.locate(["target", "role"]),
          "CATALOG_INVALID_REFERENCE",
          `Business role '${role}' is a building block (no assignment), so it has no role group whose members could be reviewed.`,
          "Review a role that people hold (birthright or request), or the groups this building block grants.",
        ),
      );
    const reviewers = r.spec.reviewers;
    if ((reviewers === "manager" || reviewers === "owners") && r.spec.fallbackReviewers.length === 0)
      ctx.issues.push(
        issueAt(
          r.source.locate(["reviewers"]),
          "CATALOG_CONFLICT",
          `Access review '${r.id}' asks ${reviewers === "manager" ? "each person's manager" : "the owners"} but names no fallback reviewers: people without ${reviewers === "manager" ? "a manager" : "owners to review them"} would never be reviewed.`,
          "Add fallbackReviewers: [someone@your-domain] (people who review when there is no manager or owner).",
        ),
      );
  }
}

/** An incompatible SoD rule is enforced through access packages: it needs at least one requestable role in one of its sets. */
function incompatibleRulesHaveRequestableRoles(ctx: Context): void {
  for (const rule of ctx.raw.sodRules) {
    if (rule.spec.enforcement !== "incompatible") continue;
    const requestable = rule.spec.conflictingSets.some((set) =>
      set.entitlements.some((e) => e.startsWith("role:") && (ctx.ids.businessRoles.get(e.slice("role:".length))?.spec.assignment?.type ?? "") === "request"),
    );
    if (!requestable)
      ctx.issues.push(
        issueAt(
          rule.source.locate(["enforcement"]),
          "CATALOG_CONFLICT",
          `SoD rule '${rule.id}' is enforced as incompatible, but none of its sets names a requestable business role (role:<id> with assignment type request): Entra enforces incompatibility only on access packages.`,
          "Name the requestable roles in the sets (role:<id>), or use enforcement: reportOnly.",
        ),
      );
  }
}
// --- end access reviews, SoD enforcement, automatic assignment ---

/** Every role a privileged role, a CA policy or a persona names is a built-in role, by name or template ID. */
function directoryRolesExist(ctx: Context): void {
  const check = (reference: string, at: SourceLocation) => {
    const issue = directoryRoleIssue(reference, at);
    if (issue) ctx.issues.push(issue);
  };
  for (const p of ctx.raw.privilegedRoles) check(p.spec.directoryRole, p.source.locate(["directoryRole"]));
  for (const c of ctx.raw.conditionalAccessPolicies) {
    for (const side of ["include", "exclude"] as const) c.spec.users[side].roles.forEach((r, i) => check(r, c.source.locate(["users", side, "roles", i])));
  }
  for (const p of ctx.raw.personas) p.spec.directoryRoles.forEach((r, i) => check(r, p.source.locate(["directoryRoles", i])));
  for (const d of ctx.raw.directoryRoleSettings) check(d.spec.directoryRole, d.source.locate(["directoryRole"]));
}

/** One authentication methods policy per tenant, and one settings entry per directory role (each is one Graph object). */
function governanceSingletons(ctx: Context): void {
  const [first, ...more] = ctx.raw.authenticationMethodsPolicies;
  for (const p of more) {
    ctx.issues.push(
      issueAt(
        p.source.locate(["id"]),
        "CATALOG_CONFLICT",
        `A second authentication methods policy '${p.id}': the tenant has one, already declared as '${first!.id}' at ${first!.source.file}:${first!.source.line}.`,
        "Merge them into one entry under authenticationMethodsPolicies.",
      ),
    );
  }
  const byRole = new Map<string, Entry<{ id: string }>>();
  for (const d of ctx.raw.directoryRoleSettings) {
    const role = findDirectoryRole(d.spec.directoryRole).role;
    if (!role) continue;
    const seen = byRole.get(role.templateId);
    if (seen) {
      ctx.issues.push(
        issueAt(
          d.source.locate(["directoryRole"]),
          "CATALOG_CONFLICT",
          `Directory role ${role.name} already has settings in '${seen.id}' (${seen.source.file}:${seen.source.line}); a role has one PIM policy.`,
          "Keep one directoryRoleSettings entry per role.",
        ),
      );
    } else byRole.set(role.templateId, d);
  }
}

/**
 * Workflow tasks add people to (or remove them from) groups whose membership nobody else owns: Entra refuses members
 * of a dynamic group, and idac would undo on the next apply what a workflow did to a group whose membership it owns.
 */
function workflowGroupsAreUnmanaged(ctx: Context): void {
  for (const w of ctx.raw.lifecycleWorkflows) {
    w.spec.tasks.forEach((t, ti) =>
      t.groups?.forEach((id, i) => {
        const g = ctx.ids.groups.get(id);
        if (!g) return;
        const m = g.spec.membership;
        if (m.type === "assigned" && !m.managed) return;
        ctx.issues.push(
          issueAt(
            w.source.locate(["tasks", ti, "groups", i]),
            "CATALOG_CONFLICT",
            m.type === "dynamic"
              ? `Workflow '${w.id}' task ${t.task} changes the members of group '${id}', whose membership is dynamic; Entra refuses that.`
              : `Workflow '${w.id}' task ${t.task} changes the members of group '${id}', whose membership idac manages; the next apply would undo it.`,
            `Give group '${id}' membership { type: assigned, managed: false }, or grant the access with a business role instead.`,
          ),
        );
      }),
    );
  }
}

/** A workflow's HR conditions must be expressible as a Lifecycle Workflows scope rule. */
function workflowScopesCompile(ctx: Context): void {
  for (const w of ctx.raw.lifecycleWorkflows) {
    const compiled = compileScopeRule(w.spec.when);
    if ("error" in compiled) {
      ctx.issues.push(
        issueAt(
          w.source.locate(["when", compiled.attribute]),
          "CATALOG_CONFLICT",
          `Workflow '${w.id}': ${compiled.error}.`,
          "Use equals or in for this attribute (a list of the values instead of a prefix), or scope by another attribute.",
        ),
      );
    } else if (compiled.rule.length > MAX_RULE_LENGTH) {
      ctx.issues.push(
        issueAt(
          w.source.locate(["when"]),
          "CATALOG_CONFLICT",
          `The scope rule of workflow '${w.id}' compiles to ${compiled.rule.length} characters; idac keeps rules to ${MAX_RULE_LENGTH}.`,
          "Use fewer values, or a broader attribute.",
        ),
      );
    }
  }
}

/** The error for a reference that names no built-in role, or the warning for a former name; none for a role. */
export function directoryRoleIssue(reference: string, at: SourceLocation): CatalogIssue | undefined {
  const found = findDirectoryRole(reference);
  if (found.unknownTemplateId) {
    return issueAt(
      at,
      "CATALOG_UNKNOWN_DIRECTORY_ROLE",
      `'${reference}' is not the template ID of any built-in Microsoft Entra role in ${ROLE_TABLE_VERSION}.`,
      `If Microsoft added this role since, ${REFRESH_ROLE_TABLE_HINT}. Otherwise check ` +
        `the ID: it must be a built-in role's template ID (roleDefinitions templateId), not a ` +
        `custom role's ID; idac manages built-in roles only.`,
    );
  }
  if (!found.role) {
    return issueAt(
      at,
      "CATALOG_UNKNOWN_DIRECTORY_ROLE",
      `'${reference}' is not a built-in Microsoft Entra directory role.`,
      found.suggestions
        ? `Did you mean ${quotedAlternatives(found.suggestions)}?`
        : "Use the role's display name from Microsoft Entra built-in roles, e.g. 'User Administrator', or its template ID.",
    );
  }
  if (found.matched === "formerName") {
    return issueAt(
      at,
      "CATALOG_RENAMED_DIRECTORY_ROLE",
      `'${reference}' is a former name of the built-in role ${found.role.name} (${found.role.templateId}).`,
      `Write '${found.role.name}' (or its template ID); idac uses the role's current name.`,
      "warning",
    );
  }
  return undefined;
}

function noRoleCycles(ctx: Context): void {
  const state = new Map<string, "visiting" | "done">();
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === "done") return;
    const role = ctx.ids.businessRoles.get(id);
    if (!role) return;
    state.set(id, "visiting");
    role.spec.entitlements.roles.forEach((child, i) => {
      if (state.get(child) === "visiting") {
        const cycle = [...trail.slice(trail.indexOf(child)), id, child];
        const key = [...new Set(cycle)].sort().join(",");
        if (!reported.has(key)) {
          reported.add(key);
          ctx.issues.push(
            issueAt(
              role.source.locate(["entitlements", "roles", i]),
              "CATALOG_ROLE_CYCLE",
              `Business roles include each other in a cycle: ${cycle.join(" → ")}.`,
              `Remove '${child}' from the roles of '${id}', or restructure the roles so inclusion only goes one way.`,
            ),
          );
        }
      } else visit(child, [...trail, id]);
    });
    state.set(id, "done");
  };
  for (const r of ctx.raw.businessRoles) visit(r.id, []);
}

/** A business role's group is nested into the groups it grants; Entra allows that only for some groups. */
function grantedGroupsCanHoldRoleGroups(ctx: Context): void {
  for (const r of ctx.raw.businessRoles) {
    r.spec.entitlements.groups.forEach((id, i) => {
      const g = ctx.ids.groups.get(id);
      if (!g) return;
      const at = r.source.locate(["entitlements", "groups", i]);
      if (g.spec.membership.type === "dynamic") {
        ctx.issues.push(
          issueAt(
            at,
            "CATALOG_INVALID_REFERENCE",
            `Business role '${r.id}' grants group '${id}', whose membership is dynamic: a dynamic group cannot have members added.`,
            `Give '${id}' assigned membership, or add the role's population to its dynamic conditions instead.`,
          ),
        );
      } else if (g.spec.assignableToRole) {
        ctx.issues.push(
          issueAt(
            at,
            "CATALOG_INVALID_REFERENCE",
            `Business role '${r.id}' grants role-assignable group '${id}': Entra does not allow groups nested in role-assignable groups.`,
            "Grant privileged access through privilegedRoles (PIM eligibility) instead.",
          ),
        );
      }
    });
    const a = r.spec.assignment;
    if (a?.type === "request" && a.requestors.scope !== "groups" && a.requestors.groups.length > 0) {
      ctx.issues.push(
        issueAt(
          r.source.locate(["assignment", "requestors", "groups"]),
          "CATALOG_CONFLICT",
          `requestors.groups is set but requestors.scope is '${a.requestors.scope}', so the groups would be ignored.`,
          "Set requestors.scope: groups, or remove the groups.",
        ),
      );
    }
    if (a?.type === "request" && a.requestors.scope === "groups" && a.requestors.groups.length === 0) {
      ctx.issues.push(
        issueAt(
          r.source.locate(["assignment", "requestors"]),
          "CATALOG_CONFLICT",
          "requestors.scope is 'groups' but no groups are listed, so nobody could request the role.",
          "List the groups whose members may request it under requestors.groups.",
        ),
      );
    }
  }
}

function customStrengthsDoNotShadowBuiltIns(ctx: Context): void {
  for (const s of ctx.raw.authenticationStrengths) {
    if ((BUILT_IN_STRENGTHS as readonly string[]).includes(s.id)) {
      ctx.issues.push(
        issueAt(
          s.source.locate(["id"]),
          "CATALOG_CONFLICT",
          `Authentication strength ID '${s.id}' is the name of a built-in strength.`,
          `Choose another ID, e.g. '${s.id}-custom'.`,
        ),
      );
    }
  }
}

/** Mail nicknames must be unique in a tenant; idac derives them, so two entries could collide. */
function uniqueMailNicknames(ctx: Context): void {
  const seen = new Map<string, string>();
  const claim = (nickname: string, owner: string, at: SourceLocation) => {
    const key = nickname.toLowerCase();
    const previous = seen.get(key);
    if (previous && previous !== owner)
      ctx.issues.push(
        issueAt(at, "CATALOG_CONFLICT", `Mail nickname '${nickname}' of ${owner} is also used by ${previous}.`, "Set a distinct mailNickname on the group."),
      );
    else seen.set(key, owner);
  };
  for (const g of ctx.raw.groups) claim(groupMailNickname(g.spec), `group '${g.id}'`, g.source.locate([g.spec.mailNickname ? "mailNickname" : "id"]));
  for (const r of ctx.raw.businessRoles)
    if (r.spec.assignment) claim(roleGroupMailNickname(r.spec), `the role group of business role '${r.id}'`, r.source.locate(["id"]));
  for (const p of ctx.raw.privilegedRoles) claim(pimGroupMailNickname(p.spec), `the PIM group of privileged role '${p.id}'`, p.source.locate(["id"]));
}

/** A previous ID moves state from an old address: it must not be a current ID, nor claimed twice. */
function previousIdsAreUnambiguous(ctx: Context): void {
  for (const section of ENTRY_SECTIONS) {
    const claimed = new Map<string, string>();
    for (const entry of ctx.raw[section] as Entry<{ id: string; previousIds?: string[] | undefined }>[]) {
      (entry.spec.previousIds ?? []).forEach((prev, i) => {
        const at = entry.source.locate(["previousIds", i]);
        if (ctx.ids[section].has(prev)) {
          ctx.issues.push(
            issueAt(
              at,
              "CATALOG_CONFLICT",
              `Previous ID '${prev}' of ${SECTION_NOUN[section]} '${entry.id}' is the current ID of another ${SECTION_NOUN[section]}.`,
              "A previous ID must no longer be in use; remove it from previousIds.",
            ),
          );
        } else if (claimed.has(prev) && claimed.get(prev) !== entry.id) {
          ctx.issues.push(
            issueAt(
              at,
              "CATALOG_CONFLICT",
              `Previous ID '${prev}' is claimed by both '${claimed.get(prev)}' and '${entry.id}'.`,
              "State can move to one entry only; keep the previous ID on one of them.",
            ),
          );
        } else claimed.set(prev, entry.id);
      });
    }
  }
}

/** Entra (and the provider) accept dynamic membership rules of at most 3072 characters. */
function membershipRulesFit(ctx: Context): void {
  const check = (conditions: Parameters<typeof compileMembershipRule>[0], at: SourceLocation, what: string) => {
    const length = compileMembershipRule(conditions).length;
    if (length > MAX_RULE_LENGTH)
      ctx.issues.push(
        issueAt(
          at,
          "CATALOG_CONFLICT",
          `The membership rule of ${what} compiles to ${length} characters; Entra accepts at most ${MAX_RULE_LENGTH}.`,
          "Use fewer values, or a broader attribute (department instead of a list of job titles).",
        ),
      );
  };
  for (const g of ctx.raw.groups)
    if (g.spec.membership.type === "dynamic") check(g.spec.membership.when, g.source.locate(["membership", "when"]), `group '${g.id}'`);
  for (const r of ctx.raw.businessRoles)
    if (r.spec.assignment?.type === "birthright") check(r.spec.assignment.when, r.source.locate(["assignment", "when"]), `business role '${r.id}'`);
}

export const MAX_RULE_LENGTH = 3072;

/** Entra refuses dynamic membership on a role-assignable group: a rule could then put anybody into a role. */
function roleAssignableGroupsHaveAssignedMembership(ctx: Context): void {
  for (const g of ctx.raw.groups) {
    if (g.spec.assignableToRole && g.spec.membership.type === "dynamic") {
      ctx.issues.push(
        issueAt(
          g.source.locate(["membership", "type"]),
          "CATALOG_CONFLICT",
          `Group '${g.id}' is role-assignable (assignableToRole: true) and has dynamic membership; Entra refuses dynamic membership on role-assignable groups.`,
          "Give the group assigned membership (people listed under members, or privileged " +
            "access through privilegedRoles), or make it a group that is not role-assignable.",
        ),
      );
    }
  }
}

/**
 * Each existing object is adopted by one entry only: two entries adopting the same object would both manage it
 * (and one plan could destroy what the other imports). Object IDs compare case-insensitively.
 */
function eachObjectAdoptedOnce(ctx: Context): void {
  const first = new Map<string, { what: string; at: SourceLocation }>();
  for (const { section, entry } of allEntries(ctx)) {
    for (const o of adoptedObjects(entry.spec)) {
      const what = `${SECTION_NOUN[section]} '${entry.id}' (${formatPath(o.path)})`;
      const at = entry.source.locate(o.path);
      const previous = first.get(o.key);
      if (!previous) {
        first.set(o.key, { what, at });
        continue;
      }
      ctx.issues.push(
        issueAt(
          at,
          "CATALOG_DUPLICATE_IMPORT",
          `${capitalize(what)} adopts object ${o.id}, which ${previous.what} already adopts (${previous.at.file}:${previous.at.line}).`,
          "An object can be managed by one entry only: remove importFrom from one of them " +
            "(to move an object between entries, rename the ID with previousIds instead).",
        ),
      );
    }
  }
}

/** idac never manages an environment's emergency-access accounts or group, so no entry may adopt one. */
function breakGlassNeverAdopted(ctx: Context): void {
  const breakGlass = new Map<string, string>();
  for (const env of ctx.raw.environments) {
    env.spec.breakGlass.accounts.forEach((id) => breakGlass.set(id.toLowerCase(), `a break-glass account of environment '${env.id}'`));
    if (env.spec.breakGlass.group) breakGlass.set(env.spec.breakGlass.group.toLowerCase(), `the break-glass group of environment '${env.id}'`);
  }
  for (const { section, entry } of allEntries(ctx)) {
    for (const o of adoptedObjects(entry.spec)) {
      const hit = o.id
        .toLowerCase()
        .split(/[_/]/)
        .map((part) => breakGlass.get(part))
        .find((x) => x !== undefined);
      if (hit)
        ctx.issues.push(
          issueAt(
            entry.source.locate(o.path),
            "CATALOG_ADOPTS_BREAK_GLASS",
            `${capitalize(SECTION_NOUN[section])} '${entry.id}' adopts ${o.id} (` +
              `${formatPath(o.path)}), which is ${hit}: idac never manages emergency-access objects.`,
            "Remove this importFrom. Break-glass accounts and their group stay outside idac; they are only excluded from conditional access.",
          ),
        );
    }
  }
}

function allEntries(ctx: Context): { section: EntrySection; entry: Entry<{ id: string; importFrom?: unknown }> }[] {
  return ENTRY_SECTIONS.flatMap((section) => (ctx.raw[section] as Entry<{ id: string; importFrom?: unknown }>[]).map((entry) => ({ section, entry })));
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const CHECKS: readonly ((ctx: Context) => void)[] = [
  membershipRulesFit,
  previousIdsAreUnambiguous,
  atLeastOneEnvironment,
  referencesExist,
  directoryRolesExist,
  noRoleCycles,
  grantedGroupsCanHoldRoleGroups,
  customStrengthsDoNotShadowBuiltIns,
  uniqueMailNicknames,
  roleAssignableGroupsHaveAssignedMembership,
  eachObjectAdoptedOnce,
  breakGlassNeverAdopted,
  // --- access reviews, SoD enforcement, automatic assignment ---
  accessReviewsCanBeCarriedOut,
  incompatibleRulesHaveRequestableRoles,
  // --- end access reviews, SoD enforcement, automatic assignment ---
  governanceSingletons,
  workflowScopesCompile,
  workflowGroupsAreUnmanaged,
];

// ─── Naming shared by the resolver and the constructs ────────────────────────────────────────────────────

/**
 * The ID an entry was first created under: the last of its previous IDs (most recent first), or its ID. Mail
 * nicknames derive from it, because changing a mail nickname replaces the group: renaming an ID with
 * `previousIds` must not.
 */
function originalId(e: { id: string; previousIds?: readonly string[] | undefined }): string {
  return e.previousIds?.length ? e.previousIds[e.previousIds.length - 1]! : e.id;
}
export function groupMailNickname(g: { id: string; mailNickname?: string | undefined; previousIds?: readonly string[] | undefined }): string {
  return g.mailNickname ?? originalId(g);
}
export function roleGroupMailNickname(role: { id: string; previousIds?: readonly string[] | undefined }): string {
  return `role-${originalId(role)}`;
}
export function pimGroupMailNickname(role: { id: string; previousIds?: readonly string[] | undefined }): string {
  return `pim-${originalId(role)}`;
}

// ─── Building the model ──────────────────────────────────────────────────────────────────────────────────

/** The one file that holds the guardrail configuration, so that a code owner rule can protect it. */
export const GUARDRAILS_FILES = ["policies/guardrails.yaml", "policies/guardrails.yml"] as const;

function guardrailConfig(files: readonly ValidatedFile[], issues: CatalogIssue[]): Catalog["guardrails"] {
  const levels: Catalog["guardrails"]["levels"][number][] = [];
  const suppressions: Catalog["guardrails"]["suppressions"][number][] = [];
  let config: Omit<Catalog["guardrails"], "levels" | "suppressions"> = {
    suppressionMaxDays: 365,
    planGate: { maxDeletes: 0, maxChanges: 25, maxMembershipRemovals: 50 },
  };
  for (const { source, content } of files) {
    const g = content.guardrails;
    if (!g) continue;
    const at = source.locate(["guardrails"], { key: true });
    if (!(GUARDRAILS_FILES as readonly string[]).includes(source.file)) {
      issues.push(
        issueAt(
          at,
          "GUARDRAIL_MISPLACED",
          `The guardrail configuration is declared in ${source.file}; it belongs in ${GUARDRAILS_FILES[0]} only.`,
          `Move the 'guardrails:' section to ${GUARDRAILS_FILES[0]}, the file code owners ` +
            `protect (see docs/security.md); \`npx idac migrate --write\` moves it.`,
        ),
      );
      continue;
    }
    if (config.at) {
      issues.push(
        issueAt(
          at,
          "GUARDRAIL_MISPLACED",
          `The guardrail configuration is declared twice (also at ${config.at.file}:${config.at.line}).`,
          `Keep one ${GUARDRAILS_FILES[0]}.`,
        ),
      );
      continue;
    }
    config = { suppressionMaxDays: g.suppressionMaxDays, planGate: g.planGate, at };
    g.levels.forEach((l, i) => levels.push({ ...l, at: source.locate(["guardrails", "levels", i]) }));
    g.suppressions.forEach((s, i) => suppressions.push({ ...s, at: source.locate(["guardrails", "suppressions", i]) }));
  }
  const key = (x: { rule: string; at: SourceLocation }) => `${x.rule}|${x.at.file}|${String(x.at.line).padStart(8, "0")}`;
  return { ...config, levels: levels.sort((a, b) => cmp(key(a), key(b))), suppressions: suppressions.sort((a, b) => cmp(key(a), key(b))) };
}

/** The `people:` section: how HR snapshots are read. Declared once, in any file. */
function peopleConfig(files: readonly ValidatedFile[], issues: CatalogIssue[]): Catalog["people"] {
  let config: Catalog["people"];
  for (const { source, content } of files) {
    const p = content.people;
    if (!p) continue;
    const at = source.locate(["people"], { key: true });
    if (config) {
      issues.push(
        issueAt(
          at,
          "CATALOG_CONFLICT",
          `The people section is declared twice (also at ${config.at.file}:${config.at.line}).`,
          "Keep one people: section, in policies/people.yaml.",
        ),
      );
      continue;
    }
    config = { columns: p.columns, ignoreColumns: p.ignoreColumns, at };
  }
  return config;
}

function build(ctx: Context): Omit<Catalog, "guardrails" | "people"> {
  const { raw, ids } = ctx;
  const closure = new Map<string, string[]>();
  const included = (id: string): string[] => {
    const cached = closure.get(id);
    if (cached) return cached;
    const out = new Set<string>();
    for (const child of ids.businessRoles.get(id)!.spec.entitlements.roles) {
      out.add(child);
      for (const c of included(child)) out.add(c);
    }
    const sorted = [...out].sort(cmp);
    closure.set(id, sorted);
    return sorted;
  };

  const businessRoles: BusinessRole[] = raw.businessRoles.map((r) => {
    const roles = [r.id, ...included(r.id)];
    const groups = new Set<string>();
    const appRoles = new Map<string, AppRoleGrant>();
    for (const id of roles) {
      const spec = ids.businessRoles.get(id)!.spec;
      spec.entitlements.groups.forEach((g) => groups.add(g));
      for (const ref of spec.entitlements.appRoles) {
        const [app, role] = ref.split("/") as [string, string];
        const application = ids.applications.get(app)!.spec;
        const appRole = application.appRoles.find((x) => x.id === role)!;
        appRoles.set(ref, { application: app, appRole: role, appRoleId: appRole.appRoleId, clientId: application.clientId });
      }
    }
    const a = r.spec.assignment;
    return {
      ...r,
      effectiveGroups: [...groups].sort(cmp),
      effectiveAppRoles: [...appRoles.keys()].sort(cmp).map((k) => appRoles.get(k)!),
      includedRoles: included(r.id),
      hasRoleGroup: a !== undefined,
      ...(a?.type === "birthright" ? { membershipRule: compileMembershipRule(a.when) } : {}),
    };
  });

  const grantedBy = new Map<string, string[]>();
  for (const r of businessRoles) {
    if (!r.hasRoleGroup || r.spec.retire) continue;
    for (const g of r.effectiveGroups) grantedBy.set(g, [...(grantedBy.get(g) ?? []), r.id]);
  }
  const groups: Group[] = raw.groups.map((g) => ({
    ...g,
    grantedByRoles: (grantedBy.get(g.id) ?? []).sort(cmp),
    ...(g.spec.membership.type === "dynamic" ? { membershipRule: compileMembershipRule(g.spec.membership.when) } : {}),
  }));

  const privilegedRoles: PrivilegedRole[] = raw.privilegedRoles.map((p) => {
    const role = findDirectoryRole(p.spec.directoryRole).role!;
    return {
      ...p,
      spec: { ...p.spec, directoryRole: directoryRoleName(p.spec.directoryRole) },
      directoryRoleTemplateId: role.templateId,
      privileged: role.privileged || role.highlyPrivileged,
    };
  });
  const conditionalAccessPolicies = raw.conditionalAccessPolicies.map((c) => {
    const { include, exclude } = c.spec.users;
    return {
      ...c,
      spec: {
        ...c.spec,
        users: { include: { ...include, roles: directoryRoleNames(include.roles) }, exclude: { ...exclude, roles: directoryRoleNames(exclude.roles) } },
      },
    };
  });
  const personas = raw.personas.map((p) => ({ ...p, spec: { ...p.spec, directoryRoles: directoryRoleNames(p.spec.directoryRoles) } }));
  // Governance: lifecycle workflows, authentication methods, directory role settings.
  const lifecycleWorkflows: LifecycleWorkflow[] = raw.lifecycleWorkflows.map((w) => ({
    ...w,
    scopeRule: (compileScopeRule(w.spec.when) as { rule: string }).rule,
  }));
  const directoryRoleSettings: DirectoryRoleSetting[] = raw.directoryRoleSettings.map((d) => {
    const role = findDirectoryRole(d.spec.directoryRole).role!;
    return {
      ...d,
      spec: { ...d.spec, directoryRole: directoryRoleName(d.spec.directoryRole) },
      directoryRoleTemplateId: role.templateId,
      privileged: role.privileged || role.highlyPrivileged,
    };
  });

  const active = <T extends { spec: { retire?: string | undefined } }>(list: readonly T[]) => list.filter((e) => !e.spec.retire);
  const retired = <T extends { spec: { retire?: string | undefined } }>(list: readonly T[]) => list.filter((e) => e.spec.retire);
  return {
    environments: raw.environments,
    administrativeUnits: active(raw.administrativeUnits),
    applications: raw.applications,
    groups: active(groups),
    accessPackageCatalogs: active(raw.accessPackageCatalogs),
    businessRoles: active(businessRoles),
    privilegedRoles: active(privilegedRoles),
    namedLocations: active(raw.namedLocations),
    authenticationStrengths: active(raw.authenticationStrengths),
    conditionalAccessPolicies: active(conditionalAccessPolicies),
    sodRules: raw.sodRules,
    lifecycleWorkflows,
    authenticationMethodsPolicies: raw.authenticationMethodsPolicies,
    directoryRoleSettings,
    personas,
    accessReviews: active(raw.accessReviews),
    retired: {
      administrativeUnits: retired(raw.administrativeUnits),
      groups: retired(groups),
      accessPackageCatalogs: retired(raw.accessPackageCatalogs),
      businessRoles: retired(businessRoles),
      privilegedRoles: retired(privilegedRoles),
      namedLocations: retired(raw.namedLocations),
      authenticationStrengths: retired(raw.authenticationStrengths),
      conditionalAccessPolicies: retired(conditionalAccessPolicies),
      accessReviews: retired(raw.accessReviews),
    },
  };
}

/** `'A'`, or `one of 'A', 'B' or 'C'`. */
function quotedAlternatives(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  return q.length === 1 ? q[0]! : `one of ${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}`;
}

/**
 * Role references as the model keeps them: template IDs and former names become the role's current name, so every
 * message, report and comparison shows (and compares) names; a name stays as written. A role named twice goes once.
 */
export function directoryRoleNames(references: readonly string[]): string[] {
  const seen = new Set<string>();
  return references
    .filter((r) => {
      const id = findDirectoryRole(r).role!.templateId;
      return !seen.has(id) && seen.add(id);
    })
    .map(directoryRoleName);
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return [s.slice(0, i), s.slice(i + sep.length)];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

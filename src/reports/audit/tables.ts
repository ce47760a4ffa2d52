import { coverageMatrix } from "../../analysis/conditional-access/coverage";
import { cellsBy } from "../coverage";
import { runGuardrails } from "../../guardrails/engine";
import type { Rule } from "../../guardrails/types";
import { environmentView } from "../../model/environment";
import type { BusinessRole, Catalog } from "../../model/model";
import type { AccessReviewDefinitionSpec, ConditionalAccessPolicySpec } from "../../schema/catalog";
import type { HrConditions } from "../../schema/hr-conditions";
import { normalizeMatcher } from "../../model/membership-rule";
import { HR_ATTRIBUTES } from "../../schema/hr-conditions";
import { authenticationMethodsTable, directoryRoleSettingsTable, lifecycleWorkflowsTable } from "./lifecycle-and-methods";

/** A report table: fixed columns, one record per row, all values text (what CSV, Markdown and HTML all show). */
export interface Table {
  /** The report kind; person-level tables (people-access, leavers-residual-access) need an HR snapshot. */
  readonly kind: ReportKind | "people-access" | "leavers-residual-access";
  readonly title: string;
  readonly description: string;
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string>[];
}

export const REPORT_KINDS = [
  "access-matrix",
  "privileged-access",
  "access-reviews",
  "conditional-access",
  "coverage",
  "findings",
  // --- lifecycle workflows, authentication methods, directory role settings ---
  "lifecycle-workflows",
  "authentication-methods",
  "directory-role-settings",
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** HR conditions in words: "department is Finance and job title starts with Accountant, with an enabled account". */
function conditionsInWords(when: HrConditions): string {
  const parts: string[] = [];
  for (const attribute of Object.keys(HR_ATTRIBUTES)) {
    const m = when[attribute];
    if (m === undefined) continue;
    const n = normalizeMatcher(m);
    const name = attribute.replace(/([A-Z])/g, " $1").toLowerCase();
    const values = n.values.join(" or ");
    parts.push(
      n.op === "in"
        ? `${name} is ${values}`
        : n.op === "startsWith"
          ? `${name} starts with ${values}`
          : n.op === "notIn"
            ? `${name} is not ${values}`
            : `${name} does not start with ${values}`,
    );
  }
  return `${parts.length ? parts.join(" and ") : "anyone"}, with an enabled account`;
}

/** How people get a role, in words an auditor reads. */
function howObtained(role: BusinessRole): string {
  const a = role.spec.assignment;
  if (!a) return "building block (only through roles that include it)";
  if (a.type === "birthright") return `birthright: ${conditionsInWords(a.when)}`;
  const requestors =
    a.requestors.scope === "groups"
      ? `members of ${a.requestors.groups.join(", ")}`
      : { allMembers: "any member", allUsers: "any user including guests", none: "nobody (assigned by administrators)" }[a.requestors.scope];
  const approval =
    "stages" in a.approval
      ? a.approval.stages
          .map((s, i) => `stage ${i + 1}: ${s.approvers.join(" or ")}${s.backupApprovers.length ? ` (backup ${s.backupApprovers.join(", ")})` : ""}`)
          .join("; ")
      : `no approval (${a.approval.reason})`;
  const expiry =
    "afterDays" in a.expiry ? `expires after ${a.expiry.afterDays} days` : "onDate" in a.expiry ? `expires on ${a.expiry.onDate}` : "never expires";
  return `request by ${requestors}; ${approval}; ${expiry}`;
}

export function accessMatrix(catalog: Catalog): Table {
  const rows: Record<string, string>[] = [];
  const groupName = (id: string) => catalog.groups.find((g) => g.id === id)?.spec.displayName ?? id;
  for (const role of catalog.businessRoles) {
    const base = {
      role: role.id,
      "role name": role.spec.displayName,
      "how obtained": howObtained(role),
      owners: role.spec.owners.join(", "),
      sensitivity: role.spec.sensitivity,
    };
    const via = (id: string) => (id === role.id ? "directly" : `through ${id}`);
    for (const g of role.effectiveGroups) {
      const source = [role, ...role.includedRoles.map((r) => catalog.businessRoles.find((x) => x.id === r)!)].find((r) =>
        r.spec.entitlements.groups.includes(g),
      )!;
      rows.push({ ...base, "entitlement type": "group", entitlement: g, "entitlement name": groupName(g), granted: via(source.id) });
    }
    for (const a of role.effectiveAppRoles) {
      const ref = `${a.application}/${a.appRole}`;
      const source = [role, ...role.includedRoles.map((r) => catalog.businessRoles.find((x) => x.id === r)!)].find((r) =>
        r.spec.entitlements.appRoles.includes(ref),
      )!;
      const app = catalog.applications.find((x) => x.id === a.application)!;
      rows.push({
        ...base,
        "entitlement type": "app role",
        entitlement: ref,
        "entitlement name": `${app.spec.displayName}: ${app.spec.appRoles.find((r) => r.id === a.appRole)?.displayName ?? a.appRole}`,
        granted: via(source.id),
      });
    }
    if (role.spec.assignment?.type === "request")
      rows.push({
        ...base,
        "entitlement type": "access package",
        entitlement: role.id,
        "entitlement name": `${role.spec.displayName} (catalog ${role.spec.assignment.catalog})`,
        granted: "directly",
      });
  }
  for (const p of catalog.privilegedRoles) {
    for (const e of p.spec.eligible)
      rows.push({
        role: `privileged:${p.id}`,
        "role name": p.spec.directoryRole,
        "how obtained": "PIM eligibility, activated on demand",
        owners: p.spec.group.owners.join(", "),
        sensitivity: "highlyConfidential",
        "entitlement type": "privileged role",
        entitlement: p.id,
        "entitlement name": `${p.spec.directoryRole} for ${e.principal}`,
        granted: e.expires ? `eligible until ${e.expires}` : `eligible for ${e.durationDays} days`,
      });
  }
  return {
    kind: "access-matrix",
    title: "Access matrix",
    description: "Every business role with every effective entitlement and how it is obtained.",
    columns: ["role", "role name", "entitlement type", "entitlement", "entitlement name", "granted", "how obtained", "owners", "sensitivity"],
    rows,
  };
}

function privilegedAccess(catalog: Catalog): Table {
  const rows = catalog.privilegedRoles.flatMap((p) => {
    const a = p.spec.activation;
    const activation =
      `up to ${a.maxDurationHours} h; ${a.requireMfa ? "MFA" : "no MFA"}` +
      `; ${a.requireJustification ? "justification" : "no justification"}` +
      `${a.requireTicket ? "; ticket" : ""}; ` +
      `${a.approvers?.length ? `approval by ${a.approvers.join(" or ")}` : "no approval"}`;
    const base = {
      "privileged role": p.id,
      "directory role": p.spec.directoryRole,
      scope: p.spec.administrativeUnit ? `administrative unit ${p.spec.administrativeUnit}` : "tenant",
      "PIM group": p.spec.group.displayName,
      activation,
      "eligibility limit": `${p.spec.eligibilityMaxDays} days`,
    };
    const people = [
      ...p.spec.eligible.map((e) => ({ principal: e.principal, kind: "eligible", until: e.expires ?? `${e.durationDays} days from assignment` })),
      ...p.spec.active.map((e) => ({
        principal: e.principal,
        kind: "ACTIVE (standing)",
        until: e.expires ?? (e.permanent ? "permanent" : `${e.durationDays} days`),
      })),
    ];
    return people.length
      ? people.map((x) => ({ ...base, principal: x.principal, assignment: x.kind, until: x.until }))
      : [{ ...base, principal: "", assignment: "nobody", until: "" }];
  });
  for (const env of catalog.environments) {
    for (const account of env.spec.breakGlass.accounts)
      rows.push({
        "privileged role": `break-glass (${env.id})`,
        "directory role": "Global Administrator",
        scope: "tenant",
        "PIM group": "",
        activation: "permanent, outside idac; excluded from every conditional access policy",
        "eligibility limit": "",
        principal: account,
        assignment: "ACTIVE (emergency access)",
        until: "permanent",
      });
  }
  return {
    kind: "privileged-access",
    title: "Privileged access",
    description: "Every privileged role, who is eligible until when, how activation works, and the break-glass exceptions.",
    columns: ["privileged role", "directory role", "scope", "PIM group", "principal", "assignment", "until", "activation", "eligibility limit"],
    rows,
  };
}

function accessReviews(catalog: Catalog): Table {
  const rows: Record<string, string>[] = catalog.businessRoles.flatMap((r) => {
    const a = r.spec.assignment;
    if (a?.type !== "request") return [];
    const review = a.review;
    return [
      {
        "access package": r.id,
        name: r.spec.displayName,
        sensitivity: r.spec.sensitivity,
        catalog: a.catalog,
        reviewed: review ? "yes" : "NO",
        frequency: review?.frequency ?? "",
        reviewers: review ? (Array.isArray(review.reviewers) ? review.reviewers.join(", ") : review.reviewers) : "",
        "duration (days)": review ? String(review.durationDays) : "",
        "when nobody answers": review?.whenNoResponse ?? "",
        "justification required": review ? String(review.justificationRequired) : "",
        "access review": "",
        "what is reviewed": `assignments of access package ${r.id}`,
        "decisions applied automatically": review ? "yes" : "",
      },
    ];
  });
  // --- access reviews ---
  for (const d of catalog.accessReviews) {
    const s = d.spec;
    rows.push({
      "access package": "",
      name: s.displayName,
      sensitivity: "",
      catalog: "",
      reviewed: "yes",
      frequency: s.frequency,
      reviewers: Array.isArray(s.reviewers) ? s.reviewers.join(", ") : s.reviewers,
      "duration (days)": String(s.durationDays),
      "when nobody answers": s.whenNoResponse,
      "justification required": String(s.justificationRequired),
      "access review": d.id,
      "what is reviewed": reviewedInWords(s),
      "decisions applied automatically": s.autoApply ? "yes" : "no",
    });
  }
  // --- end access reviews ---
  return {
    kind: "access-reviews",
    title: "Access reviews",
    description:
      "Every recurring review: of access package assignments, and of role groups, PIM groups, groups and applications " +
      "(access review definitions): what is reviewed, reviewers, cadence, what happens when nobody answers.",
    columns: [
      "access package",
      "name",
      "sensitivity",
      "catalog",
      "reviewed",
      "frequency",
      "reviewers",
      "duration (days)",
      "when nobody answers",
      "justification required",
      "access review",
      "what is reviewed",
      "decisions applied automatically",
    ],
    rows,
  };
}

/** What an access review definition reviews, in plain words. */
function reviewedInWords(s: AccessReviewDefinitionSpec): string {
  const t = s.target;
  const who = s.guestsOnly ? "guests" : "members";
  if (t.role !== undefined) return `${who} of the role group of business role ${t.role}`;
  if (t.privilegedRole !== undefined)
    return `${s.guestsOnly ? "guests" : "eligible and active members"} of the PIM group of privileged role ${t.privilegedRole}`;
  if (t.group !== undefined) return `${who} of group ${t.group}`;
  return `${s.guestsOnly ? "guests" : "users and groups"} assigned to application ${t.application ?? ""}`;
}

function conditionalAccess(catalog: Catalog): Table {
  const rows = catalog.environments.flatMap((env) => {
    const view = environmentView(catalog, env.id);
    const coverage = coverageMatrix(view);
    return catalog.conditionalAccessPolicies.map((p) => {
      const s = p.spec;
      const who = s.users.include.all
        ? "all users"
        : [
            s.users.include.groups.length ? `groups ${s.users.include.groups.join(", ")}` : "",
            s.users.include.roles.length ? `roles ${s.users.include.roles.join(", ")}` : "",
            s.users.include.guestsOrExternalUsers.length ? "guests" : "",
          ]
            .filter(Boolean)
            .join(", ");
      const what = "include" in s.applications ? s.applications.include.join(", ") : `user actions ${s.applications.userActions.join(", ")}`;
      const when = [
        s.clientAppTypes ? `clients ${s.clientAppTypes.join(", ")}` : "",
        s.platforms ? `platforms ${s.platforms.include.join(", ")}${s.platforms.exclude.length ? ` except ${s.platforms.exclude.join(", ")}` : ""}` : "",
        s.locations ? `locations ${s.locations.include.join(", ")}${s.locations.exclude.length ? ` except ${s.locations.exclude.join(", ")}` : ""}` : "",
        s.signInRiskLevels ? `sign-in risk ${s.signInRiskLevels.join(", ")}` : "",
        s.userRiskLevels ? `user risk ${s.userRiskLevels.join(", ")}` : "",
        s.authenticationFlows ? `flows ${s.authenticationFlows.join(", ")}` : "",
        ...otherConditions(s),
      ]
        .filter(Boolean)
        .join("; ");
      const then = grantInWords(s.grant, s.session !== undefined);
      return {
        environment: env.id,
        policy: p.id,
        name: s.displayName,
        state: view.caState(p),
        "in plain words":
          `For ${who}` +
          (s.users.exclude.groups.length + s.users.exclude.roles.length
            ? ` (except ${[...s.users.exclude.groups, ...s.users.exclude.roles].join(", ")})`
            : "") +
          `, accessing ${what}${when ? `, when ${when}` : ""}: ${then}` +
          `${s.excludeBreakGlass ? "; break-glass excluded" : "; BREAK-GLASS NOT EXCLUDED"}.`,
        "coverage gaps": coverage.gaps.length ? coverage.gaps.map((g) => g.message).join(" ") : "none",
      };
    });
  });
  return {
    kind: "conditional-access",
    title: "Conditional access",
    description: "Each policy in plain words, per environment, with the coverage gaps of the persona matrix.",
    columns: ["environment", "policy", "name", "state", "in plain words", "coverage gaps"],
    rows,
  };
}

/** The persona coverage matrix of every environment: personas × applications × clients, weakest outcome over platforms. */
function coverage(catalog: Catalog): Table {
  const order = ["none", "other-controls", "undecided", "mfa", "block"];
  const rows = catalog.environments.flatMap((env) => {
    const c = coverageMatrix(environmentView(catalog, env.id));
    // Cells by persona, application and client, read once: a scan per row takes minutes on an enterprise matrix.
    const byRow = cellsBy(c.cells, (x) => `${x.persona}\u0000${x.app}\u0000${x.client}`);
    return c.personas.flatMap((p) =>
      c.apps.flatMap((app) =>
        ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"].map((client) => {
          const cells = byRow.get(`${p.id}\u0000${app}\u0000${client}`) ?? [];
          const weakest = (k: "enforced" | "ifReportOnlyEnabled") => cells.map((x) => x[k]).sort((a, b) => order.indexOf(a) - order.indexOf(b))[0] ?? "none";
          return {
            environment: env.id,
            persona: p.displayName,
            application: app,
            client,
            enforced: weakest("enforced"),
            "if report-only were enabled": weakest("ifReportOnlyEnabled"),
          };
        }),
      ),
    );
  });
  return {
    kind: "coverage",
    title: "Conditional access coverage",
    description:
      "What each persona needs to sign in to each application from each kind of client " +
      "(the weakest outcome over device platforms and location classes), with and without the " +
      "report-only policies.",
    columns: ["environment", "persona", "application", "client", "enforced", "if report-only were enabled"],
    rows,
  };
}

export function findings(catalog: Catalog, today: string, rules?: readonly Rule[]): Table {
  const { findings: list } = runGuardrails(catalog, { today, ...(rules ? { rules } : {}) });
  const rows = list.map((f) => ({
    rule: f.rule,
    controls: f.controls.join(", "),
    level: f.level,
    severity: f.severity,
    environments: f.environments.join(", "),
    entry: `${f.entry.section}/${f.entry.id}`,
    location: `${f.file}:${f.line}`,
    finding: f.message,
    suppressed: f.suppressed ? `yes: ${f.suppressed.reason} (until ${f.suppressed.expires}${f.suppressed.ticket ? `, ${f.suppressed.ticket}` : ""})` : "no",
  }));
  return {
    kind: "findings",
    title: "Guardrail and SoD findings",
    description: "Every guardrail and segregation-of-duties finding, with suppressions, their reasons and expiry.",
    columns: ["rule", "controls", "level", "severity", "environments", "entry", "location", "finding", "suppressed"],
    rows,
  };
}

/** One report table; `rules` are the guardrail rules the findings table runs. @default idac's own */
export function buildTable(kind: ReportKind, catalog: Catalog, today: string, rules?: readonly Rule[]): Table {
  switch (kind) {
    case "access-matrix":
      return accessMatrix(catalog);
    case "privileged-access":
      return privilegedAccess(catalog);
    case "access-reviews":
      return accessReviews(catalog);
    case "conditional-access":
      return conditionalAccess(catalog);
    case "coverage":
      return coverage(catalog);
    case "findings":
      return findings(catalog, today, rules);
    // --- lifecycle workflows, authentication methods, directory role settings ---
    case "lifecycle-workflows":
      return lifecycleWorkflowsTable(catalog);
    case "authentication-methods":
      return authenticationMethodsTable(catalog);
    case "directory-role-settings":
      return directoryRoleSettingsTable(catalog);
  }
}

/** What a policy requires, in words: block, the controls joined by its operator, or session controls only. */
function grantInWords(g: ConditionalAccessPolicySpec["grant"], session: boolean): string {
  if (!g) return session ? "session controls only" : "nothing";
  if (g.block) return "block";
  const controls = [
    ...g.controls,
    ...(g.authenticationStrength ? [`${g.authenticationStrength} strength`] : []),
    ...g.termsOfUse.map((t) => `terms of use ${t}`),
    ...g.customAuthenticationFactors.map((f) => `custom control ${f}`),
  ];
  return `require ${controls.join(g.operator === "AND" ? " and " : " or ")}`;
}

/** Conditions beyond users, applications, clients, platforms, locations, risk and flows, in words. */
function otherConditions(s: ConditionalAccessPolicySpec): string[] {
  return [
    s.deviceFilter ? `devices ${s.deviceFilter.mode === "include" ? "matching" : "not matching"} ${s.deviceFilter.rule}` : "",
    s.clientApplications
      ? `workload identities ${s.clientApplications.include.join(", ")}` +
        `${s.clientApplications.exclude.length ? ` except ${s.clientApplications.exclude.join(", ")}` : ""}` +
        `${s.clientApplications.filter ? ` (${s.clientApplications.filter.mode} ${s.clientApplications.filter.rule})` : ""}`
      : "",
    s.servicePrincipalRiskLevels ? `service principal risk ${s.servicePrincipalRiskLevels.join(", ")}` : "",
    s.insiderRiskLevels ? `insider risk ${s.insiderRiskLevels.join(", ")}` : "",
  ];
}

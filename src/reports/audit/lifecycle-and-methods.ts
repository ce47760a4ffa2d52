import { LIFECYCLE_TASK_DEFINITIONS } from "../../model/graph/lifecycle-tasks";
import type { Catalog, LifecycleWorkflow } from "../../model/model";
import { normalizeMatcher } from "../../model/membership-rule";
import { HR_ATTRIBUTES } from "../../schema/hr-conditions";
import type { Table } from "./tables";

// Evidence tables for lifecycle workflows, the authentication methods policy and the PIM settings of directory roles
// assigned directly, in plain words an auditor reads.

/** When a workflow runs, in words. */
export function triggerInWords(w: LifecycleWorkflow): string {
  return timingInWords(w.spec.trigger);
}

/** A workflow trigger in words: "7 days before the hire date", "when department changes". */
export function timingInWords(t: LifecycleWorkflow["spec"]["trigger"]): string {
  const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
  if (t.attributesChanged) return `when ${t.attributesChanged.join(" or ")} changes`;
  if (t.daysBeforeHire !== undefined) return t.daysBeforeHire === 0 ? "on the hire date" : `${days(t.daysBeforeHire)} before the hire date`;
  if (t.daysBeforeLeave !== undefined) return `${days(t.daysBeforeLeave)} before the leave date`;
  return t.daysAfterLeave === 0 ? "on the leave date" : `${days(t.daysAfterLeave!)} after the leave date`;
}

/** Whom a workflow runs for, in words (no enabled-account clause: workflows also run for disabled accounts). */
function scopeInWords(w: LifecycleWorkflow): string {
  const parts: string[] = [];
  for (const attribute of Object.keys(HR_ATTRIBUTES)) {
    const m = w.spec.when[attribute];
    if (m === undefined) continue;
    const n = normalizeMatcher(m);
    const name = attribute.replace(/([A-Z])/g, " $1").toLowerCase();
    const values = n.values.join(" or ");
    parts.push(
      {
        in: `${name} is ${values}`,
        startsWith: `${name} starts with ${values}`,
        notIn: `${name} is not ${values}`,
        notStartsWith: `${name} does not start with ${values}`,
      }[n.op],
    );
  }
  return parts.join(" and ");
}

export function lifecycleWorkflowsTable(catalog: Catalog): Table {
  return {
    kind: "lifecycle-workflows",
    title: "Lifecycle workflows",
    description: "Joiner, mover and leaver automation: when each workflow runs, for whom, and what it does, task by task.",
    columns: ["workflow", "name", "category", "runs", "for", "tasks", "enabled", "on schedule"],
    rows: catalog.lifecycleWorkflows.map((w) => ({
      workflow: w.id,
      name: w.spec.displayName,
      category: w.spec.category,
      runs: triggerInWords(w),
      for: scopeInWords(w),
      tasks: w.spec.tasks
        .map((t) => `${LIFECYCLE_TASK_DEFINITIONS[t.task].displayName}${t.groups ? ` (${t.groups.join(", ")})` : ""}${t.enabled ? "" : " [disabled]"}`)
        .join("; "),
      enabled: w.spec.enabled ? "yes" : "no",
      "on schedule": w.spec.scheduled ? "yes" : "no",
    })),
  };
}

const METHOD_NAMES = {
  passkeys: "Passkeys (FIDO2)",
  microsoftAuthenticator: "Microsoft Authenticator",
  temporaryAccessPass: "Temporary access pass",
  sms: "Text message",
  voice: "Voice call",
} as const;

export function authenticationMethodsTable(catalog: Catalog): Table {
  const rows: Record<string, string>[] = [];
  for (const p of catalog.authenticationMethodsPolicies) {
    for (const key of Object.keys(METHOD_NAMES) as (keyof typeof METHOD_NAMES)[]) {
      const m = p.spec[key];
      if (!m) continue;
      const details: string[] = [];
      if (key === "passkeys" && p.spec.passkeys) {
        const k = p.spec.passkeys;
        details.push(k.attestationEnforced ? "attestation enforced" : "attestation not enforced");
        if (k.keyRestrictions)
          details.push(`${k.keyRestrictions.enforcement === "allow" ? "only" : "all but"} ${k.keyRestrictions.aaGuids.length} key model(s)`);
      }
      if (key === "microsoftAuthenticator" && p.spec.microsoftAuthenticator) {
        const a = p.spec.microsoftAuthenticator;
        details.push(
          "number matching (always on)",
          `app name ${a.showApplicationName ? "shown" : "hidden"}`,
          `location ${a.showLocation ? "shown" : "hidden"}`,
        );
      }
      if (key === "temporaryAccessPass" && p.spec.temporaryAccessPass) {
        const t = p.spec.temporaryAccessPass;
        details.push(
          t.oneTimeUse ? "one sign-in only" : "reusable",
          `${t.minimumLifetimeMinutes}–${t.maximumLifetimeMinutes} minutes (default ${t.defaultLifetimeMinutes})`,
        );
      }
      if (key === "sms" && p.spec.sms?.usableForSignIn) details.push("usable instead of a password");
      rows.push({
        method: METHOD_NAMES[key],
        state: m.state === "enabled" ? "on" : "off",
        for: m.groups ? `members of ${m.groups.join(", ")}` : "every user",
        except: m.excludeGroups.join(", "),
        settings: details.join("; "),
      });
    }
    const c = p.spec.registrationCampaign;
    if (c)
      rows.push({
        method: "Registration campaign (Microsoft Authenticator)",
        state: c.state === "enabled" ? "on" : c.state === "disabled" ? "off" : "Microsoft's default",
        for: c.groups ? `members of ${c.groups.join(", ")}` : "every user",
        except: c.excludeGroups.join(", "),
        settings: `may be postponed ${c.snoozeDays} day(s)`,
      });
  }
  return {
    kind: "authentication-methods",
    title: "Authentication methods",
    description: "Which sign-in methods are on, for whom, and how (methods not listed keep the tenant's settings).",
    columns: ["method", "state", "for", "except", "settings"],
    rows,
  };
}

export function directoryRoleSettingsTable(catalog: Catalog): Table {
  return {
    kind: "directory-role-settings",
    title: "PIM settings of directory roles assigned directly",
    description: "Activation requirements of directory roles people hold directly (not through a PIM group).",
    columns: ["directory role", "entry", "longest activation (hours)", "requires", "approved by", "longest eligibility (days)"],
    rows: catalog.directoryRoleSettings.map((d) => {
      const a = d.spec.activation;
      return {
        "directory role": d.spec.directoryRole,
        entry: d.id,
        "longest activation (hours)": String(a.maxDurationHours),
        requires:
          [a.requireMfa ? "MFA" : "", a.requireJustification ? "justification" : "", a.requireTicket ? "ticket" : ""].filter(Boolean).join(", ") || "nothing",
        "approved by": a.approvers?.length ? a.approvers.join(" or ") : "nobody (no approval)",
        "longest eligibility (days)": String(d.spec.eligibilityMaxDays),
      };
    }),
  };
}

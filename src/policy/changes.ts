import type { SourceLocation } from "../errors/issue";
import type { Persona, SodRule } from "../model/model";
import { levelIn, type GuardrailPolicy, type Level, type SuppressionSetting } from "./policy";

/** The intent a policy change needs: the pull request label `allow-<flag>` (`--allow <flag>`). */
export type PolicyIntent = "policy-change" | "break-glass";

/** A change of the guardrail policy against the protected base, in catalog terms. */
export interface PolicyChange {
  readonly kind: "level" | "suppression" | "break-glass" | "domains" | "plan-gate" | "suppression-limit" | "sod-rule" | "persona" | "base" | "rule-code";
  readonly allowedBy: PolicyIntent;
  readonly message: string;
  /** Where the change is (in the pull request's catalog), or where the removed setting was (in the base's). */
  readonly at: SourceLocation;
}

export interface PolicyRule {
  readonly id: string;
  readonly level: Level;
}

/**
 * What a catalog changes in the guardrail policy of its protected base, in the direction that lets more through:
 * a rule lowered from error, a suppression of a rule at error level added, widened, extended or reworded, a
 * break-glass object changed, a plan gate limit or the suppression limit raised, an SoD rule or persona removed or
 * weakened. Tightening (raising a level, removing a suppression, adding an SoD rule) needs no intent.
 */
export function policyChanges(base: GuardrailPolicy, head: GuardrailPolicy, rules: readonly PolicyRule[], environments: readonly string[]): PolicyChange[] {
  return [
    ...breakGlassChanges(base, head),
    ...domainChanges(base, head),
    ...levelChanges(base, head, rules, environments),
    ...suppressionChanges(base, head, rules, environments),
    ...limitChanges(base, head),
    ...sodRuleChanges(base.sodRules, head.sodRules),
    ...personaChanges(base.personas, head.personas),
  ];
}

/** When the base's policy cannot be read, the pull request's cannot be compared with it: that is a policy change too. */
export function unverifiablePolicy(base: string, why: "invalid" | "missing"): PolicyChange {
  const message =
    why === "invalid"
      ? `The catalog at ${base} is not valid, so this change's guardrail policy cannot be compared with it.`
      : `There is no catalog at ${base}: this change establishes the guardrail policy (levels, suppressions, break-glass, limits).`;
  return { kind: "base", allowedBy: "policy-change", message, at: { file: ".", line: 1, col: 1, path: "(catalog)" } };
}

/**
 * A file of the organisation's rules/ added, changed or removed: rule code decides findings like a level does, and a
 * pull request's rule code is not run until the change is allowed (until then the base's rules run).
 */
export function ruleCodeChange(file: string, kind: "added" | "changed" | "removed", base: string): PolicyChange {
  const what =
    kind === "added"
      ? `Organisation rule file ${file} is added: its rules run once the change is allowed; until then the rules of ${base} run.`
      : kind === "changed"
        ? `Organisation rule file ${file} changes: the changed code runs once the change is allowed; until then the version of ${base} runs.`
        : `Organisation rule file ${file} is removed: its rules would no longer run.`;
  return { kind: "rule-code", allowedBy: "policy-change", message: what, at: { file, line: 1, col: 1, path: "(file)" } };
}

function breakGlassChanges(base: GuardrailPolicy, head: GuardrailPolicy): PolicyChange[] {
  const out: PolicyChange[] = [];
  for (const [env, now] of head.breakGlass) {
    const was = base.breakGlass.get(env);
    if (!was) {
      out.push({
        kind: "break-glass",
        allowedBy: "break-glass",
        at: now.at,
        message:
          `Environment '${env}' is new: its break-glass accounts ` +
          `${now.accounts.join(", ")}${now.group ? ` and group ${now.group}` : ""} are declared by ` +
          `this change.`,
      });
      continue;
    }
    const added = now.accounts.filter((a) => !was.accounts.includes(a));
    const removed = was.accounts.filter((a) => !now.accounts.includes(a));
    if (added.length)
      out.push({
        kind: "break-glass",
        allowedBy: "break-glass",
        at: now.at,
        message: `Break-glass accounts of '${env}' gain ${added.join(", ")}: every conditional access policy would exclude them.`,
      });
    if (removed.length)
      out.push({
        kind: "break-glass",
        allowedBy: "break-glass",
        at: now.at,
        message:
          `Break-glass accounts of '${env}' lose ${removed.join(", ")}: the ` +
          `emergency-access accounts would no longer be excluded from conditional access.`,
      });
    if (was.group !== now.group)
      out.push({
        kind: "break-glass",
        allowedBy: "break-glass",
        at: now.at,
        message: `Break-glass group of '${env}' changes from ${was.group ?? "none"} to ${now.group ?? "none"}.`,
      });
  }
  return out;
}

/** A domain added (or the list dropped) lets people of another domain pass the domain rules. */
function domainChanges(base: GuardrailPolicy, head: GuardrailPolicy): PolicyChange[] {
  const out: PolicyChange[] = [];
  for (const [env, was] of base.domains) {
    const now = head.domains.get(env);
    if (!now) {
      const at = head.breakGlass.get(env)?.at ?? was.at;
      if (head.breakGlass.has(env))
        out.push({
          kind: "domains",
          allowedBy: "policy-change",
          at,
          message: `Environment '${env}' no longer declares its verified domains (${was.names.join(", ")}): people of any domain would pass.`,
        });
      continue;
    }
    const added = now.names.filter((d) => !was.names.includes(d));
    if (added.length)
      out.push({
        kind: "domains",
        allowedBy: "policy-change",
        at: now.at,
        message: `Environment '${env}' declares more verified domains: ${added.join(", ")}.`,
      });
  }
  return out;
}

const RANK: Record<Level, number> = { info: 0, warning: 1, error: 2 };

function levelChanges(base: GuardrailPolicy, head: GuardrailPolicy, rules: readonly PolicyRule[], environments: readonly string[]): PolicyChange[] {
  const out: PolicyChange[] = [];
  for (const rule of rules) {
    const lowered = environments.filter((env) => levelIn(base, rule, env) === "error" && RANK[levelIn(head, rule, env)] < RANK.error);
    if (!lowered.length) continue;
    const setting = [...head.levels].reverse().find((l) => l.rule === rule.id && (!l.environments || l.environments.some((e) => lowered.includes(e))));
    const to = levelIn(head, rule, lowered[0]!);
    out.push({
      kind: "level",
      allowedBy: "policy-change",
      at: setting?.at ?? fallback(head),
      message: `${rule.id} is lowered from error to ${to} in ${lowered.join(", ")}: its findings would no longer fail the change.`,
    });
  }
  return out;
}

/** A suppression of a rule that is at error level (under the base's levels) in some environment decides whether a change passes. */
function suppressionChanges(base: GuardrailPolicy, head: GuardrailPolicy, rules: readonly PolicyRule[], environments: readonly string[]): PolicyChange[] {
  const atError = (ruleId: string) => {
    const rule = rules.find((r) => r.id === ruleId);
    return rule !== undefined && environments.some((env) => levelIn(base, rule, env) === "error");
  };
  const key = (s: SuppressionSetting) => `${s.rule}|${s.section ?? "*"}|${s.entry ?? "*"}`;
  const before = new Map(base.suppressions.map((s) => [key(s), s]));
  const out: PolicyChange[] = [];
  const byPlace = [...head.suppressions].sort((a, b) => (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : a.at.line - b.at.line));
  for (const s of byPlace) {
    if (!atError(s.rule)) continue;
    const scope = s.entry ? `'${s.entry}'` : "every entry";
    const was = before.get(key(s));
    if (!was)
      out.push({
        kind: "suppression",
        allowedBy: "policy-change",
        at: s.at,
        message: `A suppression of ${s.rule} on ${scope} is added (until ${s.expires}): its error-level findings would no longer fail the change.`,
      });
    else if (s.expires > was.expires)
      out.push({
        kind: "suppression",
        allowedBy: "policy-change",
        at: s.at,
        message: `The suppression of ${s.rule} on ${scope} is extended from ${was.expires} to ${s.expires}.`,
      });
    else if (s.reason !== was.reason || s.ticket !== was.ticket)
      out.push({
        kind: "suppression",
        allowedBy: "policy-change",
        at: s.at,
        message: `The suppression of ${s.rule} on ${scope} gets a new reason or ticket; a changed risk acceptance is reviewed again.`,
      });
  }
  return out;
}

function limitChanges(base: GuardrailPolicy, head: GuardrailPolicy): PolicyChange[] {
  const out: PolicyChange[] = [];
  for (const limit of ["maxDeletes", "maxChanges", "maxMembershipRemovals"] as const) {
    if (head.planGate[limit] > base.planGate[limit])
      out.push({
        kind: "plan-gate",
        allowedBy: "policy-change",
        at: fallback(head),
        message: `The plan gate's ${limit} is raised from ${base.planGate[limit]} to ${head.planGate[limit]} per stack.`,
      });
  }
  if (head.suppressionMaxDays > base.suppressionMaxDays)
    out.push({
      kind: "suppression-limit",
      allowedBy: "policy-change",
      at: fallback(head),
      message: `Suppressions may now last ${head.suppressionMaxDays} days instead of ${base.suppressionMaxDays}.`,
    });
  return out;
}

const SEVERITY = ["low", "medium", "high", "critical"];

function sodRuleChanges(base: readonly SodRule[], head: readonly SodRule[]): PolicyChange[] {
  const now = new Map(head.map((r) => [r.id, r]));
  const out: PolicyChange[] = [];
  for (const was of base) {
    const is = now.get(was.id);
    if (!is) {
      out.push({ kind: "sod-rule", allowedBy: "policy-change", at: was.source, message: `SoD rule '${was.id}' (${was.spec.title}) is removed.` });
      continue;
    }
    const lost = was.spec.conflictingSets.flatMap((set) => {
      const same = is.spec.conflictingSets.find((x) => x.name === set.name);
      return same ? set.entitlements.filter((e) => !same.entitlements.includes(e)).map((e) => `${e} from '${set.name}'`) : [`set '${set.name}'`];
    });
    if (lost.length)
      out.push({ kind: "sod-rule", allowedBy: "policy-change", at: is.source, message: `SoD rule '${was.id}' no longer covers ${lost.join(", ")}.` });
    if (SEVERITY.indexOf(is.spec.severity) < SEVERITY.indexOf(was.spec.severity))
      out.push({
        kind: "sod-rule",
        allowedBy: "policy-change",
        at: is.source.locate(["severity"]),
        message: `SoD rule '${was.id}' is lowered from ${was.spec.severity} to ${is.spec.severity}.`,
      });
    // --- SoD enforcement ---
    if (was.spec.enforcement === "incompatible" && is.spec.enforcement !== "incompatible")
      out.push({
        kind: "sod-rule",
        allowedBy: "policy-change",
        at: is.source.locate(["enforcement"]),
        message: `SoD rule '${was.id}' is no longer enforced when someone requests access (enforcement ${was.spec.enforcement} → ${is.spec.enforcement}).`,
      });
    // --- end SoD enforcement ---
  }
  return out;
}

function personaChanges(base: readonly Persona[], head: readonly Persona[]): PolicyChange[] {
  const now = new Map(head.map((p) => [p.id, p]));
  const out: PolicyChange[] = [];
  for (const was of base) {
    const is = now.get(was.id);
    if (!is)
      out.push({
        kind: "persona",
        allowedBy: "policy-change",
        at: was.source,
        message: `Persona '${was.id}' is removed: the coverage rules no longer check how conditional access treats it.`,
      });
    else if (JSON.stringify(is.spec) !== JSON.stringify(was.spec))
      out.push({
        kind: "persona",
        allowedBy: "policy-change",
        at: is.source,
        message: `Persona '${was.id}' changes: the coverage rules check a different person than before.`,
      });
  }
  return out;
}

function fallback(policy: GuardrailPolicy): SourceLocation {
  return policy.at ?? { file: "policies/guardrails.yaml", line: 1, col: 1, path: "guardrails" };
}

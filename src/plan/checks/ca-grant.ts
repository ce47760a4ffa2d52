import { BUILT_IN_STRENGTH_GUIDS } from "../../model/graph-values";
import { at, blockOf, show, stringAt, stringsAt, unknownAt, type Values } from "./values";

/**
 * The documented ranking of the built-in authentication strengths: each allows a subset of the method combinations of
 * the one before. A built-in `mfa` control is as strong as the MFA strength. Custom strengths are not ranked.
 * @see https://learn.microsoft.com/entra/identity/authentication/concept-authentication-strengths#built-in-authentication-strengths
 */
const STRENGTH_RANK: Readonly<Record<string, { rank: number; label: string }>> = {
  mfa: { rank: 1, label: "MFA" },
  passwordlessMfa: { rank: 2, label: "passwordless MFA" },
  phishingResistantMfa: { rank: 3, label: "phishing-resistant MFA" },
};
const BUILT_IN = new Map(Object.entries(BUILT_IN_STRENGTH_GUIDS).map(([name, guid]) => [guid.toLowerCase(), STRENGTH_RANK[name]!]));

interface Grant {
  readonly block: boolean;
  readonly operator: string;
  /** Controls other than block: built-in controls, `strength:<id>`, `termsOfUse:<id>`, `customFactor:<id>`. */
  readonly controls: readonly string[];
}

function grantOf(values: Values | undefined, afterUnknown: unknown): Grant | undefined {
  const g = blockOf(at(values, "grant_controls"));
  if (!g) return undefined;
  const builtIns = stringsAt(g, "built_in_controls");
  const strength = unknownAt(afterUnknown, "grant_controls", "authentication_strength_policy_id")
    ? "(known after apply)"
    : stringAt(g, "authentication_strength_policy_id");
  return {
    block: builtIns.includes("block"),
    operator: stringAt(g, "operator") ?? "OR",
    controls: [
      ...builtIns.filter((c) => c !== "block"),
      ...(strength ? [`strength:${strength}`] : []),
      ...stringsAt(g, "terms_of_use").map((t) => `termsOfUse:${t}`),
      ...stringsAt(g, "custom_authentication_factors").map((f) => `customFactor:${f}`),
    ],
  };
}

/** MFA rank of a control: 1–3 for MFA and the built-in strengths, "custom" for another strength, else undefined. */
function mfaRank(control: string): number | "custom" | undefined {
  if (control === "mfa") return 1;
  if (!control.startsWith("strength:")) return undefined;
  return BUILT_IN.get(control.split("/").pop()!.toLowerCase())?.rank ?? "custom";
}

const anyOf = (g: Grant) => g.controls.length > 1 && g.operator === "OR";

/** The MFA a grant requires: the rank every way to satisfy it reaches, "custom" when a custom strength decides, or none. */
function mfaRequired(g: Grant): { rank: number | "custom"; strengths: string } | undefined {
  const ranks = g.controls.map(mfaRank);
  const strengths = g.controls.filter((c) => c.startsWith("strength:")).join(",");
  if (anyOf(g)) {
    if (ranks.some((r) => r === undefined)) return undefined; // a non-MFA alternative satisfies the policy alone
    return { rank: ranks.includes("custom") ? "custom" : Math.min(...(ranks as number[])), strengths };
  }
  const mfa = ranks.filter((r) => r !== undefined);
  if (!mfa.length) return undefined;
  return { rank: mfa.includes("custom") ? "custom" : Math.max(...(mfa as number[])), strengths };
}

function label(control: string): string {
  if (control === "mfa") return "mfa";
  if (control.startsWith("strength:")) {
    const id = control.slice("strength:".length);
    const built = BUILT_IN.get(id.split("/").pop()!.toLowerCase());
    return built ? `${built.label} strength` : `custom strength ${show(id)}`;
  }
  return show(control).slice(1, -1);
}

function text(g: Grant | undefined): string {
  if (!g) return "(no grant controls)";
  if (g.block) return "block";
  return g.controls.length ? g.controls.map(label).join(` ${g.operator} `) : "(none)";
}

/**
 * How the grant controls weaken: block removed; MFA no longer required; a weaker built-in authentication strength
 * (a custom one changed cannot be ranked: review); AND → OR between several controls; OR gaining an alternative; a
 * required control dropped. Returns the reasons and the grant before → after.
 */
export function grantWeakening(before: Values, after: Values, afterUnknown: unknown): string[] {
  const b = grantOf(before, {});
  const a = grantOf(after, afterUnknown);
  if (!b) return [];
  const change = `grant ${text(b)} → ${text(a)}`;
  if (b.block) return a?.block ? [] : [`block removed (${change})`];
  const now = a ?? { block: false, operator: "OR", controls: [] };
  if (now.block) return [];
  const reasons: string[] = [];
  if (b.controls.length > 1 && b.operator === "AND" && anyOf(now)) reasons.push("AND → OR: any one control now suffices");
  else if (anyOf(now) && now.controls.some((c) => !b.controls.includes(c))) {
    reasons.push(
      `alternative added: ${now.controls
        .filter((c) => !b.controls.includes(c))
        .map(label)
        .join(", ")} now suffices on its own`,
    );
  }
  const mfaBefore = mfaRequired(b);
  const mfaAfter = mfaRequired(now);
  if (mfaBefore && !mfaAfter) reasons.push("MFA no longer required");
  else if (mfaBefore && mfaAfter) {
    if (typeof mfaBefore.rank === "number" && typeof mfaAfter.rank === "number") {
      if (mfaAfter.rank < mfaBefore.rank)
        reasons.push(`weaker authentication strength (rank ${mfaBefore.rank} → ${mfaAfter.rank}: MFA < passwordless MFA < phishing-resistant MFA)`);
    } else if (mfaBefore.strengths !== mfaAfter.strengths) reasons.push("custom authentication strength changed: cannot rank, review");
  }
  if (!anyOf(b)) {
    const dropped = b.controls.filter((c) => mfaRank(c) === undefined && !now.controls.includes(c));
    if (dropped.length) reasons.push(`${dropped.map(label).join(", ")} no longer required`);
  }
  return reasons.length ? [`${reasons.join("; ")} (${change})`] : [];
}

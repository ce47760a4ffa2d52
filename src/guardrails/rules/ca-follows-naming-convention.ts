import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

const PATTERN = new RegExp(
  [
    "^CA(\\d{3})-([A-Za-z]+)-(BaseProtection|IdentityProtection|DataProtection|",
    "AppProtection|AttackSurfaceReduction|Compliance)-[A-Za-z0-9]+-[A-Za-z0-9]+-[A-Za-z0-9",
    "]+(-.+)?$",
  ].join(""),
);
const RANGES: Record<string, [number, number]> = {
  Global: [1, 99],
  Admins: [100, 199],
  Internals: [200, 299],
  Externals: [300, 399],
  Guests: [400, 499],
  GuestAdmins: [500, 599],
  Microsoft365ServiceAccounts: [600, 699],
  AzureServiceAccounts: [700, 799],
  CorpServiceAccounts: [800, 899],
  WorkloadIdentities: [900, 999],
  Developers: [1000, 1099],
};

/** Policy names follow Microsoft's CA framework: CA<number>-<Persona>-<PolicyType>-<App>-<Platform>-<Grant>, numbered by persona. */
export function caFollowsNamingConvention(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const p of ctx.catalog.conditionalAccessPolicies) {
    const m = PATTERN.exec(p.spec.displayName);
    if (!m) {
      out.push(
        at(p, "conditionalAccessPolicies", `Policy name '${p.spec.displayName}' does not follow CA<number>-<Persona>-<PolicyType>-<App>-<Platform>-<Grant>.`, [
          "displayName",
        ]),
      );
      continue;
    }
    const range = RANGES[m[2]!];
    const n = Number(m[1]);
    if (range && (n < range[0] || n > range[1]))
      out.push(
        at(
          p,
          "conditionalAccessPolicies",
          `Policy '${p.spec.displayName}' is numbered ${m[1]} but persona ${m[2]} uses CA${String(range[0]).padStart(3, "0")}-CA${range[1]}.`,
          ["displayName"],
        ),
      );
  }
  return out;
}

/**
 * The organisation's extension of the catalog's stacks. `npx idac synth` and `cdktf synth` (main.ts) call `extend`
 * once per environment, after building the stacks from the YAML catalog and before writing them. Add constructs to
 * a stack by name — your own constructs, or idac's constructs for entries you prefer to write in TypeScript:
 *
 *   import { BusinessRole, SecurityGroup } from "idac/constructs";
 *
 *   export function extend({ environment, stack }: ExtensionContext): void {
 *     const groups = stack(`${environment}-groups`);
 *     const readers = new SecurityGroup(groups, "fin-report-readers", {
 *       displayName: "Finance report readers",
 *       description: "Read access to the finance reports share",
 *       owners: ["cfo@meridian.example"],
 *       membership: { type: "assigned", managed: false },
 *     });
 *     new BusinessRole(stack(`${environment}-access-finance`), "fin-report-reader", {
 *       displayName: "Finance report reader",
 *       description: "Reads the finance reports",
 *       owners: ["cfo@meridian.example"],
 *       entitlements: { groups: [readers] },
 *       assignment: { type: "request", catalog: "cat-finance", approval: { stages: [{ approvers: ["manager"] }] }, expiry: { afterDays: 180 } },
 *     });
 *   }
 *
 * Entries declared here are built exactly as the same YAML entries, but guardrails, SoD, coverage and reports see
 * only the YAML catalog: see docs/constructs.md. The bundled example declares everything in YAML.
 */
import type { ExtensionContext } from "idac/stacks";

export function extend(_context: ExtensionContext): void {}

// An organisation rule: your own guardrail, checked by `idac validate` next to idac's rules and listed by
// `npx idac rules`. Add rules in files here (docs/rules.md in the idac package explains the contract). Their levels
// and suppressions are protected like idac's own: with --base, rules run as they are on the protected branch, and a
// pull request that changes this folder needs the allow-policy-change label.
import { defineRule, violationAt } from "idac/rules";

export const twoOwnersPerGroup = defineRule({
  id: "ORG-OWNERS-001",
  level: "warning",
  title: "Every managed group should have at least two owners",
  controls: ["ORG-ISMS-5.2"],
  fix: "Add a second owner to the group, so that membership decisions survive one person's absence.",
  rationale: "An owner who is away or leaves must not leave a group nobody may review or change.",
  check: (ctx) =>
    ctx.catalog.groups
      .filter((g) => g.spec.owners.length < 2)
      .map((g) => violationAt(g, "groups", `Group '${g.id}' has ${g.spec.owners.length} owner(s).`, ["owners"])),
});

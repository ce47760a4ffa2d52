import { describe, expect, it } from "vitest";
import { coverageMatrix } from "../../src/analysis/conditional-access/coverage";
import { environmentView } from "../../src/model/environment";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { writeCatalog } from "../helpers/catalog";

const PARTNER = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const policy = (id: string, users: string) =>
  `  - id: ${id}\n    displayName: ${id}\n    description: d\n    state: enabled\n    ` +
  `users: ${users}\n    applications: { include: [All] }\n    grant: { block: true }\n`;
const PERSONAS = "personas:\n  - id: guest\n    displayName: Guest\n    userType: guest\n    guestType: b2bCollaborationGuest\n";

async function guestCells(policies: string) {
  const root = await writeCatalog({ "policies/ca.yaml": `conditionalAccessPolicies:\n${policies}${PERSONAS}` });
  const { catalog, issues } = await loadCatalog(root);
  if (!catalog) throw new Error(JSON.stringify(issues));
  return coverageMatrix(environmentView(catalog, "test")).cells.filter(
    (c) => c.persona === "guest" && c.app === "Office365" && c.client === "browser" && c.platform === "windows",
  );
}

describe("guests and external users of listed tenants (a persona names no home tenant)", () => {
  it("shows a block on guests of listed partner tenants as undecided for a guest persona, not as blocked", async () => {
    const cells = await guestCells(
      policy("ca400-block-partner-guests", `{ include: { guestsOrExternalUsers: [b2bCollaborationGuest], externalTenants: [${PARTNER}] } }`),
    );
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) {
      expect(c.enforced).toBe("undecided");
      expect(c.undecided).toEqual(["ca400-block-partner-guests: the external user's home tenant"]);
    }
  });

  it("does not exclude a guest persona from a block that excludes guests of listed tenants only", async () => {
    const cells = await guestCells(
      policy(
        "ca401-block-all-but-partner-guests",
        `{ include: { all: true }, exclude: { guestsOrExternalUsers: [b2bCollaborationGuest], externalTenants: [${PARTNER}] } }`,
      ),
    );
    for (const c of cells) expect([c.enforced, c.undecided]).toEqual(["undecided", ["ca401-block-all-but-partner-guests: the external user's home tenant"]]);
  });

  it("matches every guest and external user by the legacy GuestsOrExternalUsers keyword, included or excluded", async () => {
    const included = await guestCells(policy("ca403-block-guests-legacy", "{ include: { legacyGuestsOrExternalUsers: true } }"));
    for (const c of included) expect(c.enforced).toBe("block");
    const excluded = await guestCells(
      policy("ca404-block-all-but-guests-legacy", "{ include: { all: true }, exclude: { legacyGuestsOrExternalUsers: true } }"),
    );
    for (const c of excluded) expect(c.enforced).toBe("none");
  });

  it("still decides policies on guests of every external tenant", async () => {
    const cells = await guestCells(policy("ca402-block-guests", "{ include: { guestsOrExternalUsers: [b2bCollaborationGuest] } }"));
    for (const c of cells) expect([c.enforced, c.undecided]).toEqual(["block", []]);
  });
});

import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LineCounter, parseDocument, visit } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { PlanJson } from "../../src/plan/plan-json";
import { summarizePlans } from "../../src/plan/summary";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { readTree } from "../helpers/catalog";
import { EVERY_CA_ATTRIBUTE } from "../helpers/fixtures";
import { plan, resourceChange } from "../helpers/plan";
import { synthCatalog, type TfJson } from "../helpers/synth";

/** A Terraform function call and a template directive: evaluated by Terraform if they reach the JSON unescaped. */
const ATTACK = ' ${upper("x")} %{ if true }x%{ endif }';
/** The same without double quotes, for values that refuse them (HR values, which end up in membership rules). */
const ATTACK_UNQUOTED = " ${path.cwd} %{ if true }x%{ endif }";
const ATTACKS = [ATTACK, ATTACK_UNQUOTED];

const ROOT = path.resolve(__dirname, "../..");
const PARTS = ["idac.yaml", "environments", "people", "policies", "roles", "rules"];

/**
 * The bundled example catalog, plus a file with every conditional access attribute, with the attack appended to every
 * string value the catalog accepts it in: every string is attacked, then where the loader refuses the attack (IDs,
 * GUIDs, enums, UPNs…) the unquoted one is tried and at last the value is left as it was, until the catalog loads.
 */
async function attackedExample(): Promise<{ root: string; attacked: number }> {
  const root = await mkdtemp(path.join(tmpdir(), "idac-templates-"));
  for (const part of PARTS) await cp(path.join(ROOT, part), path.join(root, part), { recursive: true });
  // What the example leaves out: device and workload filters, custom controls.
  for (const [file, text] of Object.entries(EVERY_CA_ATTRIBUTE)) await writeFile(path.join(root, file), text);
  const originals = Object.entries(await readTree(root)).filter(([f]) => f.endsWith(".yaml") && f !== "idac.yaml");
  // Scalar `file#n` (the n-th string value of the file) → how many attacks the loader refused there.
  const refused = new Map<string, number>();
  for (let round = 0; round < 10; round++) {
    let attacked = 0;
    const scalarAt = new Map<string, { line: number; col: number; key: string }[]>();
    for (const [file, text] of originals) {
      let n = 0;
      const doc = parseDocument(text);
      visit(doc, {
        Scalar(key, node) {
          if (key === "key" || typeof node.value !== "string") return;
          const attack = ATTACKS[refused.get(`${file}#${n++}`) ?? 0];
          if (!attack) return;
          node.value = `${node.value}${attack}`;
          attacked++;
        },
      });
      const written = doc.toString();
      await writeFile(path.join(root, file), written);
      scalarAt.set(
        file,
        stringPositions(written).map((at, i) => ({ ...at, key: `${file}#${i}` })),
      );
    }
    const { issues } = await loadCatalog(root);
    const errors = issues.filter((i) => i.severity === "error");
    if (!errors.length) return { root, attacked };
    if (round === 9) throw new Error(`the attacked catalog does not load:\n${errors.map((i) => `${i.file}:${i.line}:${i.col} ${i.message}`).join("\n")}`);
    const keys = new Set<string>();
    for (const i of errors) {
      const onLine = (scalarAt.get(path.relative(root, path.resolve(root, i.file))) ?? []).filter((at) => at.line === i.line && at.col <= i.col);
      if (onLine.length) keys.add(onLine[onLine.length - 1]!.key);
    }
    for (const key of keys) refused.set(key, (refused.get(key) ?? 0) + 1);
  }
  throw new Error("unreachable");
}

/** Where each string value of a YAML text starts, in document order. */
function stringPositions(text: string): { line: number; col: number }[] {
  const lines = new LineCounter();
  const out: { line: number; col: number }[] = [];
  visit(parseDocument(text, { lineCounter: lines }), {
    Scalar(key, node) {
      if (key !== "key" && typeof node.value === "string" && node.range) out.push(lines.linePos(node.range[0]));
    },
  });
  return out;
}

/** Every string in a JSON value, with its path. */
function strings(value: unknown, at = ""): [string, string][] {
  if (typeof value === "string") return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
  return [];
}

/**
 * A `${` or `%{` that Terraform evaluates: one not preceded by its own sigil (Terraform reads `$${` as the text `${`,
 * after any number of further `$`, and `%%{` as `%{`).
 */
const LIVE = /(?<!\$)\$\{|(?<!%)%\{/g;
/** References between objects that cdktf writes itself. */
const REFERENCE = /^\$\{(?:azuread_|data\.|terraform_data\.|msgraph_|var\.|local\.|terraform\.workspace\})/;

function unescaped(text: string): string[] {
  return [...text.matchAll(LIVE)]
    .map((m) => text.slice(m.index))
    .filter((rest) => !REFERENCE.test(rest))
    .map((rest) => rest.slice(0, 40));
}

let stacks: Record<string, TfJson>;

beforeAll(async () => {
  const { root, attacked } = await attackedExample();
  expect(attacked).toBeGreaterThan(300);
  stacks = await synthCatalog(root);
}, 60_000);

describe("catalog text in the synthesized Terraform JSON", () => {
  it("never holds a live Terraform template sequence except references between objects", () => {
    const live = Object.entries(stacks).flatMap(([stack, json]) => strings(json).flatMap(([at, s]) => unescaped(s).map((u) => `${stack}${at}: ${u}`)));
    expect(live).toEqual([]);
  });

  it.each([
    "azuread_group",
    "azuread_group_without_members",
    "azuread_access_package_catalog",
    "azuread_access_package",
    "azuread_access_package_assignment_policy",
    "azuread_administrative_unit",
    "azuread_authentication_strength_policy",
    "azuread_conditional_access_policy",
    "azuread_named_location",
    "azuread_privileged_access_group_eligibility_schedule",
    "msgraph_resource",
  ])("keeps the text of %s exact, escaped for Terraform", (type) => {
    const texts = Object.values(stacks).flatMap((json) => strings(json.resource?.[type] ?? {}).map(([, s]) => s));
    expect(texts.some((t) => t.includes(' $${upper("x")} %%{ if true }x%%{ endif }'))).toBe(true);
  });

  it("escapes device and workload filter rules and custom controls of conditional access policies", () => {
    const texts = Object.values(stacks).flatMap((json) => strings(json.resource?.azuread_conditional_access_policy ?? {}));
    for (const attribute of ["devices.filter.rule", "client_applications.filter.rule", "custom_authentication_factors[0]"])
      expect(
        texts.some(([at, t]) => at.endsWith(attribute) && t.includes(' $${upper("x")} %%{ if true }x%%{ endif }')),
        attribute,
      ).toBe(true);
  });

  it("escapes HR values inside dynamic membership rules", () => {
    const rules = Object.values(stacks).flatMap((json) => strings(json.resource?.azuread_group ?? {}).filter(([at]) => at.endsWith(".rule")));
    expect(rules.some(([, r]) => r.includes(" $${path.cwd} %%{ if true }x%%{ endif }"))).toBe(true);
  });
});

describe("the plan of escaped catalog text", () => {
  it("shows the text as written: Terraform's planned values are un-escaped, only the configuration keeps `$${`", () => {
    const text = 'Kiosk ${file("/proc/self/environ")} %{ if true }x%{ endif }';
    // As `terraform show -json` writes it (Terraform 1.11.4): `after` evaluated, the configuration's constant as written.
    const configuration = {
      root_module: {
        resources: [
          {
            address: "azuread_group.group__kiosk",
            mode: "managed",
            type: "azuread_group",
            name: "group__kiosk",
            expressions: { display_name: { constant_value: 'Kiosk $${file("/proc/self/environ")} %%{ if true }x%%{ endif }' } },
          },
        ],
      },
    };
    const summary = summarizePlans([
      {
        stack: "test-groups",
        plan: PlanJson.parse(
          plan([resourceChange("azuread_group", "group__kiosk", ["update"], { display_name: "Kiosk" }, { display_name: text })], { configuration }),
        ),
      },
    ]);
    expect(summary.changes).toEqual([
      expect.objectContaining({ catalogId: "kiosk", displayName: text, attributes: [{ attribute: "display_name", before: "Kiosk", after: text }] }),
    ]);
  });
});

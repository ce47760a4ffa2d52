import { readFile } from "node:fs/promises";
import path from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { catalogJsonSchemaText, idacFileJsonSchemaText } from "../../src/schema/json-schema";

const COMMITTED = path.resolve(__dirname, "../../schema/catalog.schema.json");

describe("catalog JSON Schema", () => {
  it("is committed as generated (run `npm run schema` after changing the zod schema)", async () => {
    expect(await readFile(COMMITTED, "utf8")).toBe(catalogJsonSchemaText());
  });

  it("compiles as draft-07 and checks what editors need to check", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(catalogJsonSchemaText()) as object);
    expect(validate({ groups: [{ id: "g", displayName: "G", description: "d", owners: ["a@b.org"], membership: { type: "assigned" } }] })).toBe(true);
    expect(validate({ groups: [{ id: "g", displayName: "G", description: "d", owners: ["a@b.org"], membership: { type: "assigned" }, colour: "red" }] })).toBe(
      false,
    );
    expect(validate({ groups: [{ id: "g", displayName: "G", description: "d", owners: ["not a person"], membership: { type: "assigned" } }] })).toBe(false);
    expect(
      validate({
        conditionalAccessPolicies: [
          { id: "c", displayName: "C", state: "on", users: { include: { all: true } }, applications: { include: ["All"] }, grant: { block: true } },
        ],
      }),
    ).toBe(false);
  });
});

describe("idac.yaml JSON Schema", () => {
  it("is committed as generated and accepts a format declaration only", async () => {
    expect(await readFile(path.resolve(__dirname, "../../schema/idac.schema.json"), "utf8")).toBe(idacFileJsonSchemaText());
    const validate = new Ajv({ strict: false }).compile(JSON.parse(idacFileJsonSchemaText()) as object);
    expect(validate({ format: 2 })).toBe(true);
    expect(validate({ format: "2" })).toBe(false);
    expect(validate({ format: 2, version: 1 })).toBe(false);
  });
});

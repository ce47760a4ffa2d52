import { z } from "zod";
import { CatalogFile } from "./catalog";
import { IdacFile } from "./idac-file";

/**
 * The JSON Schema of a catalog file, generated from the zod schema (the input form: fields with defaults are
 * optional). Editors with the YAML language server use it through the `# yaml-language-server: $schema=…`
 * comment at the top of each catalog file to complete and check fields.
 */
export function catalogJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(CatalogFile, { io: "input", target: "draft-7", unrepresentable: "any", reused: "ref" }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: "https://idac.dev/schema/catalog.schema.json",
    title: "idac catalog file",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}

/** Stable text of the schema (the committed file must equal it). */
export function catalogJsonSchemaText(): string {
  return JSON.stringify(catalogJsonSchema(), null, 2) + "\n";
}

/** The JSON Schema of idac.yaml, the catalog's format declaration. */
export function idacFileJsonSchemaText(): string {
  const schema = z.toJSONSchema(IdacFile, { io: "input", target: "draft-7" }) as Record<string, unknown>;
  const named = {
    $schema: schema.$schema,
    $id: "https://idac.dev/schema/idac.schema.json",
    title: "idac.yaml",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
  return JSON.stringify(named, null, 2) + "\n";
}

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { catalogJsonSchemaText, idacFileJsonSchemaText } from "../../schema/json-schema";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";

export interface SchemaOptions {
  /** Write to this file instead of stdout. */
  readonly out?: string;
  /** Which file the schema is for: catalog files, or idac.yaml (the format declaration). @default "catalog" */
  readonly for?: "catalog" | "idac.yaml";
}

/** Prints (or writes) the JSON Schema of catalog files, or of idac.yaml. */
export async function runSchema(options: SchemaOptions, out: Output = processOutput): Promise<ExitCode> {
  const text = options.for === "idac.yaml" ? idacFileJsonSchemaText() : catalogJsonSchemaText();
  if (!options.out) {
    out.stdout(text);
    return EXIT.ok;
  }
  await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
  await writeFile(options.out, text);
  out.stderr(`Wrote ${options.out}\n`);
  return EXIT.ok;
}

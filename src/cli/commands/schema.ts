import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { catalogJsonSchemaText } from "../../schema/json-schema";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";

export interface SchemaOptions {
  /** Write to this file instead of stdout. */
  readonly out?: string;
}

/** Prints (or writes) the JSON Schema of catalog files. */
export async function runSchema(options: SchemaOptions, out: Output = processOutput): Promise<ExitCode> {
  const text = catalogJsonSchemaText();
  if (!options.out) {
    out.stdout(text);
    return EXIT.ok;
  }
  await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
  await writeFile(options.out, text);
  out.stderr(`Wrote ${options.out}\n`);
  return EXIT.ok;
}

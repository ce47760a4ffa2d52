import { z } from "zod";

/** The catalog format this idac reads and writes (docs/catalog.md#format-version). */
export const CATALOG_FORMAT = 2;

/**
 * `idac.yaml` at the catalog root: which catalog format the files are written for. A catalog without it is format 1,
 * the layout before the guardrail policy moved into one protected file.
 */
export const IdacFile = z
  .strictObject({
    format: z
      .number()
      .int()
      .min(1)
      .describe(`The catalog format the files are written for (this idac: ${CATALOG_FORMAT}). An older format is upgraded with \`idac migrate --write\`.`),
  })
  .describe("idac.yaml: settings of the catalog repository as a whole.");

import { z } from "zod";
/** The default ceiling of resources in one stack, and the lowest and highest idac.yaml accepts (`stacks.maxResources`). */
export const DEFAULT_MAX_STACK_RESOURCES = 2000;
const MIN_STACK_RESOURCES = 100;
const MAX_STACK_RESOURCES = 100_000;

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
    stacks: z
      .strictObject({
        maxResources: z
          .number()
          .int()
          .min(MIN_STACK_RESOURCES)
          .max(MAX_STACK_RESOURCES)
          .default(DEFAULT_MAX_STACK_RESOURCES)
          .describe(
            `The most resources one Terraform stack may hold (${MIN_STACK_RESOURCES} to ${MAX_STACK_RESOURCES}; default ${DEFAULT_MAX_STACK_RESOURCES}). ` +
              "Groups, role groups and a domain's access that would exceed it are split into shards (docs/stacks.md); synth fails when a stack still exceeds it.",
          ),
      })
      .optional()
      .describe("How the Terraform stacks of each environment are cut."),
  })
  .describe("idac.yaml: settings of the catalog repository as a whole.");

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryCatalog, reordered } from "../helpers/arbitrary-catalog";
import { synthFiles as synth } from "../helpers/synth";

const RUNS = { numRuns: 200 };
/** 200 synthesized catalogs take 20-60 s on a loaded 2-core machine: the timeout leaves several times that. */
const TIMEOUT = 300_000;

describe("generated catalogs synthesize deterministically (property tests)", () => {
  it(
    "synthesize to the same bytes whatever the file names and the order of entries and keys",
    async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryCatalog, fc.nat(), async (c, seed) => {
          expect(await synth(reordered(c, seed))).toEqual(await synth(c.files));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "synthesize to the same bytes twice",
    async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryCatalog, async (c) => {
          expect(await synth(c.files)).toEqual(await synth(c.files));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonText, jsonTextChunks } from "../../src/escape";

/** What jsonText returns, or the kind of error it throws. */
function outcome(write: () => string): { text: string } | { error: string } {
  try {
    return { text: write() };
  } catch (e) {
    return { error: (e as Error).constructor.name };
  }
}

const hostile = fc.constantFrom("##[error]x", "##vso[task.complete]", "#", "[", "\u202e", "\u2028", "\u0085", "\u{e0041}", "a\nb", '"', "\\", "::");

describe("jsonTextChunks", () => {
  it("joins to exactly jsonText for any value, however small the pieces, or throws as jsonText does", () => {
    const strings = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.array(hostile).map((a) => a.join("")),
    );
    const values = fc.oneof(
      fc.jsonValue(),
      fc.anything({
        key: strings,
        values: [strings, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)],
        withBoxedValues: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withNullPrototype: true,
        withSparseArray: true,
        withTypedArray: true,
        withBigInt: true,
        withObjectString: true,
      }),
    );
    fc.assert(
      fc.property(values, fc.integer({ min: 1, max: 64 }), (value, size) => {
        const whole = outcome(() => jsonText(value));
        const pieces = outcome(() => [...jsonTextChunks(value, size)].join(""));
        expect(pieces).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  it("writes members JSON has no text for, toJSON results, getters and boxed values as JSON.stringify does", () => {
    let reads = 0;
    const value = {
      a: undefined,
      f: () => 1,
      list: [undefined, () => 1, Symbol("s"), Number.NaN, -0, new Number(3), new String("s"), Object(false)],
      when: new Date(Date.UTC(2026, 11, 3)),
      keyed: { toJSON: (key: string) => `key ${key}` },
      inList: [{ toJSON: (key: string) => ({ at: key }) }],
      get counted() {
        reads++;
        return [1, { deep: [] }, {}];
      },
      'we\u2028ird "key" ##[x]': "\u{e0041}",
    };
    Object.defineProperty(value, "hidden", { value: "not enumerable", enumerable: false });
    const text = [...jsonTextChunks(value, 1)].join("");
    expect(reads).toBe(1);
    expect(text).not.toContain("hidden");
    expect(text).toBe(jsonText(value));
    expect(text).toContain('"keyed": "key keyed"');
    expect(text).toContain('"at": "0"');
  });

  it("refuses a value that contains itself, and a value JSON has no text for", () => {
    const loop: Record<string, unknown> = { a: [1] };
    (loop.a as unknown[]).push(loop);
    expect(() => [...jsonTextChunks(loop)]).toThrow(TypeError);
    expect(() => [...jsonTextChunks(undefined)]).toThrow(TypeError);
    const shared = { x: 1 };
    expect([...jsonTextChunks({ a: shared, b: [shared] })].join("")).toBe(jsonText({ a: shared, b: [shared] }));
  });

  it("writes a long array in pieces of about the chunk size, never one piece for the whole", () => {
    const row = { persona: "finance-staff", controls: ["ca001: mfa (a long explanation of why)", "ca002: block"] };
    const value = [{ environment: "prod", cells: Array.from({ length: 20_000 }, () => row) }];
    const pieces = [...jsonTextChunks(value, 4096)];
    expect(pieces.length).toBeGreaterThan(100);
    // A piece ends after the member that fills it: never more than one element's text over.
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(4096 + jsonText(row).length);
    expect(pieces.join("")).toBe(jsonText(value));
  });
});

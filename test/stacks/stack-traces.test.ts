import { Lazy } from "cdktf";
import { describe, expect, it } from "vitest";
import { withoutStackTraces } from "../../src/stacks/private/stack-traces";

describe("synthesis without stack traces", () => {
  it("gives cdktf tokens no creation stack inside, and a full one outside", () => {
    expect(withoutStackTraces(() => Lazy.anyValue({ produce: () => 1 }).creationStack)).toEqual([]);
    expect(Lazy.anyValue({ produce: () => 1 }).creationStack.length).toBeGreaterThan(0);
  });

  it("restores Error.stackTraceLimit when the work throws, and errors raised after it have stacks again", () => {
    const before = Error.stackTraceLimit;
    expect(() =>
      withoutStackTraces(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error("after").stack).toMatch(/at /);
  });

  it("leaves the limit alone when nested", () => {
    const before = Error.stackTraceLimit;
    withoutStackTraces(() => withoutStackTraces(() => expect(Lazy.anyValue({ produce: () => 1 }).creationStack).toEqual([])));
    expect(Object.getOwnPropertyDescriptor(Error, "stackTraceLimit")).toMatchObject({ value: before, writable: true });
  });
});

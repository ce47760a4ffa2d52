import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Conditional access analyses of a large catalog take seconds on a busy CI machine.
    testTimeout: 120_000,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/**/*.slow.test.ts", "node_modules/**"],
    // The slowest tests (the example's brownfield round trip, CLI runs through bin/idac.js) take about 20 s on an
    // idle 2-core machine and several times that when it is busy: the timeout stays well above both.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Both cores: vitest's default leaves one free, which on a 2-core CI machine runs every file one after another.
    maxWorkers: 2,
  },
});

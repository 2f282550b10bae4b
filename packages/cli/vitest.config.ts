import { defineConfig } from "vitest/config";

// The tests start the built command as processes against shared servers and one browser: one file at a time.
// A test spawns up to a dozen Node processes, each seconds of CPU on a loaded two-core machine: the bounds
// below are generous, and no test measures time.
export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});

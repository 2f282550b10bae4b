import { defineConfig } from "vitest/config";

// The tests start the built command as processes against shared servers and one browser: one file at a time.
export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from "vitest/config";

// The multi-process and crash tests spawn node processes on one file each: run files one at a time.
export default defineConfig({
  test: { globalSetup: ["./test/global-setup.ts"], fileParallelism: false, testTimeout: 30_000 },
});

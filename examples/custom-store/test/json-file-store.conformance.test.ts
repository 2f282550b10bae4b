import { runConformance } from "@durabledict/test-suite";
import { describe, expect, it } from "vitest";
import { JsonFileStore } from "../src/json-file-store.js";
import { jsonFileTarget } from "./json-file-target.js";

runConformance(
  { describe, it, expect },
  jsonFileTarget((file) => new JsonFileStore(file)),
);

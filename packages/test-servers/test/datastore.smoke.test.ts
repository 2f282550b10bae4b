import { Datastore } from "@google-cloud/datastore";
import { expect, it } from "vitest";
import { serverAddress } from "../src/index.js";

it("the Cloud Datastore emulator answers on loopback: write, read back", async () => {
  const datastore = new Datastore({
    projectId: "durabledict-smoke",
    apiEndpoint: serverAddress("datastore"),
  });
  const key = datastore.key(["Smoke", `entity-${Date.now()}`]);
  await datastore.save({ key, data: { value: "value" } });
  const [entity] = await datastore.get(key);
  expect(entity.value).toBe("value");
});

import type { Datastore } from "@google-cloud/datastore";
import { importAdapter } from "./import-adapter.js";
import type { StoreScheme } from "./store-scheme.js";
import { badUrl, urlOptions } from "./url-options.js";

const example = "datastore://my-project?kind=Setting";

/** The parts of a `datastore://<project>?kind=<kind>&namespace=<ns>&ancestor=<name>` URL. */
export interface DatastoreUrl {
  /** The Google Cloud project; empty for the client's default (`GOOGLE_CLOUD_PROJECT`, the emulator's). */
  projectId: string;
  kind: string;
  namespace: string | undefined;
  ancestor: string | undefined;
}

/** Parses a `datastore://` URL; `kind` is required. */
export function parseDatastoreUrl(url: string): DatastoreUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl("datastore", "not a URL", example);
  }
  if (parsed.pathname !== "" && parsed.pathname !== "/")
    throw badUrl("datastore", `unexpected path "${parsed.pathname}"`, example);
  const { kind, namespace, ancestor } = urlOptions(
    parsed.search,
    ["kind", "namespace", "ancestor"],
    "datastore",
  );
  if (!kind) throw badUrl("datastore", "?kind=<Kind> is required", example);
  return { projectId: parsed.hostname, kind, namespace, ancestor };
}

/**
 * Cloud Datastore through `@durabledict/datastore` and `@google-cloud/datastore`. The client finds the
 * emulator through `DATASTORE_EMULATOR_HOST`, and credentials the usual Google way otherwise.
 */
export const datastoreScheme: StoreScheme = {
  name: "datastore",
  packages: ["@durabledict/datastore", "@google-cloud/datastore"],
  example,
  async open(url, { live }) {
    const { projectId, kind, namespace, ancestor } = parseDatastoreUrl(url);
    const [{ openDatastoreDict }, { Datastore }] = await importAdapter(datastoreScheme, () =>
      Promise.all([import("@durabledict/datastore"), import("@google-cloud/datastore")]),
    );
    const datastore = new Datastore(projectId ? { projectId } : {});
    try {
      const dict = await openDatastoreDict(datastore, {
        kind,
        namespace,
        ancestor,
        // Datastore cannot push changes: live commands ask for its version every second.
        ...(live ? { refreshInterval: 1000 } : {}),
      });
      return {
        dict,
        async close() {
          await dict.close();
          await closeDatastore(datastore);
        },
      };
    } catch (error) {
      await closeDatastore(datastore);
      throw error;
    }
  },
};

/** Closes the gRPC channels the client opened; the client has no `close()` of its own. */
async function closeDatastore(datastore: Datastore): Promise<void> {
  for (const client of datastore.clients_.values()) await Promise.resolve(client.close());
}

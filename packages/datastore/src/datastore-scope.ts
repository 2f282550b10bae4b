import type { Datastore } from "@google-cloud/datastore";
import type { EntityGroupPlace } from "./entity-group.js";

/**
 * The scope of a store (see `DurableStore.scope`): the endpoint when the client names one (an emulator), the
 * project and database, the namespace, the ancestor and the kind. A client that leaves its project to the
 * environment's credentials is taken to be on the environment's project.
 */
export function datastoreScope(datastore: Datastore, place: EntityGroupPlace): string {
  const endpoint = datastore.customEndpoint_ ? `${datastore.baseUrl_ ?? ""}:${datastore.port_ ?? ""}` : "";
  const { projectId = "(default project)", databaseId = "" } = datastore.options;
  const namespace = place.namespace ?? datastore.namespace ?? "";
  const { ancestorKind, ancestor, kind } = place;
  return JSON.stringify([endpoint, projectId, databaseId, namespace, ancestorKind, ancestor, kind]);
}

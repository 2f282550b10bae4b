import { serversFor } from "../src/index.js";

export default serversFor(["redis", "memcached", "zookeeper", "datastore", "postgres"]);

import { serversFor } from "@durabledict/test-servers";

export default serversFor(["postgres"]);

// The one GraphQL client: queries and mutations over HTTP, subscriptions over graphql-ws, same origin.
// One client per signed-in token, so a query started before the app mounts is the one the view reads.
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "@urql/core";
import { createClient as createWsClient } from "graphql-ws";
import type { Session } from "./session";

let current: { token: string; client: Client } | null = null;

export function clientFor(session: Session): Client {
  if (current?.token !== session.token) current = { token: session.token, client: makeClient(session) };
  return current.client;
}

function makeClient(session: Session): Client {
  const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
  const ws = createWsClient({
    url: wsUrl,
    lazy: true,
    retryAttempts: 20,
    connectionParams: () => ({ Authorization: `Bearer ${session.token}` }),
  });
  return new Client({
    url: "/graphql",
    requestPolicy: "cache-and-network",
    fetchOptions: () => ({ headers: { Authorization: `Bearer ${session.token}` } }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }) };
        },
      }),
    ],
  });
}

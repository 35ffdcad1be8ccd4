// The one GraphQL client: queries and mutations over HTTP, subscriptions over graphql-ws, same origin, and a
// normalised cache (cache.ts). One client per signed-in token, so a query started before the app mounts is
// the one the view reads; signing out drops it, cache and socket with it, so the next person to sign in
// (another role, another agency) starts from nothing the last one could see.
import { Client, fetchExchange, subscriptionExchange } from "@urql/core";
import { createClient as createWsClient } from "graphql-ws";
import { normalisedCache } from "./cache";
import type { Session } from "./session";

let current: { token: string; client: Client; close: () => void } | null = null;

export function clientFor(session: Session): Client {
  if (current?.token !== session.token) {
    forgetClient();
    current = { token: session.token, ...makeClient(session) };
  }
  return current.client;
}

/** Drops the signed-in client: its cache and its live connection. */
export function forgetClient(): void {
  current?.close();
  current = null;
}

function makeClient(session: Session): { client: Client; close: () => void } {
  const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
  const ws = createWsClient({
    url: wsUrl,
    lazy: true,
    retryAttempts: 20,
    connectionParams: () => ({ Authorization: `Bearer ${session.token}` }),
  });
  const client = new Client({
    url: "/graphql",
    requestPolicy: "cache-and-network",
    fetchOptions: () => ({ headers: { Authorization: `Bearer ${session.token}` } }),
    exchanges: [
      normalisedCache(session.role),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }) };
        },
      }),
    ],
  });
  return { client, close: () => void ws.dispose() };
}

// Preact hooks over the urql client: a query that follows its variables, and one-shot mutations.
import type { AnyVariables, Client, CombinedError, OperationResult, TypedDocumentNode } from "@urql/core";
import { createContext } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import type { Session } from "./session";

export const ClientContext = createContext<Client | null>(null);
export const SessionContext = createContext<Session | null>(null);

export function useClient(): Client {
  const client = useContext(ClientContext);
  if (!client) throw new Error("no GraphQL client: not signed in");
  return client;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("not signed in");
  return session;
}

export interface QueryState<Data> {
  data: Data | undefined;
  error: CombinedError | undefined;
  fetching: boolean;
  refetch: () => void;
}

export function useQuery<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  pause = false,
): QueryState<Data> {
  const client = useClient();
  const [state, setState] = useState<{ data?: Data; error?: CombinedError; fetching: boolean }>({
    fetching: !pause,
  });
  const [nonce, setNonce] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (pause) return;
    setState((previous) => ({ ...previous, fetching: true }));
    const policy = nonce > 0 ? "network-only" : "cache-and-network";
    const { unsubscribe } = client
      .query(document, variables, { requestPolicy: policy })
      .subscribe((result: OperationResult<Data, Variables>) =>
        setState({ data: result.data, error: result.error, fetching: Boolean(result.stale) }),
      );
    return unsubscribe;
  }, [client, document, key, pause, nonce]);
  const refetch = useCallback(() => setNonce((n) => n + 1), []);
  return { data: state.data, error: state.error, fetching: state.fetching, refetch };
}

export async function mutate<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Data> {
  const result = await client.mutation(document, variables).toPromise();
  if (result.error) throw result.error;
  if (!result.data) throw new Error("no data in the response");
  return result.data;
}

export function errorText(error: CombinedError | Error | undefined): string | null {
  if (!error) return null;
  if ("graphQLErrors" in error && error.graphQLErrors.length) {
    return error.graphQLErrors.map((e) => `${e.message} (${String(e.extensions?.code ?? "ERROR")})`).join("; ");
  }
  return error.message;
}

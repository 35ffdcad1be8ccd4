// Identifier lookup: a raw value in, its normal form (as ingest computes it) and its tips out.
import { useState } from "preact/hooks";
import { chartPath, tipPath, when } from "../format";
import { graphql } from "../gql";
import type { IdentifierKind } from "../gql/graphql";
import { errorText, useQuery } from "../hooks";
import { setQuery } from "../router";

const LookupDoc = graphql(`
  query Lookup($kind: IdentifierKind!, $value: String!) {
    identifier(kind: $kind, value: $value) {
      kind
      key
      rawValues
      tipCount
      generic
      genericReason
      tips(first: 50) {
        edges {
          node {
            id
            receivedAt
            platform
            disposition
          }
        }
      }
    }
  }
`);

const KINDS: IdentifierKind[] = ["EMAIL", "ACCOUNT", "SCREEN_NAME", "PHONE", "IP", "FILE_HASH", "URL", "DEVICE", "REPORT", "LOCATION"];

export function Lookup(props: { url: URL }) {
  const kind = (props.url.searchParams.get("kind") as IdentifierKind | null) ?? "EMAIL";
  const value = props.url.searchParams.get("value") ?? "";
  const [draft, setDraft] = useState(value);
  const [draftKind, setDraftKind] = useState<IdentifierKind>(kind);
  const found = useQuery(LookupDoc, { kind, value }, !value);
  const identifier = found.data?.identifier;
  return (
    <div>
      <h1>Identifier lookup</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ kind: draftKind, value: draft }, false);
        }}
      >
        <label>
          Kind{" "}
          <select value={draftKind} onChange={(e) => setDraftKind((e.target as HTMLSelectElement).value as IdentifierKind)}>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Value <input value={draft} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Look up</button>
      </form>
      {found.error && <p role="alert" class="error">{errorText(found.error)}</p>}
      {value && found.data && !identifier && <p role="status">No tip you may see carries this identifier.</p>}
      {identifier && (
        <section aria-labelledby="found-title">
          <h2 id="found-title">
            {identifier.kind} <code data-testid="normal-form">{identifier.key}</code>
          </h2>
          <p>
            {identifier.tipCount} tips · seen as {identifier.rawValues.map((r) => `“${r}”`).join(", ")}
            {identifier.generic && ` · generic: ${identifier.genericReason ?? ""}`} ·{" "}
            <a href={`/chart/identifier/${identifier.kind}/${encodeURIComponent(identifier.key)}`}>link chart</a>
          </p>
          <ul>
            {identifier.tips.edges.map(({ node }) => (
              <li key={node.id}>
                <a href={tipPath(node.id)}>{node.id}</a> · {node.platform ?? "—"} · {when(node.receivedAt)} ·{" "}
                {node.disposition} · <a href={chartPath(node.id)}>chart</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

// The auditor's table: who read or changed what, filtered by actor, tip and time.
import { useState } from "preact/hooks";
import { when } from "../format";
import { graphql } from "../gql";
import { errorText, useQuery } from "../hooks";
import { setQuery } from "../router";
import { ColumnHeads } from "../ColumnHeads";

const AuditLogDoc = graphql(`
  query AuditLog($filter: AuditFilterInput, $first: Int!, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          at
          actor
          role
          agency
          action
          operationName
          tipIds
          change
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export function AuditLog(props: { url: URL }) {
  const p = props.url.searchParams;
  const actor = p.get("actor") ?? "";
  const tipId = p.get("tip") ?? "";
  const from = p.get("from") ?? "";
  const to = p.get("to") ?? "";
  const after = p.get("after");
  const [draft, setDraft] = useState({ actor, tipId, from, to });
  const filter = {
    actor: actor || null,
    tipId: tipId || null,
    from: from ? new Date(from).toISOString() : null,
    to: to ? new Date(to).toISOString() : null,
  };
  const { data, error } = useQuery(AuditLogDoc, { filter, first: 50, after });
  const field = (key: keyof typeof draft) => (e: Event) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value });
  return (
    <div>
      <h1>Audit log</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ actor: draft.actor, tip: draft.tipId, from: draft.from, to: draft.to, after: null }, false);
        }}
      >
        <label>
          Actor <input value={draft.actor} onInput={field("actor")} />
        </label>
        <label>
          Tip <input value={draft.tipId} onInput={field("tipId")} />
        </label>
        <label>
          From <input type="datetime-local" value={draft.from} onInput={field("from")} />
        </label>
        <label>
          To <input type="datetime-local" value={draft.to} onInput={field("to")} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {error && <p role="alert" class="error">{errorText(error)}</p>}
      <table class="audit">
        <ColumnHeads names={["When", "Actor", "Role", "Action", "Operation", "Tips", "Change"]} />
        <tbody>
          {data?.auditLog.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>{when(node.at)}</td>
              <td>{node.actor}</td>
              <td>
                {node.role}
                {node.agency ? ` (${node.agency})` : ""}
              </td>
              <td>{node.action}</td>
              <td>{node.operationName ?? "—"}</td>
              <td>{node.tipIds.slice(0, 5).join(", ")}{node.tipIds.length > 5 ? ` +${node.tipIds.length - 5}` : ""}</td>
              <td>
                <code>{node.change ? JSON.stringify(node.change) : ""}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.auditLog.pageInfo.hasNextPage && (
        <button type="button" onClick={() => setQuery({ after: data.auditLog.pageInfo.endCursor ?? null }, false)}>
          Older entries
        </button>
      )}
    </div>
  );
}

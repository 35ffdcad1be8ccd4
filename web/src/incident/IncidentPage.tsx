// An incident: the copies of one event bundled together.
import { humanize, tipPath, when } from "../format";
import { graphql } from "../gql";
import { errorText, useQuery } from "../hooks";

const IncidentDoc = graphql(`
  query IncidentPage($id: ID!) {
    incident(id: $id) {
      id
      label
      kind
      createdAt
      createdBy
      accounts
      platforms
      firstSeen
      lastSeen
      tipCount
      tips {
        id
        incidentType
        receivedAt
        disposition
      }
    }
  }
`);

export function IncidentPage(props: { id: string }) {
  const { data, error } = useQuery(IncidentDoc, { id: props.id });
  if (error) return <p role="alert" class="error">{errorText(error)}</p>;
  const incident = data?.incident;
  if (!data) return <p aria-busy="true">Loading…</p>;
  if (!incident) return <p role="alert">No incident {props.id}.</p>;
  return (
    <article aria-labelledby="incident-title">
      <h1 id="incident-title">Incident {incident.label}</h1>
      <dl class="facts">
        <dt>Kind</dt>
        <dd>{incident.kind}</dd>
        <dt>Created</dt>
        <dd>
          {when(incident.createdAt)} by {incident.createdBy}
        </dd>
        <dt>Accounts</dt>
        <dd>{incident.accounts.join(", ") || "—"}</dd>
        <dt>Platforms</dt>
        <dd>{incident.platforms.join(", ") || "—"}</dd>
        <dt>First / last seen</dt>
        <dd>
          {when(incident.firstSeen)} / {when(incident.lastSeen)}
        </dd>
      </dl>
      <h2>{incident.tipCount} tips</h2>
      <ul>
        {incident.tips.map((tip) => (
          <li key={tip.id}>
            <a href={tipPath(tip.id)}>{tip.id}</a> · {humanize(tip.incidentType)} · {when(tip.receivedAt)} ·{" "}
            {tip.disposition}
          </li>
        ))}
      </ul>
    </article>
  );
}

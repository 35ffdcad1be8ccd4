// A cluster whole: why it holds together, its members, its bridges, its timeline, and decisions on all of it.
import { DecisionPanel, type DecisionRunner } from "../decisions/DecisionPanel";
import { chartPath, humanize, tipPath, when } from "../format";
import { graphql } from "../gql";
import type { ExportFormat } from "../gql/graphql";
import { errorText, mutate, useClient, useQuery, useSession } from "../hooks";
import { can } from "../session";
import { ClusterChart } from "./ClusterChart";
import { Timeline } from "./Timeline";
import { ColumnHeads } from "../ColumnHeads";

export const ClusterPageDoc = graphql(`
  query ClusterPage($id: ID!) {
    cluster(id: $id) {
      id
      kind
      size
      updatedAt
      evidence {
        tips
        accounts
        platforms
        countries
        firstSeen
        lastSeen
        spanDays
        reason
        glue {
          kind
          identifiers
        }
      }
      triageSummary {
        tips
        actionable
        urgent
        referred
        closed
      }
      tips(first: 100) {
        edges {
          node {
            id
            disposition
            incidentType
            platform
            receivedAt
            actionability {
              priority
              score
            }
          }
        }
        pageInfo {
          hasNextPage
        }
      }
      bridges {
        link {
          weight
          identifiers {
            kind
            key
          }
        }
        parts
        tips
      }
      strongLinks(first: 300) {
        truncated
        links {
          link {
            weight
            identifiers {
              kind
              key
            }
          }
          tips
        }
      }
      timeline(first: 100) {
        truncated
        events {
          at
          tipId
          kind
          detail
        }
      }
    }
  }
`);

const ClusterExportDoc = graphql(`
  query ClusterExport($id: ID!, $format: ExportFormat!) {
    clusterExport(id: $id, format: $format)
  }
`);

const SetClusterDispositionDoc = graphql(`
  mutation SetClusterDisposition(
    $clusterId: ID!
    $disposition: Disposition!
    $reasonCode: String!
    $note: String
    $dryRun: Boolean!
  ) {
    setClusterDisposition(
      clusterId: $clusterId
      disposition: $disposition
      reasonCode: $reasonCode
      note: $note
      dryRun: $dryRun
    ) {
      ...DecisionResult
    }
  }
`);

const ReferClusterDoc = graphql(`
  mutation ReferCluster($clusterId: ID!, $agencyId: ID!, $note: String, $overrideReason: String, $dryRun: Boolean!) {
    referCluster(
      clusterId: $clusterId
      agencyId: $agencyId
      note: $note
      overrideReason: $overrideReason
      dryRun: $dryRun
    ) {
      ...DecisionResult
    }
  }
`);

const BundleClusterDoc = graphql(`
  mutation BundleCluster($clusterId: ID!, $incidentLabel: String!, $note: String, $dryRun: Boolean!) {
    bundleCluster(clusterId: $clusterId, incidentLabel: $incidentLabel, note: $note, dryRun: $dryRun) {
      decision {
        ...DecisionResult
      }
    }
  }
`);

export function ClusterPage(props: { id: string }) {
  const client = useClient();
  const session = useSession();
  const { data, error, refetch } = useQuery(ClusterPageDoc, { id: props.id });
  if (error) return <p role="alert" class="error">{errorText(error)}</p>;
  if (!data) return <p aria-busy="true">Loading…</p>;
  const cluster = data.cluster;
  if (!cluster) return <p role="alert">No cluster {props.id}.</p>;

  const run: DecisionRunner = async (request, dryRun) => {
    const note = request.note || null;
    if (request.kind === "disposition") {
      const answer = await mutate(client, SetClusterDispositionDoc, {
        clusterId: cluster.id,
        disposition: request.disposition,
        reasonCode: request.reasonCode,
        note,
        dryRun,
      });
      return answer.setClusterDisposition;
    }
    if (request.kind === "refer") {
      const answer = await mutate(client, ReferClusterDoc, {
        clusterId: cluster.id,
        agencyId: request.agencyId,
        overrideReason: request.overrideReason || null,
        note,
        dryRun,
      });
      return answer.referCluster;
    }
    const answer = await mutate(client, BundleClusterDoc, {
      clusterId: cluster.id,
      incidentLabel: request.incidentLabel,
      note,
      dryRun,
    });
    return answer.bundleCluster.decision;
  };

  async function download(format: ExportFormat) {
    const result = await client.query(ClusterExportDoc, { id: cluster!.id, format }, { requestPolicy: "network-only" }).toPromise();
    if (!result.data) return;
    const blob = new Blob([result.data.clusterExport], { type: format === "CSV" ? "text/csv" : "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `cluster-${cluster!.id}.${format.toLowerCase()}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  const e = cluster.evidence;
  const s = cluster.triageSummary;
  return (
    <article class="cluster-page" aria-labelledby="cluster-title">
      <h1 id="cluster-title">
        Cluster {cluster.id}: {humanize(cluster.kind)}, {cluster.size} tips
      </h1>
      <p>{e.reason}</p>
      <div class="tip-grid">
        <section aria-labelledby="evidence-title">
          <h2 id="evidence-title">Evidence</h2>
          <dl class="facts">
            <dt>Accounts</dt>
            <dd>{e.accounts}</dd>
            <dt>Platforms</dt>
            <dd>{e.platforms.join(", ") || "—"}</dd>
            <dt>Countries</dt>
            <dd>{e.countries.join(", ") || "—"}</dd>
            <dt>First / last seen</dt>
            <dd>
              {when(e.firstSeen)} / {when(e.lastSeen)}
            </dd>
            <dt>Glue</dt>
            <dd>{e.glue.map((g) => `${g.kind} ×${g.identifiers}`).join(", ") || "—"}</dd>
          </dl>
          <h3>Triage summary</h3>
          <p data-testid="triage-summary">
            {s.tips} tips · {s.actionable} actionable · {s.urgent} urgent · {s.referred} referred · {s.closed} closed
          </p>
          <p>
            Export:{" "}
            <button type="button" onClick={() => void download("CSV")}>
              CSV
            </button>{" "}
            <button type="button" onClick={() => void download("JSON")}>
              JSON
            </button>
          </p>
        </section>
        <section aria-labelledby="bridges-title">
          <h2 id="bridges-title">Bridges</h2>
          <p>Links whose removal would split the cluster.</p>
          <ul>
            {(cluster.bridges ?? []).map((b, i) => (
              <li key={i} class="bridge" data-testid="bridge">
                weight {b.link.weight.toFixed(2)} via{" "}
                {b.link.identifiers.map((id) => (
                  <a key={id.key} href={`/chart/identifier/${id.kind}/${encodeURIComponent(id.key)}`}>
                    {id.kind} {id.key}{" "}
                  </a>
                ))}
                (parts of {b.parts.join(" and ")} tips) joins{" "}
                <span data-testid="bridge-tips">{b.tips.join(", ")}</span>
              </li>
            ))}
            {(cluster.bridges ?? []).length === 0 && <li>None.</li>}
          </ul>
        </section>
        {can.triage(session) && (
          <DecisionPanel title="Decide on the whole cluster" run={run} count={cluster.size} onDone={refetch} />
        )}
      </div>
      <section aria-labelledby="cluster-chart-title">
        <h2 id="cluster-chart-title">Chart</h2>
        <ClusterChart
          clusterId={cluster.id}
          members={cluster.tips.edges.map((edge) => edge.node)}
          links={cluster.strongLinks.links}
          bridges={cluster.bridges ?? []}
        />
        {cluster.strongLinks.truncated && <p>Only the 300 strongest links are drawn.</p>}
      </section>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <Timeline events={cluster.timeline.events} />
        {cluster.timeline.truncated && <p>Only the first 100 events are shown.</p>}
      </section>
      <section aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        <table>
          <ColumnHeads names={["Tip", "Priority", "Score", "Incident", "Platform", "Received", "Disposition", "Why here"]} />
          <tbody>
            {cluster.tips.edges.map(({ node }) => (
              <tr key={node.id} data-tip={node.id}>
                <td>
                  <a href={tipPath(node.id)}>{node.id}</a>
                </td>
                <td>{node.actionability?.priority ?? "—"}</td>
                <td>{node.actionability?.score ?? "—"}</td>
                <td>{humanize(node.incidentType)}</td>
                <td>{node.platform ?? "—"}</td>
                <td>{when(node.receivedAt)}</td>
                <td data-testid="member-disposition">{node.disposition}</td>
                <td>
                  <a href={`${chartPath(node.id)}?why=${encodeURIComponent(cluster.id)}`} aria-label={`chain of links to ${node.id}`}>
                    chain of links
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}

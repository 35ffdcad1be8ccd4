// The investigator's view: only tips referred to its agency (the API's scope decides), newest first.
import { humanize, tipPath, when } from "../format";
import { graphql } from "../gql";
import { errorText, useQuery, useSession } from "../hooks";
import { ColumnHeads } from "../ColumnHeads";

const ReferralsDoc = graphql(`
  query Referrals {
    searchTips(first: 100) {
      edges {
        node {
          id
          incidentType
          platform
          receivedAt
          disposition
          outcome
          referredTo
          actionability {
            priority
            score
          }
        }
      }
    }
  }
`);

export function Referrals() {
  const session = useSession();
  const { data, error } = useQuery(ReferralsDoc, {});
  return (
    <div>
      <h1>Tips referred to {session.agency}</h1>
      {error && <p role="alert" class="error">{errorText(error)}</p>}
      <table>
        <ColumnHeads names={["Tip", "Priority", "Incident", "Platform", "Received", "Disposition", "Outcome"]} />
        <tbody>
          {data?.searchTips.edges.map(({ node }) => (
            <tr key={node.id} data-tip={node.id}>
              <td>
                <a href={tipPath(node.id)}>{node.id}</a>
              </td>
              <td>{node.actionability?.priority ?? "—"}</td>
              <td>{humanize(node.incidentType)}</td>
              <td>{node.platform ?? "—"}</td>
              <td>{when(node.receivedAt)}</td>
              <td>{node.disposition}</td>
              <td>{node.outcome ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// One tip as an investigator reads it: the report, its identifiers, why it scores what it does, where it
// should go, and the decision panel.
import { useState } from "preact/hooks";
import { DecisionPanel, tipDecisionRunner } from "../decisions/DecisionPanel";
import { chartPath, countdown, humanize, when } from "../format";
import { graphql } from "../gql";
import type { FileCategory, Outcome } from "../gql/graphql";
import { errorText, mutate, useClient, useQuery, useSession } from "../hooks";
import { can } from "../session";
import { ReportView } from "./ReportView";
import { ScoreBar } from "./ScoreBar";
import { ColumnHeads } from "../ColumnHeads";

export const TipPageDoc = graphql(`
  query TipPage($id: ID!) {
    tip(id: $id) {
      id
      version
      incidentType
      incidentDateTime
      receivedAt
      platform
      escalateToHighPriority
      annotations
      batched
      disposition
      referredTo
      outcome
      preservationDeadline
      incidentId
      report
      actionability {
        score
        classification
        priority
        urgentReason
        missing
        contributions {
          factor
          points
          evidence
        }
      }
      files {
        id
        status
        labels {
          kind
          value
          source
          analyst
          viewed
          disagrees
        }
        fileName
        originalFileName
        uploadedToEspTimestamp
        fileViewedByEsp
        exifViewedByEsp
        publiclyAvailable
        industryClassification
        annotations
        hashes {
          hashType
          value
        }
      }
      identifiers {
        kind
        key
        raw
        role
        rule
        verified
        generic
        tipCount
        ipCapture {
          event
          at
          port
          possibleProxy
        }
      }
      routing {
        locations {
          party
          country
          region
          source
          confidence
          evidence
        }
      }
      suggestedAgencies {
        agency {
          id
          name
        }
        confidence
        reasons
      }
      cluster {
        id
        kind
        size
      }
    }
  }
`);

const RecordOutcomeDoc = graphql(`
  mutation RecordOutcome($tipIds: [ID!]!, $outcome: Outcome!, $note: String, $versions: [Int!]) {
    recordOutcome(tipIds: $tipIds, outcome: $outcome, note: $note, versions: $versions) {
      ...DecisionResult
    }
  }
`);

const ReviewFileDoc = graphql(`
  mutation ReviewFile($tipId: ID!, $fileId: ID!, $category: FileCategory!, $viewed: Boolean!, $note: String) {
    reviewFile(tipId: $tipId, fileId: $fileId, category: $category, viewed: $viewed, note: $note) {
      file {
        id
        status
      }
      # The tip re-scored: the cache carries its new priority and score to the queue.
      tip {
        ...QueueTip
      }
    }
  }
`);

const CATEGORIES: FileCategory[] = ["A1", "A2", "B1", "B2", "NOT_CSAM"];

// An analyst's review of one file: a label beside the service's, which re-scores the tip.
function FileReviewControl(props: { tipId: string; fileId: string; onDone: () => void }) {
  const client = useClient();
  const [category, setCategory] = useState<FileCategory>("B1");
  const [viewed, setViewed] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function review() {
    try {
      const data = await mutate(client, ReviewFileDoc, {
        tipId: props.tipId,
        fileId: props.fileId,
        category,
        viewed,
        note: null,
      });
      setMessage(`Reviewed: ${data.reviewFile.file.status}`);
      props.onDone();
    } catch (e) {
      setMessage(errorText(e as Error));
    }
  }
  return (
    <div class="file-review">
      <label>
        Category{" "}
        <select
          value={category}
          onChange={(e) => setCategory((e.target as HTMLSelectElement).value as FileCategory)}
        >
          {CATEGORIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={viewed} onChange={(e) => setViewed((e.target as HTMLInputElement).checked)} />{" "}
        viewed
      </label>
      <button type="button" onClick={() => void review()}>
        Review
      </button>
      {message && <span role="status">{message}</span>}
    </div>
  );
}

const OUTCOMES: Outcome[] = ["ARREST", "VICTIM_IDENTIFIED", "SEARCH_WARRANT", "NO_ACTION", "UNABLE_TO_LOCATE"];

function OutcomePanel(props: { tip: { id: string; version: number }; onDone: () => void }) {
  const client = useClient();
  const [outcome, setOutcome] = useState<Outcome>("SEARCH_WARRANT");
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  async function record() {
    try {
      const data = await mutate(client, RecordOutcomeDoc, {
        tipIds: [props.tip.id],
        versions: [props.tip.version],
        outcome,
        note: note || null,
      });
      const problems = data.recordOutcome.problems;
      setMessage(problems.length ? problems.map((p) => `${p.code}: ${p.message}`).join("; ") : "Outcome recorded.");
      props.onDone();
    } catch (e) {
      setMessage(errorText(e as Error));
    }
  }
  return (
    <section aria-labelledby="outcome-title" class="decision">
      <h3 id="outcome-title">Record the outcome</h3>
      <label>
        Outcome{" "}
        <select value={outcome} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value as Outcome)}>
          {OUTCOMES.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
      <label>
        Note <input value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </label>
      <button type="button" class="primary" onClick={() => void record()}>
        Record outcome
      </button>
      {message && <p role="status">{message}</p>}
    </section>
  );
}

export function TipPage(props: { id: string }) {
  const session = useSession();
  const client = useClient();
  const { data, error, fetching, refetch } = useQuery(TipPageDoc, { id: props.id });
  if (error) return <p role="alert" class="error">{errorText(error)}</p>;
  if (!data) return <p aria-busy="true">{fetching ? "Loading…" : ""}</p>;
  const tip = data.tip;
  if (!tip) return <p role="alert">No tip {props.id} that you may see.</p>;
  const a = tip.actionability;
  return (
    <article class="tip-page" aria-labelledby="tip-title">
      <header class="tip-head">
        <h1 id="tip-title">Tip {tip.id}</h1>
        <p>
          {a && <span class={`badge ${a.priority}`}>{a.priority}</span>} {humanize(tip.incidentType)} ·{" "}
          {tip.platform ?? "unknown platform"} · <strong>{tip.disposition}</strong>
          {tip.referredTo.length > 0 && <> · referred to {tip.referredTo.join(", ")}</>}
          {tip.outcome && <> · outcome {tip.outcome}</>}
        </p>
        <p class="links">
          <a href={chartPath(tip.id)}>Open the link chart</a>
          {tip.cluster && (
            <>
              {" "}
              · <a href={`/clusters/${tip.cluster.id}`}>Cluster ({tip.cluster.kind}, {tip.cluster.size} tips)</a>
            </>
          )}
          {tip.incidentId && (
            <>
              {" "}
              · <a href={`/incidents/${encodeURIComponent(tip.incidentId)}`}>Incident</a>
            </>
          )}
        </p>
      </header>
      <div class="tip-grid">
        <section aria-labelledby="facts-title">
          <h2 id="facts-title">Incident</h2>
          <dl class="facts">
            <dt>Incident time</dt>
            <dd>{when(tip.incidentDateTime)}</dd>
            <dt>Received</dt>
            <dd>{when(tip.receivedAt)}</dd>
            <dt>Preservation deadline</dt>
            <dd>
              {when(tip.preservationDeadline)} ({countdown(tip.preservationDeadline, Date.now())})
            </dd>
            <dt>Escalated by the service</dt>
            <dd>{tip.escalateToHighPriority ?? "no"}</dd>
            <dt>Batched report</dt>
            <dd>{tip.batched ? "yes" : "no"}</dd>
            {tip.annotations.length > 0 && (
              <>
                <dt>Annotations</dt>
                <dd>{tip.annotations.join(", ")}</dd>
              </>
            )}
          </dl>
        </section>
        {a && (
          <section aria-labelledby="score-title" class="score">
            <h2 id="score-title">
              Score {a.score} · {a.classification}
            </h2>
            {a.urgentReason && <p class="urgent-reason">Urgent: {a.urgentReason}</p>}
            <ScoreBar contributions={a.contributions} />
            {a.missing.length > 0 && (
              <>
                <h3>Missing</h3>
                <ul class="missing">
                  {a.missing.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              </>
            )}
          </section>
        )}
        <section aria-labelledby="routing-title">
          <h2 id="routing-title">Routing</h2>
          <ul>
            {tip.routing.locations.map((l, i) => (
              <li key={i}>
                {l.party}: {l.country}
                {l.region ? `-${l.region}` : ""} by {humanize(l.source)} ({Math.round(l.confidence * 100)}%) —{" "}
                {l.evidence}
              </li>
            ))}
            {tip.routing.locations.length === 0 && <li>No party could be located.</li>}
          </ul>
          <h3>Suggested agencies</h3>
          <ul>
            {tip.suggestedAgencies.map((s) => (
              <li key={s.agency.id}>
                {s.agency.name} ({s.agency.id}, {Math.round(s.confidence * 100)}%): {s.reasons.join("; ")}
              </li>
            ))}
          </ul>
        </section>
        {can.triage(session) && (
          <DecisionPanel
            title="Decision"
            run={tipDecisionRunner(client, [{ id: tip.id, version: tip.version }])}
            count={1}
            onDone={refetch}
          />
        )}
        {can.recordOutcome(session) && tip.disposition === "REFERRED" && (
          <OutcomePanel tip={tip} onDone={refetch} />
        )}
      </div>
      <section aria-labelledby="identifiers-title">
        <h2 id="identifiers-title">Identifiers</h2>
        <table class="identifiers">
          <ColumnHeads names={["Kind", "Role", "Raw", "Normal form", "Rule", "Tips", "Capture"]} />
          <tbody>
            {tip.identifiers.map((i, n) => (
              <tr key={n}>
                <td>{i.kind}</td>
                <td>{i.role}</td>
                <td>
                  <code>{i.raw ?? "—"}</code>
                </td>
                <td>
                  <a href={`/chart/identifier/${i.kind}/${encodeURIComponent(i.key)}`}>
                    <code>{i.key}</code>
                  </a>
                  {i.generic && <span class="badge generic">generic</span>}
                  {i.verified === false && <span class="badge">unverified</span>}
                </td>
                <td>{i.rule}</td>
                <td>{i.tipCount}</td>
                <td>
                  {i.ipCapture
                    ? `${i.ipCapture.event ?? ""} ${when(i.ipCapture.at)} ${i.ipCapture.port ? `port ${i.ipCapture.port}` : ""}${i.ipCapture.possibleProxy ? " proxy" : ""}`
                    : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="files-title">
        <h2 id="files-title">Files</h2>
        <table>
          <ColumnHeads names={["File", "Uploaded", "Service's label", "Labels (source: value)", "Status", "Viewed by service", "EXIF viewed", "Public", "Hashes"]} />
          <tbody>
            {tip.files.map((f, n) => (
              <tr key={n}>
                <td>{f.fileName ?? f.originalFileName ?? "—"}</td>
                <td>{when(f.uploadedToEspTimestamp)}</td>
                <td>
                  {f.industryClassification ?? "—"} {f.annotations.join(", ")}
                </td>
                <td>
                  <ul class="labels">
                    {f.labels.map((l, k) => (
                      <li key={k}>
                        {humanize(l.source)}
                        {l.analyst ? ` (${l.analyst})` : ""}: {l.value}
                        {l.viewed ? " · viewed" : ""}
                        {l.disagrees && <span class="badge">disagrees</span>}
                      </li>
                    ))}
                  </ul>
                  {can.triage(session) && <FileReviewControl tipId={tip.id} fileId={f.id} onDone={refetch} />}
                </td>
                <td>{f.status ?? "—"}</td>
                <td>{f.fileViewedByEsp ? "yes" : "no"}</td>
                <td>{f.exifViewedByEsp ? "yes" : "no"}</td>
                <td>{f.publiclyAvailable ? "yes" : "no"}</td>
                <td>
                  {f.hashes.map((h) => (
                    <div key={h.value}>
                      <code>
                        {h.hashType}:{h.value}
                      </code>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="report-title">
        <h2 id="report-title">The report</h2>
        <ReportView value={tip.report} />
      </section>
    </article>
  );
}

// The triage queue: most urgent first, deadlines counting down, keyboard-driven (j/k, Enter, x) and live.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { DecisionPanel, tipDecisionRunner } from "../decisions/DecisionPanel";
import { countdown, humanize, tipPath, when } from "../format";
import { graphql } from "../gql";
import type {
  ActionClass,
  ClusterKind,
  IncidentType,
  Priority,
  QueueTipFragment,
  TriageFilterInput,
} from "../gql/graphql";
import { errorText, useClient, useQuery } from "../hooks";
import { navigate, setQuery } from "../router";
import { useLiveQueue } from "./live";

// Only what a row shows (and the version a decision needs): the queue's first paint waits for this.
graphql(`
  fragment QueueTip on Tip {
    id
    version
    disposition
    incidentType
    platform
    receivedAt
    preservationDeadline
    actionability {
      priority
      score
      urgentReason
    }
    cluster {
      id
      kind
    }
  }
`);

export const TriageQueueDoc = graphql(`
  query TriageQueue($filter: TriageFilterInput, $first: Int!, $after: String) {
    triageQueue(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          ...QueueTip
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const PRIORITIES: Priority[] = ["URGENT", "P1", "P2", "P3"];
const INCIDENT_TYPES: IncidentType[] = [
  "CHILD_PORNOGRAPHY",
  "CHILD_SEX_TRAFFICKING",
  "CHILD_SEX_TOURISM",
  "CHILD_SEXUAL_MOLESTATION",
  "MISLEADING_DOMAIN_NAME",
  "MISLEADING_WORDS_OR_DIGITAL_IMAGES",
  "ONLINE_ENTICEMENT",
  "UNSOLICITED_OBSCENE_MATERIAL",
];
const CLUSTER_KINDS: ClusterKind[] = ["SINGLE_ACTOR", "VIRAL_CONTENT", "MIXED", "UNKNOWN"];
const PAGE = 100;
// The first screenful comes alone (the server's cost grows with the page), the rest of the page after it.
const HEAD = 30;

function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return Boolean(element?.closest("input, select, textarea, button, [contenteditable]"));
}

/** The queue's query variables for a URL (every filter runs on the server): main.tsx starts this very
 * query before the app mounts. */
export function queueVariables(url: URL): { filter: TriageFilterInput; first: number; after: string | null } {
  const params = url.searchParams;
  const priority = params.get("priority") as Priority | null;
  const incidentType = params.get("type") as IncidentType | null;
  const platform = params.get("platform")?.trim();
  const within = params.get("within");
  const clusterKind = params.get("cluster") as ClusterKind | null;
  const filter: TriageFilterInput = {
    priorities: priority ? [priority] : null,
    classification: (params.get("class") as ActionClass | null) ?? null,
    incidentTypes: incidentType ? [incidentType] : null,
    platforms: platform ? [platform] : null,
    deadlineWithinDays: within && /^\d+$/.test(within) ? Number(within) : null,
    clusterKinds: clusterKind ? [clusterKind] : null,
  };
  return { filter, first: HEAD, after: null };
}

export function Queue(props: { url: URL }) {
  const params = props.url.searchParams;
  const priority = params.get("priority") as Priority | null;
  const classification = params.get("class") as ActionClass | null;
  const incidentType = params.get("type") as IncidentType | null;
  const platform = params.get("platform") ?? "";
  const within = params.get("within") ?? "";
  const clusterKind = params.get("cluster") as ClusterKind | null;

  const variables = queueVariables(props.url);
  const head = useQuery(TriageQueueDoc, variables);
  const headPage = head.data?.triageQueue;
  const more = Boolean(headPage?.pageInfo.hasNextPage);
  const tail = useQuery(
    TriageQueueDoc,
    { filter: variables.filter, first: PAGE - HEAD, after: headPage?.pageInfo.endCursor ?? null },
    !more,
  );
  // Live updates start once the first rows are shown, so they do not compete with them for the server.
  const live = useLiveQueue(variables.filter, headPage !== undefined);
  const client = useClient();
  const now = useNow(30_000);
  // The cursor follows a tip, not a row number: live updates re-sort the queue under the keyboard.
  const [cursorId, setCursorId] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const tableRef = useRef<HTMLTableSectionElement>(null);

  const rows = useMemo(() => {
    const loaded = new Map<string, QueueTipFragment>();
    for (const edge of headPage?.edges ?? []) loaded.set(edge.node.id, edge.node);
    for (const edge of (more && tail.data?.triageQueue.edges) || []) loaded.set(edge.node.id, edge.node);
    return live.merge([...loaded.values()]);
  }, [headPage, more, tail.data, live]);

  const found = cursorId === null ? -1 : rows.findIndex((tip) => tip.id === cursorId);
  const cursor = found >= 0 ? found : 0;
  const current = rows[cursor];
  // What the keys act on, as last rendered: the key listener is re-registered only after the paint, so a
  // key pressed in between must not act on the rows and cursor of the render before.
  const shown = useRef({ rows, current });
  shown.current = { rows, current };
  // A functional update: two keys pressed before a render must move twice.
  const moveBy = (step: number) =>
    setCursorId((previous) => {
      const latest = shown.current.rows;
      const at = previous === null ? -1 : latest.findIndex((tip) => tip.id === previous);
      const tip = latest[Math.max(0, Math.min((at >= 0 ? at : 0) + step, latest.length - 1))];
      return tip ? tip.id : previous;
    });

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      if (event.key === "j") moveBy(1);
      else if (event.key === "k") moveBy(-1);
      else if (event.key === "Enter" && shown.current.current) navigate(tipPath(shown.current.current.id));
      else if (event.key === "x" && shown.current.current) toggle(shown.current.current.id);
      else return;
      event.preventDefault();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });

  useEffect(() => {
    tableRef.current?.querySelector("tr[aria-current]")?.scrollIntoView({ block: "nearest" });
  }, [cursor]);

  function toggle(id: string) {
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const chosen = rows.filter((tip) => selected.has(tip.id)).map((tip) => ({ id: tip.id, version: tip.version }));
  const runner = tipDecisionRunner(client, chosen);
  const select = (key: string) => (e: Event) => setQuery({ [key]: (e.target as HTMLSelectElement).value || null });

  return (
    <div class="queue-view">
      <h1>Triage queue</h1>
      <form class="filters" aria-label="Queue filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Priority{" "}
          <select value={priority ?? ""} onChange={select("priority")}>
            <option value="">all</option>
            {PRIORITIES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          Class{" "}
          <select value={classification ?? ""} onChange={select("class")}>
            <option value="">all</option>
            <option>REFERRAL</option>
            <option>INFORMATIONAL</option>
          </select>
        </label>
        <label>
          Incident type{" "}
          <select value={incidentType ?? ""} onChange={select("type")}>
            <option value="">all</option>
            {INCIDENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {humanize(t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Platform{" "}
          <input value={platform} onChange={(e) => setQuery({ platform: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          Deadline within{" "}
          <select value={within} onChange={select("within")}>
            <option value="">any</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
          </select>
        </label>
        <label>
          Cluster kind{" "}
          <select value={clusterKind ?? ""} onChange={select("cluster")}>
            <option value="">any</option>
            {CLUSTER_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
      </form>
      <p class="hint" id="queue-keys">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>x</kbd> selects.{" "}
        <span data-testid="live-status">{live.status}</span>
      </p>
      {(head.error ?? tail.error) && (
        <p role="alert" class="error">
          {errorText(head.error ?? tail.error)}
        </p>
      )}
      <div class="queue-layout">
        <table class="queue" aria-describedby="queue-keys">
          <caption class="sr-only">Open tips, most urgent first</caption>
          <thead>
            <tr>
              <th scope="col">
                <span class="sr-only">Selected</span>
              </th>
              <th scope="col">Tip</th>
              <th scope="col">Priority</th>
              <th scope="col">Score</th>
              <th scope="col">Incident</th>
              <th scope="col">Platform</th>
              <th scope="col">Received</th>
              <th scope="col">Preservation deadline</th>
              <th scope="col">Disposition</th>
              <th scope="col">Cluster</th>
            </tr>
          </thead>
          <tbody ref={tableRef}>
            {rows.map((tip: QueueTipFragment, index) => {
              const urgent = tip.actionability?.priority === "URGENT";
              const overdue = tip.preservationDeadline ? Date.parse(tip.preservationDeadline) < now : false;
              return (
                <tr
                  key={tip.id}
                  data-tip={tip.id}
                  class={`${urgent ? "urgent" : ""} ${index === cursor ? "cursor" : ""} ${live.fresh.has(tip.id) ? "fresh" : ""}`}
                  aria-current={index === cursor ? "true" : undefined}
                  aria-selected={selected.has(tip.id)}
                  onClick={() => setCursorId(tip.id)}
                >
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${tip.id}`}
                      checked={selected.has(tip.id)}
                      onChange={() => toggle(tip.id)}
                    />
                  </td>
                  <td>
                    <a href={tipPath(tip.id)}>{tip.id}</a>
                  </td>
                  <td>
                    <span
                      class={`badge ${tip.actionability?.priority ?? ""}`}
                      title={tip.actionability?.urgentReason ?? undefined}
                    >
                      {tip.actionability?.priority ?? "—"}
                    </span>
                  </td>
                  <td>{tip.actionability?.score ?? "—"}</td>
                  <td>{humanize(tip.incidentType)}</td>
                  <td>{tip.platform ?? "—"}</td>
                  <td>{when(tip.receivedAt)}</td>
                  <td class={overdue ? "overdue" : ""} title={when(tip.preservationDeadline)}>
                    {countdown(tip.preservationDeadline, now)}
                  </td>
                  <td data-testid="disposition">{tip.disposition}</td>
                  <td>{tip.cluster ? <a href={`/clusters/${tip.cluster.id}`}>{tip.cluster.kind}</a> : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <aside class="bulk" aria-label="Bulk decision">
          <p>
            <span data-testid="selected-count">{chosen.length}</span> selected
            {chosen.length > 0 && (
              <button type="button" class="link" onClick={() => setSelected(new Set())}>
                clear
              </button>
            )}
          </p>
          <DecisionPanel
            title="Decide on the selected tips"
            run={runner}
            count={chosen.length}
            onDone={() => {
              setSelected(new Set());
              head.refetch();
              tail.refetch();
            }}
          />
        </aside>
      </div>
    </div>
  );
}

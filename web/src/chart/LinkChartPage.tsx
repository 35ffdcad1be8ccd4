// The link chart: centred on a tip or an identifier, expanded by clicking, generic identifiers held back
// behind a visible "N skipped" badge until the analyst deliberately includes them.
import type { Core } from "cytoscape";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { tipPath, when } from "../format";
import { graphql } from "../gql";
import type { IdentifierKind, Verdict } from "../gql/graphql";
import { errorText, mutate, useClient, useSession } from "../hooks";
import { navigate, setQuery } from "../router";
import { can } from "../session";
import { ChartModel, type ChartTip, type TipLink } from "./model";
import { drawChart, layoutFor } from "./render";

graphql(`
  fragment ChartTip on Tip {
    id
    disposition
    receivedAt
    platform
    actionability {
      priority
    }
  }
`);

// Every field of a judgement, so the one a judgeLink returns can stand in the cache's lists of them.
graphql(`
  fragment JudgementFields on Judgement {
    id
    tipA
    tipB
    verdict
    by
    at
    reason
    withdrawnBy
    withdrawnAt
  }
`);

export const ChartLinkedTipsDoc = graphql(`
  query ChartLinkedTips($id: ID!, $includeGeneric: Boolean!, $first: Int!) {
    tip(id: $id) {
      ...ChartTip
      judgements {
        ...JudgementFields
      }
      linkedTips(first: $first, includeGeneric: $includeGeneric) {
        totalCount
        skippedGenericIdentifiers
        truncated
        edges {
          weight
          node {
            ...ChartTip
          }
          shared {
            kind
            key
            weight
            reason
            generic
            tipCount
          }
        }
      }
    }
  }
`);

export const ChartIdentifierDoc = graphql(`
  query ChartIdentifier($kind: IdentifierKind!, $value: String!, $first: Int!) {
    identifier(kind: $kind, value: $value) {
      kind
      key
      generic
      genericReason
      tipCount
      tips(first: $first) {
        edges {
          node {
            ...ChartTip
          }
        }
      }
    }
  }
`);

export const ChartWhyMemberDoc = graphql(`
  query ChartWhyMember($cluster: ID!, $tip: ID!) {
    cluster(id: $cluster) {
      id
      whyMember(tipId: $tip) {
        fromTip
        toTip
        link {
          weight
          identifiers {
            kind
            key
          }
        }
      }
    }
  }
`);

const ChartTipDoc = graphql(`
  query ChartTipAlone($id: ID!) {
    tip(id: $id) {
      ...ChartTip
    }
  }
`);

const JudgeLinkDoc = graphql(`
  mutation JudgeLink($tipA: ID!, $tipB: ID!, $verdict: Verdict!, $reason: String!) {
    judgeLink(tipA: $tipA, tipB: $tipB, verdict: $verdict, reason: $reason) {
      ...JudgementFields
    }
  }
`);

const KINDS: IdentifierKind[] = ["ACCOUNT", "SCREEN_NAME", "EMAIL", "PHONE", "IP", "FILE_HASH", "URL", "DEVICE", "REPORT", "LOCATION"];
const FIRST = 100;

/** The newest judgement on the pair that is not withdrawn (the list is newest first). */
function standingVerdict(
  judgements: readonly { tipA: string; tipB: string; verdict: string; withdrawnAt?: string | null }[],
  a: string,
  b: string,
): string | undefined {
  const pair = (j: { tipA: string; tipB: string }) => (j.tipA === a && j.tipB === b) || (j.tipA === b && j.tipB === a);
  return judgements.find((j) => pair(j) && !j.withdrawnAt)?.verdict;
}

export type Centre = { tip: string } | { kind: string; value: string };

interface Expansion {
  tipId: string;
  total: number;
  skipped: number;
  truncated: boolean;
}

export function LinkChartPage(props: { centre: Centre; url: URL }) {
  const client = useClient();
  const session = useSession();
  const params = props.url.searchParams;
  const includeGeneric = params.get("generic") === "1";
  const hiddenKinds = useMemo(() => new Set((params.get("hide") ?? "").split(",").filter(Boolean)), [params.get("hide")]);
  const why = params.get("why");
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const centreId =
    "tip" in props.centre ? props.centre.tip : ChartModel.identifierId(props.centre.kind, props.centre.value);

  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const [model, setModel] = useState(() => new ChartModel());
  const [version, setVersion] = useState(0);
  const [expansions, setExpansions] = useState<Map<string, Expansion>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [genericNote, setGenericNote] = useState<string | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number; link: TipLink } | null>(null);
  const [chosen, setChosen] = useState<TipLink | null>(null);
  const [loading, setLoading] = useState(true);
  const [chain, setChain] = useState<{ from: string; to: string; via: string }[] | null>(null);

  // A tip expanded before in this sign-in is drawn from the cache, with the judgements made since (the
  // cache adds each new one to both tips), so going back to a chart shows it as it was left.
  async function expandTip(target: ChartModel, tipId: string): Promise<void> {
    const result = await client
      .query(ChartLinkedTipsDoc, { id: tipId, includeGeneric, first: FIRST }, { requestPolicy: "cache-first" })
      .toPromise();
    if (result.error) throw result.error;
    const tip = result.data?.tip;
    if (!tip) throw new Error(`no tip ${tipId} that you may see`);
    target.addTip(tip as ChartTip);
    for (const edge of tip.linkedTips.edges) {
      target.addTip(edge.node as ChartTip);
      const verdict = standingVerdict(tip.judgements, tip.id, edge.node.id);
      target.addLink({ a: tip.id, b: edge.node.id, weight: edge.weight, shared: edge.shared, verdict });
    }
    target.expanded.add(tip.id);
    setExpansions((previous) =>
      new Map(previous).set(tip.id, {
        tipId: tip.id,
        total: tip.linkedTips.totalCount,
        skipped: tip.linkedTips.skippedGenericIdentifiers,
        truncated: tip.linkedTips.truncated,
      }),
    );
  }

  async function expandIdentifier(target: ChartModel, kind: string, value: string, deliberate: boolean) {
    const result = await client
      .query(ChartIdentifierDoc, { kind: kind as IdentifierKind, value, first: FIRST }, { requestPolicy: "network-only" })
      .toPromise();
    if (result.error) throw result.error;
    const identifier = result.data?.identifier;
    if (!identifier) throw new Error(`no identifier ${kind} ${value}`);
    const tips = identifier.tips.edges.map((e) => e.node as ChartTip);
    if (identifier.generic && !deliberate) {
      target.addIdentifier(identifier, []);
      setGenericNote(
        `${identifier.kind} ${identifier.key} is generic (${identifier.genericReason ?? "shared too widely"}): its ${identifier.tipCount} tips are held back.`,
      );
      return;
    }
    setGenericNote(null);
    tips.forEach((tip) => target.addTip(tip));
    target.addIdentifier(identifier, tips.map((t) => t.id));
  }

  // Why the centre tip is in a cluster: the chain of strong links from the cluster's first member, each
  // step's tips and link added to the chart and the links highlighted.
  async function showWhyMember(target: ChartModel, clusterId: string, tipId: string): Promise<void> {
    const result = await client
      .query(ChartWhyMemberDoc, { cluster: clusterId, tip: tipId }, { requestPolicy: "network-only" })
      .toPromise();
    if (result.error) throw result.error;
    const steps = result.data?.cluster?.whyMember;
    if (!steps) {
      setChain(null);
      throw new Error(`tip ${tipId} is not a member of cluster ${clusterId} that you may see through links`);
    }
    for (const tipOnChain of new Set(steps.flatMap((step) => [step.fromTip, step.toTip]))) {
      if (target.tips.has(tipOnChain)) continue;
      const found = await client.query(ChartTipDoc, { id: tipOnChain }).toPromise();
      if (found.data?.tip) target.addTip(found.data.tip as ChartTip);
    }
    for (const step of steps) {
      target.addPathLink({
        a: step.fromTip,
        b: step.toTip,
        weight: step.link.weight,
        shared: step.link.identifiers.map((i) => ({
          kind: i.kind,
          key: i.key,
          weight: step.link.weight,
          reason: "a strong link of the cluster",
          generic: false,
          tipCount: 0,
        })),
      });
    }
    setChain(
      steps.map((step) => ({
        from: step.fromTip,
        to: step.toTip,
        via: step.link.identifiers.map((i) => `${i.kind} ${i.key}`).join(", "),
      })),
    );
  }

  // (Re)load when the centre or the generic switch changes.
  useEffect(() => {
    const fresh = new ChartModel();
    setLoading(true);
    setError(null);
    setExpansions(new Map());
    setChain(null);
    const centre = props.centre;
    const loading =
      "tip" in centre
        ? expandTip(fresh, centre.tip).then(() => (why ? showWhyMember(fresh, why, centre.tip) : undefined))
        : expandIdentifier(fresh, centre.kind, centre.value, includeGeneric);
    loading
      .then(() => {
        setModel(fresh);
        setVersion((v) => v + 1);
      })
      .catch((e: Error) => setError(errorText(e)))
      .finally(() => setLoading(false));
  }, [centreId, includeGeneric, why]);

  // Draw: the first chart in one call (elements, style, layout together); later changes swap the elements
  // in one batch and lay out again, without animation.
  useEffect(() => {
    if (!container.current) return;
    const elements = model.elements(centreId);
    if (!cy.current) {
      if (elements.length === 0) return;
      cy.current = drawChart(container.current, elements, centreId);
    } else {
      const graph = cy.current;
      graph.batch(() => {
        graph.elements().remove();
        graph.add(elements);
      });
      graph.layout(layoutFor(graph.nodes().length, centreId)).run();
    }
    const graph = cy.current;
    applyFilters();
    container.current.dataset.tipNodes = String(graph.nodes(".tip").length);
    if (version > 0) container.current.dataset.ready = String(version);
  }, [model, version]);

  useEffect(() => applyFilters(), [hiddenKinds, from, to]);

  useEffect(() => () => cy.current?.destroy(), []);

  // Events: tap a tip to expand it, tap an identifier to show its tips, hover an edge for its identifiers.
  useEffect(() => {
    const graph = cy.current;
    if (!graph) return;
    graph.removeListener("tap mouseover mouseout cxttap");
    graph.on("tap", "node.tip", (event) => void expandAndRedraw(event.target.id()));
    graph.on("tap", "node.identifier", (event) => {
      const identifier = model.identifiers.get(event.target.id());
      if (identifier) navigate(`/chart/identifier/${identifier.kind}/${encodeURIComponent(identifier.key)}`);
    });
    graph.on("mouseover", "edge", (event) => {
      const link = model.links.get(event.target.id());
      const position = event.renderedPosition ?? { x: 0, y: 0 };
      if (link) setHover({ x: position.x, y: position.y, link });
    });
    graph.on("mouseout", "edge", () => setHover(null));
    graph.on("tap cxttap", "edge", (event) => {
      const link = model.links.get(event.target.id());
      if (link) setChosen(link);
    });
  });

  function applyFilters() {
    const graph = cy.current;
    if (!graph) return;
    const fromMs = from ? Date.parse(from) : -Infinity;
    const toMs = to ? Date.parse(to) + 86_400_000 : Infinity;
    graph.batch(() => {
      graph.nodes(".tip").forEach((node) => {
        const at = Date.parse(node.data("receivedAt") as string);
        const outside = node.id() !== centreId && (at < fromMs || at >= toMs);
        node.toggleClass("hidden", outside);
      });
      graph.edges().forEach((edge) => {
        const kinds = String(edge.data("kinds")).split(" ").filter(Boolean);
        const hidden = kinds.length > 0 && kinds.every((k) => hiddenKinds.has(k));
        edge.toggleClass("hidden", hidden);
      });
    });
  }

  async function expandAndRedraw(tipId: string) {
    try {
      await expandTip(model, tipId);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(errorText(e as Error));
    }
  }

  async function judge(link: TipLink, verdict: Verdict, reason: string) {
    try {
      await mutate(client, JudgeLinkDoc, { tipA: link.a, tipB: link.b, verdict, reason });
      link.verdict = verdict;
      model.addLink(link);
      setVersion((v) => v + 1);
      setChosen({ ...link });
    } catch (e) {
      setError(errorText(e as Error));
    }
  }

  const centreExpansion = "tip" in props.centre ? expansions.get(props.centre.tip) : undefined;
  const tips = [...model.tips.values()];
  const toggleKind = (kind: string) => {
    const next = new Set(hiddenKinds);
    if (next.has(kind)) next.delete(kind);
    else next.add(kind);
    setQuery({ hide: [...next].join(",") });
  };

  return (
    <div class="chart-view">
      <h1>
        Link chart:{" "}
        {"tip" in props.centre ? (
          <a href={tipPath(props.centre.tip)}>tip {props.centre.tip}</a>
        ) : (
          `${props.centre.kind} ${props.centre.value}`
        )}
      </h1>
      <div class="chart-toolbar">
        <p data-testid="chart-summary" aria-live="polite">
          {loading ? "Loading…" : `${tips.length} tips, ${model.links.size} links`}
          {centreExpansion && ` · linkedTips: ${centreExpansion.total}${centreExpansion.truncated ? " (truncated)" : ""}`}
        </p>
        {centreExpansion && centreExpansion.skipped > 0 && !includeGeneric && (
          <p class="skipped">
            <span class="badge generic" data-testid="skipped-badge">
              {centreExpansion.skipped} skipped
            </span>{" "}
            generic identifiers link tips only weakly and are left out.{" "}
            <button
              type="button"
              data-testid="include-generic"
              onClick={() => {
                if (window.confirm(`Include ${centreExpansion.skipped} generic identifiers? They can add many unrelated tips.`))
                  setQuery({ generic: "1" }, false);
              }}
            >
              Include generic identifiers…
            </button>
          </p>
        )}
        {genericNote && !includeGeneric && (
          <p class="skipped">
            <span class="badge generic" data-testid="skipped-badge">
              generic
            </span>{" "}
            {genericNote}{" "}
            <button
              type="button"
              data-testid="include-generic"
              onClick={() => {
                if (window.confirm("Show the tips of a generic identifier?")) setQuery({ generic: "1" }, false);
              }}
            >
              Show its tips anyway…
            </button>
          </p>
        )}
        {includeGeneric && (
          <p>
            Generic identifiers included.{" "}
            <button type="button" onClick={() => setQuery({ generic: null }, false)}>
              Leave them out
            </button>
          </p>
        )}
        <fieldset class="kind-filter">
          <legend>Links through</legend>
          {KINDS.map((kind) => (
            <label key={kind}>
              <input type="checkbox" checked={!hiddenKinds.has(kind)} onChange={() => toggleKind(kind)} /> {kind}
            </label>
          ))}
        </fieldset>
        <label>
          Received from <input type="date" value={from} onChange={(e) => setQuery({ from: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          to <input type="date" value={to} onChange={(e) => setQuery({ to: (e.target as HTMLInputElement).value })} />
        </label>
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {chain && why && (
        <section class="why-member" aria-labelledby="why-title" data-testid="why-chain">
          <h2 id="why-title">
            Why it is in cluster <a href={`/clusters/${encodeURIComponent(why)}`}>{why}</a>
          </h2>
          {chain.length === 0 ? (
            <p>It is the cluster's first linked member.</p>
          ) : (
            <ol>
              {chain.map((step) => (
                <li key={step.from + step.to}>
                  {step.from} → {step.to} via {step.via}
                </li>
              ))}
            </ol>
          )}
          <p class="muted">The chain's links are drawn thick and purple.</p>
        </section>
      )}
      <div class="chart-layout">
        <div class="chart-frame">
          <div
            ref={container}
            class="chart"
            data-testid="chart"
            role="img"
            aria-label="Link chart of tips; the list beside it holds the same tips"
          />
          {hover && (
            <div class="tooltip" role="tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }}>
              <strong>weight {hover.link.weight.toFixed(2)}</strong>
              <ul>
                {hover.link.shared.map((s) => (
                  <li key={s.kind + s.key}>
                    {s.kind} {s.key} ({s.weight.toFixed(2)}): {s.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
        <aside class="chart-side" aria-label="Chart details">
          {chosen && (
            <LinkPanel
              link={chosen}
              mayJudge={can.triage(session)}
              onJudge={(verdict, reason) => void judge(chosen, verdict, reason)}
              onClose={() => setChosen(null)}
            />
          )}
          <h2>Tips in the chart</h2>
          <ul class="chart-tips" data-testid="chart-tips">
            {tips.map((tip) => (
              <li key={tip.id}>
                <a href={tipPath(tip.id)}>{tip.id}</a> {tip.actionability?.priority ?? ""} · {tip.disposition} ·{" "}
                {when(tip.receivedAt)}{" "}
                {model.expanded.has(tip.id) ? (
                  <span class="muted">expanded</span>
                ) : (
                  <button type="button" onClick={() => void expandAndRedraw(tip.id)} aria-label={`Expand ${tip.id}`}>
                    Expand
                  </button>
                )}
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </div>
  );
}

function LinkPanel(props: {
  link: TipLink;
  mayJudge: boolean;
  onJudge: (verdict: Verdict, reason: string) => void;
  onClose: () => void;
}) {
  const { link } = props;
  const [reason, setReason] = useState("");
  return (
    <section class="link-panel" aria-labelledby="link-title" data-testid="link-panel">
      <h2 id="link-title">
        {link.a} — {link.b}
      </h2>
      <p>
        Weight {link.weight.toFixed(2)}
        {link.verdict && <> · judged {link.verdict}</>}
      </p>
      <ul>
        {link.shared.map((s) => (
          <li key={s.kind + s.key}>
            <a href={`/chart/identifier/${s.kind}/${encodeURIComponent(s.key)}`}>
              {s.kind} {s.key}
            </a>{" "}
            ({s.weight.toFixed(2)}, {s.tipCount} tips{s.generic ? ", generic" : ""}): {s.reason}
          </li>
        ))}
      </ul>
      {props.mayJudge && (
        <div class="judge">
          <label>
            Reason <input value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
          </label>
          <button type="button" disabled={!reason.trim()} onClick={() => props.onJudge("SAME", reason)}>
            Same offender
          </button>
          <button type="button" disabled={!reason.trim()} onClick={() => props.onJudge("DIFFERENT", reason)}>
            Different offenders
          </button>
        </div>
      )}
      <button type="button" class="link" onClick={props.onClose}>
        Close
      </button>
    </section>
  );
}

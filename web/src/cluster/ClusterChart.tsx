// The cluster's chart: its members and, drawn apart from them in orange, each bridge (a link whose removal
// would split the cluster) joined to the tips it joins, so the weak points of a cluster are seen at a glance.
import type { Core, ElementDefinition } from "cytoscape";
import { useEffect, useRef } from "preact/hooks";
import { drawChart } from "../chart/render";
import { PRIORITY_COLOURS } from "../chart/style";

export interface ChartMember {
  id: string;
  disposition?: string | null;
  actionability?: { priority: string } | null;
}

export interface ChartBridge {
  link: { weight: number; identifiers: { kind: string; key: string }[] };
  parts: number[];
  tips: string[];
}

export function bridgeId(index: number): string {
  return `bridge:${index}`;
}

export function clusterElements(members: ChartMember[], bridges: ChartBridge[]): ElementDefinition[] {
  const shown = new Set(members.map((m) => m.id));
  const elements: ElementDefinition[] = members.map((tip) => ({
    group: "nodes",
    data: { id: tip.id, label: tip.id, colour: PRIORITY_COLOURS[tip.actionability?.priority ?? "P3"] ?? "#5d6d7e" },
    classes: `tip ${tip.disposition ?? ""}`.trim(),
  }));
  bridges.forEach((bridge, index) => {
    const id = bridgeId(index);
    const label = bridge.link.identifiers.map((i) => `${i.kind} ${i.key}`).join(" + ");
    elements.push({ group: "nodes", data: { id, label, shape: "diamond" }, classes: "identifier bridge" });
    for (const tip of bridge.tips) {
      // A bridge may join members beyond the first page of the table: those are not drawn.
      if (!shown.has(tip)) continue;
      elements.push({
        group: "edges",
        data: { id: `${id}\u0000${tip}`, source: id, target: tip, weight: bridge.link.weight },
        classes: "bridge",
      });
    }
  });
  return elements;
}

export function ClusterChart(props: { clusterId: string; members: ChartMember[]; bridges: ChartBridge[] }) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  // Drawn again only when what it shows changed, not on every render of the page around it.
  const drawn = JSON.stringify([props.members, props.bridges]);
  useEffect(() => {
    if (!container.current) return;
    cy.current?.destroy();
    const elements = clusterElements(props.members, props.bridges);
    const graph = drawChart(container.current, elements, props.members[0]?.id ?? "");
    cy.current = graph;
    container.current.dataset.tipNodes = String(graph.nodes(".tip").length);
    container.current.dataset.bridgeNodes = String(graph.nodes(".bridge").length);
    container.current.dataset.ready = "1";
    return () => {
      graph.destroy();
      cy.current = null;
    };
  }, [props.clusterId, drawn]);
  return (
    <figure class="cluster-chart">
      <div
        ref={container}
        class="chart chart-small"
        data-testid="cluster-chart"
        role="img"
        aria-label="Chart of the cluster's members with its bridges in orange; the bridges are listed beside it"
      />
      <figcaption>
        Members as circles coloured by priority; each bridge is an orange diamond joined to the tips it joins.
      </figcaption>
    </figure>
  );
}

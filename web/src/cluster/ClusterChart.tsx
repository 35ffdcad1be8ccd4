// The cluster's chart: its members joined by the strong links that hold it together (a link joining two
// tips is an edge, one joining more is a small diamond joined to each), and its bridges (links whose
// removal would split the cluster) drawn in orange, so its weak points are seen at a glance.
import type { Core, ElementDefinition } from "cytoscape";
import { useEffect, useRef } from "preact/hooks";
import { drawChart } from "../chart/render";
import { PRIORITY_COLOURS } from "../chart/style";

export interface ChartMember {
  id: string;
  disposition?: string | null;
  actionability?: { priority: string } | null;
}

export interface JoiningLink {
  link: { weight: number; identifiers: { kind: string; key: string }[] };
  tips: string[];
}

/** A link named by its identifiers, as bridges and strong links both carry them. */
export function linkKey(link: JoiningLink["link"]): string {
  return link.identifiers.map((i) => `${i.kind}:${i.key}`).join(" ");
}

export function clusterElements(members: ChartMember[], links: JoiningLink[], bridges: JoiningLink[]): ElementDefinition[] {
  const shown = new Set(members.map((m) => m.id));
  const bridgeKeys = new Set(bridges.map((b) => linkKey(b.link)));
  const linkKeys = new Set(links.map((l) => linkKey(l.link)));
  // A bridge beyond the strong links asked for is still drawn.
  const drawn = [...links, ...bridges.filter((b) => !linkKeys.has(linkKey(b.link)))];
  const elements: ElementDefinition[] = members.map((tip) => ({
    group: "nodes",
    data: { id: tip.id, label: tip.id, colour: PRIORITY_COLOURS[tip.actionability?.priority ?? "P3"] ?? "#5d6d7e" },
    classes: `tip ${tip.disposition ?? ""}`.trim(),
  }));
  drawn.forEach((joining, index) => {
    const key = linkKey(joining.link);
    const tips = joining.tips.filter((tip) => shown.has(tip)); // members beyond the table's page are not drawn
    if (tips.length < 2) return;
    const bridge = bridgeKeys.has(key) ? "bridge" : "";
    const data = { weight: joining.link.weight, link: key, kinds: joining.link.identifiers.map((i) => i.kind).join(" ") };
    if (tips.length === 2) {
      elements.push({ group: "edges", data: { ...data, id: `link:${index}`, source: tips[0], target: tips[1] }, classes: bridge });
      return;
    }
    const node = `link:${index}`;
    const label = joining.link.identifiers.map((i) => `${i.kind} ${i.key}`).join(" + ");
    elements.push({ group: "nodes", data: { id: node, label, shape: "diamond" }, classes: `identifier link ${bridge}`.trim() });
    for (const tip of tips) {
      elements.push({ group: "edges", data: { ...data, id: `${node}\u0000${tip}`, source: node, target: tip }, classes: bridge });
    }
  });
  return elements;
}

export function ClusterChart(props: { clusterId: string; members: ChartMember[]; links: JoiningLink[]; bridges: JoiningLink[] }) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  // Drawn again only when what it shows changed, not on every render of the page around it.
  const drawn = JSON.stringify([props.members, props.links, props.bridges]);
  useEffect(() => {
    if (!container.current) return;
    cy.current?.destroy();
    const elements = clusterElements(props.members, props.links, props.bridges);
    const graph = drawChart(container.current, elements, props.members[0]?.id ?? "");
    cy.current = graph;
    container.current.dataset.tipNodes = String(graph.nodes(".tip").length);
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
        aria-label="Chart of the cluster's members and the strong links between them, bridges in orange; the bridges are listed above"
      />
      <figcaption>
        Members as circles coloured by priority, joined by their strong links (a diamond where one identifier joins
        more than two); bridges in orange.
      </figcaption>
    </figure>
  );
}

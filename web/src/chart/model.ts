// The chart's contents as plain data, merged as the analyst expands nodes; cytoscape only draws it.
import type { ElementDefinition } from "cytoscape";
import { KIND_SHAPES, PRIORITY_COLOURS } from "./style";

export interface ChartTip {
  id: string;
  disposition: string;
  receivedAt: string;
  platform?: string | null;
  actionability?: { priority: string } | null;
}

export interface SharedIdentifier {
  kind: string;
  key: string;
  weight: number;
  reason: string;
  generic: boolean;
  tipCount: number;
}

export interface TipLink {
  a: string;
  b: string;
  weight: number;
  shared: SharedIdentifier[];
  verdict?: string;
}

export interface ChartIdentifier {
  kind: string;
  key: string;
  generic: boolean;
  tipCount: number;
}

export class ChartModel {
  tips = new Map<string, ChartTip>();
  identifiers = new Map<string, ChartIdentifier>();
  links = new Map<string, TipLink>();
  identifierEdges = new Set<string>();
  expanded = new Set<string>();
  /** Links on the chain `whyMember` gave: drawn highlighted. */
  path = new Set<string>();

  static linkId(a: string, b: string): string {
    return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  }

  static identifierId(kind: string, key: string): string {
    return `id:${kind}:${key}`;
  }

  addTip(tip: ChartTip): void {
    this.tips.set(tip.id, tip);
  }

  addLink(link: TipLink): void {
    const id = ChartModel.linkId(link.a, link.b);
    const known = this.links.get(id);
    this.links.set(id, { ...link, verdict: known?.verdict ?? link.verdict });
  }

  /** A link of a membership chain: kept as known when the chart already has it, highlighted either way. */
  addPathLink(link: TipLink): void {
    const id = ChartModel.linkId(link.a, link.b);
    if (!this.links.has(id)) this.links.set(id, link);
    this.path.add(id);
  }

  addIdentifier(identifier: ChartIdentifier, tipIds: string[]): void {
    const nodeId = ChartModel.identifierId(identifier.kind, identifier.key);
    this.identifiers.set(nodeId, identifier);
    for (const tipId of tipIds) this.identifierEdges.add(`${nodeId}\u0000${tipId}`);
  }

  elements(centre: string): ElementDefinition[] {
    const nodes: ElementDefinition[] = [...this.tips.values()].map((tip) => ({
      group: "nodes",
      data: {
        id: tip.id,
        label: tip.id,
        colour: PRIORITY_COLOURS[tip.actionability?.priority ?? "P3"] ?? "#5d6d7e",
        receivedAt: tip.receivedAt,
      },
      classes: ["tip", tip.disposition, tip.id === centre ? "centre" : "", this.expanded.has(tip.id) ? "expanded" : ""]
        .filter(Boolean)
        .join(" "),
    }));
    for (const [id, identifier] of this.identifiers) {
      nodes.push({
        group: "nodes",
        data: { id, label: `${identifier.kind} ${identifier.key}`, shape: KIND_SHAPES[identifier.kind] ?? "ellipse" },
        classes: `identifier ${identifier.generic ? "generic" : ""} ${id === centre ? "centre" : ""}`,
      });
    }
    const edges: ElementDefinition[] = [...this.links.entries()].map(([id, link]) => ({
      group: "edges",
      data: { id, source: link.a, target: link.b, weight: link.weight, kinds: link.shared.map((s) => s.kind).join(" ") },
      classes: [link.verdict ?? "", this.path.has(id) ? "path" : ""].join(" ").trim(),
    }));
    for (const edge of this.identifierEdges) {
      const [source, target] = edge.split("\u0000");
      const kind = this.identifiers.get(source ?? "")?.kind ?? "";
      edges.push({ group: "edges", data: { id: edge, source, target, weight: 0.5, kinds: kind } });
    }
    return [...nodes, ...edges];
  }
}

// How a chart is laid out and drawn, kept fast at 300+ nodes (bench/workbench.py mirrors these settings):
// elements, style and layout go to cytoscape in one call (one style pass, one layout, one paint); labels are
// drawn only where they are readable (min-zoomed-font-size); edges are haystack (straight, no bezier control
// points); while panning or zooming the canvas moves as a texture and edges are hidden.
import cytoscape, { type Core, type ElementDefinition, type LayoutOptions } from "cytoscape";
import { chartStyle } from "./style";

/** Above this many nodes force-directed layout (cose) costs more than the budget allows; concentric rings
 * around the centre stay readable and are linear. */
export const FORCE_LAYOUT_UP_TO = 150;

export function layoutFor(count: number, centreId: string): LayoutOptions {
  return count > FORCE_LAYOUT_UP_TO
    ? {
        name: "concentric",
        animate: false,
        minNodeSpacing: 12,
        concentric: (node) => (node.id() === centreId ? 2 : 1),
        levelWidth: () => 1,
      }
    : { name: "cose", animate: false, randomize: true, numIter: 400, nodeRepulsion: () => 8000 };
}

export function drawChart(container: HTMLElement, elements: ElementDefinition[], centreId: string): Core {
  const count = elements.filter((element) => element.group === "nodes").length;
  return cytoscape({
    container,
    elements,
    style: chartStyle,
    layout: layoutFor(count, centreId),
    textureOnViewport: true,
    hideEdgesOnViewport: true,
    motionBlur: false,
  });
}

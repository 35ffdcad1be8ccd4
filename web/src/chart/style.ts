// How the link chart draws things: identifiers' shape by kind, tips' colour by priority and border by
// disposition, edges' width by weight.
import type { StylesheetJson } from "cytoscape";

export const KIND_SHAPES: Record<string, string> = {
  ACCOUNT: "round-rectangle",
  SCREEN_NAME: "round-tag",
  EMAIL: "diamond",
  PHONE: "triangle",
  IP: "hexagon",
  FILE_HASH: "square",
  LOCATION: "star",
  URL: "vee",
  DEVICE: "octagon",
  REPORT: "rhomboid",
};

export const PRIORITY_COLOURS: Record<string, string> = {
  URGENT: "#b00020",
  P1: "#d35400",
  P2: "#b7950b",
  P3: "#5d6d7e",
};

export const chartStyle: StylesheetJson = [
  {
    selector: "node.tip",
    style: {
      shape: "ellipse",
      width: 26,
      height: 26,
      "background-color": "data(colour)",
      label: "data(label)",
      "font-size": 9,
      "text-valign": "bottom",
      "text-margin-y": 3,
      "border-width": 2,
      "border-color": "#1b2631",
      "min-zoomed-font-size": 8,
    },
  },
  { selector: "node.tip.REFERRED, node.tip.CLOSED", style: { "border-style": "double", "border-width": 4 } },
  { selector: "node.tip.NON_ACTIONABLE", style: { opacity: 0.6 } },
  { selector: "node.centre", style: { width: 38, height: 38, "border-color": "#1a5276", "border-width": 4 } },
  { selector: "node.expanded", style: { "border-color": "#1a5276" } },
  {
    selector: "node.identifier",
    style: {
      shape: "data(shape)" as never,
      width: 22,
      height: 22,
      "background-color": "#7fb3d5",
      label: "data(label)",
      "font-size": 8,
      "text-valign": "bottom",
      "min-zoomed-font-size": 8,
    },
  },
  { selector: "node.identifier.generic", style: { "background-color": "#bbb", "border-style": "dashed" } },
  {
    selector: "edge",
    style: {
      width: "mapData(weight, 0, 1, 1, 8)",
      "line-color": "#85929e",
      "curve-style": "haystack",
      "haystack-radius": 0,
      opacity: 0.8,
    },
  },
  { selector: "edge.SAME", style: { "line-color": "#1e8449" } },
  { selector: "edge.DIFFERENT", style: { "line-color": "#c0392b", "line-style": "dashed" } },
  { selector: "edge.path", style: { "line-color": "#8e44ad", width: 8 } },
  // A cluster's bridges: the links whose removal would split it.
  { selector: "node.link", style: { width: 14, height: 14, "background-color": "#85929e" } },
  { selector: "node.bridge", style: { "background-color": "#e67e22", "border-width": 3, "border-color": "#a04000", width: 24, height: 24 } },
  { selector: "edge.bridge", style: { "line-color": "#e67e22", width: 6, opacity: 1 } },
  { selector: ":selected", style: { "overlay-opacity": 0.2, "overlay-color": "#1a5276" } },
  { selector: ".hidden", style: { display: "none" } },
];

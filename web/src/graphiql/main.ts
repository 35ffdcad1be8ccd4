// GraphiQL built into the project's own assets, so the page works on a network without internet access.
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { createElement } from "react";
import { createRoot } from "react-dom/client";

const fetcher = createGraphiQLFetcher({ url: `${window.location.origin}/graphql` });
const root = document.getElementById("graphiql");
if (root) {
  createRoot(root).render(createElement(GraphiQL, { fetcher, defaultEditorToolbarTabs: "headers" } as never));
}

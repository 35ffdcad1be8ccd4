// GraphiQL built into the project's own assets, so the page works on a network without internet access.
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { createElement } from "react";
import { createRoot } from "react-dom/client";

const fetcher = createGraphiQLFetcher({ url: `${window.location.origin}/graphql` });
// Signed in to the workbench in this tab? Then GraphiQL starts with the same bearer token.
const token = sessionStorage.getItem("tipgraph.session");
const defaultHeaders = token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : undefined;
const root = document.getElementById("graphiql");
if (root) {
  createRoot(root).render(createElement(GraphiQL, { fetcher, defaultHeaders } as never));
}

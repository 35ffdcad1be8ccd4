import { render } from "preact";
import { App } from "./App";
import { interceptLinks } from "./router";
import { loadSession } from "./session";
import type { WorkbenchConfig } from "./signin/SignIn";
import "./styles.css";

async function start(): Promise<void> {
  const root = document.getElementById("app");
  if (!root) return;
  const config = (await (await fetch("/workbench/config")).json()) as WorkbenchConfig;
  interceptLinks(root);
  render(<App config={config} initial={loadSession()} />, root);
}

void start();

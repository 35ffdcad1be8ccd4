import { render } from "preact";
import { App } from "./App";
import { clientFor } from "./client";
import { TriageQueueDoc, queueVariables } from "./queue/Queue";
import { interceptLinks } from "./router";
import { can, loadSession } from "./session";
import "./styles.css";

const session = loadSession();
// A signed-in load of the queue asks for it now, while the app renders, not after it mounts: the queue
// reads the answer from the client's cache (the same operation, so no second request).
if (session && can.triage(session) && location.pathname === "/queue") {
  const url = new URL(location.href);
  void clientFor(session).query(TriageQueueDoc, queueVariables(url), { requestPolicy: "network-only" }).toPromise();
}

const root = document.getElementById("app");
if (root) {
  interceptLinks(root);
  render(<App initial={session} />, root);
}

import type { Client } from "@urql/core";
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { clientFor, forgetClient } from "./client";
import { ClientContext, SessionContext } from "./hooks";
import { lazyView } from "./lazy";
import { Queue } from "./queue/Queue";
import { navigate, useLocation } from "./router";
import { type Session, can, saveSession } from "./session";

// The queue is the first view of most sessions and stays in the main chunk; the rest load on first use.
const AuditLog = lazyView(() => import("./audit/AuditLog").then((m) => m.AuditLog));
const LinkChartPage = lazyView(() => import("./chart/LinkChartPage").then((m) => m.LinkChartPage));
const ClusterPage = lazyView(() => import("./cluster/ClusterPage").then((m) => m.ClusterPage));
const IncidentPage = lazyView(() => import("./incident/IncidentPage").then((m) => m.IncidentPage));
const Lookup = lazyView(() => import("./lookup/Lookup").then((m) => m.Lookup));
const Referrals = lazyView(() => import("./referrals/Referrals").then((m) => m.Referrals));
const SignIn = lazyView(() => import("./signin/SignIn").then((m) => m.SignIn));
const TipPage = lazyView(() => import("./tip/TipPage").then((m) => m.TipPage));

function home(session: Session): string {
  if (can.triage(session)) return "/queue";
  if (can.recordOutcome(session)) return "/referrals";
  if (can.readAudit(session)) return "/audit";
  return "/lookup";
}

function Nav(props: { session: Session; path: string }) {
  const { session, path } = props;
  const links: [string, string][] = [];
  if (can.triage(session)) links.push(["/queue", "Queue"]);
  if (can.recordOutcome(session)) links.push(["/referrals", "My referrals"]);
  if (can.readTips(session) && session.role !== "reporter") links.push(["/lookup", "Identifier lookup"]);
  if (can.readAudit(session)) links.push(["/audit", "Audit log"]);
  return (
    <nav aria-label="Main">
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={path.startsWith(href) ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Routes(props: { session: Session; url: URL }): ComponentChildren {
  const { session, url } = props;
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second, third, fourth] = parts;
  if (session.role === "reporter") {
    return <p>Reporting services submit tips through the API; the workbench is for analysts and investigators.</p>;
  }
  switch (first) {
    case "queue":
      return can.triage(session) ? <Queue url={url} /> : <Forbidden />;
    case "tips":
      return second && can.readTips(session) ? <TipPage id={second} /> : <Forbidden />;
    case "chart":
      if (!can.readTips(session)) return <Forbidden />;
      if (second === "tip" && third) return <LinkChartPage centre={{ tip: third }} url={url} />;
      if (second === "identifier" && third && fourth)
        return <LinkChartPage centre={{ kind: third, value: fourth }} url={url} />;
      return <NotFound />;
    case "clusters":
      return second && can.readTips(session) ? <ClusterPage id={second} /> : <NotFound />;
    case "incidents":
      return second && can.readTips(session) ? <IncidentPage id={second} /> : <NotFound />;
    case "lookup":
      return can.readTips(session) ? <Lookup url={url} /> : <Forbidden />;
    case "referrals":
      return can.recordOutcome(session) ? <Referrals /> : <Forbidden />;
    case "audit":
      return can.readAudit(session) ? <AuditLog url={url} /> : <Forbidden />;
    default:
      return <NotFound />;
  }
}

function Forbidden() {
  return <p role="alert">Your role cannot open this view.</p>;
}

function NotFound() {
  return <p role="alert">There is no such page.</p>;
}

export function App(props: { initial: Session | null }) {
  const [session, setSession] = useState<Session | null>(props.initial);
  const url = useLocation();
  const client = useMemo<Client | null>(() => (session ? clientFor(session) : null), [session]);

  useEffect(() => {
    if (session && (url.pathname === "/" || url.pathname.startsWith("/signin"))) navigate(home(session), true);
  }, [session, url.pathname]);

  if (!session || !client) {
    return (
      <SignIn
        onSignedIn={(signedIn) => {
          saveSession(signedIn);
          setSession(signedIn);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <ClientContext.Provider value={client}>
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="top">
          <span class="brand">tipgraph</span>
          <Nav session={session} path={url.pathname} />
          <div class="who" aria-label="Signed in as">
            <span data-testid="who">{session.subject}</span> · <strong data-testid="role">{session.role}</strong>
            {session.agency && <span data-testid="agency"> · {session.agency}</span>}
            <button
              type="button"
              onClick={() => {
                saveSession(null);
                forgetClient();
                setSession(null);
                navigate("/");
              }}
            >
              Sign out
            </button>
          </div>
        </header>
        <main id="content" tabIndex={-1}>
          <Routes session={session} url={url} />
        </main>
      </ClientContext.Provider>
    </SessionContext.Provider>
  );
}

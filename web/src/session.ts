// Who is signed in: the bearer token and the claims the UI needs (the API checks the token on every call).
export type Role = "reporter" | "analyst" | "investigator" | "supervisor" | "auditor";

export interface Session {
  token: string;
  subject: string;
  role: Role;
  agency: string | null;
}

const KEY = "tipgraph.session";
const ROLES: readonly Role[] = ["reporter", "analyst", "investigator", "supervisor", "auditor"];

export function sessionFromToken(token: string): Session | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
    const role = claims.role as Role;
    if (!ROLES.includes(role) || typeof claims.sub !== "string") return null;
    if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) return null;
    const agency = typeof claims.agency === "string" ? claims.agency : null;
    return { token, subject: claims.sub, role, agency };
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  return token ? sessionFromToken(token) : null;
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, session.token);
  else sessionStorage.removeItem(KEY);
}

/** What each role may do: the UI never shows a control the role may not use. */
export const can = {
  triage: (s: Session) => s.role === "analyst" || s.role === "supervisor",
  undo: (s: Session) => s.role === "supervisor",
  markGeneric: (s: Session) => s.role === "supervisor",
  recordOutcome: (s: Session) => s.role === "investigator",
  readTips: (s: Session) => s.role !== "auditor",
  readAudit: (s: Session) => s.role === "auditor",
};

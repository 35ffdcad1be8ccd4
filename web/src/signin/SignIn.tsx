import { useEffect, useState } from "preact/hooks";
import type { Role, Session } from "../session";
import { sessionFromToken } from "../session";
import { type OidcConfig, userManager } from "./oidc";

export interface WorkbenchConfig {
  devMode: boolean;
  oidc: OidcConfig | null;
}

const DEV_ROLES: { role: Role; label: string; agency?: string }[] = [
  { role: "analyst", label: "Analyst" },
  { role: "supervisor", label: "Supervisor" },
  { role: "investigator", label: "Investigator", agency: "ICAC-OH" },
  { role: "auditor", label: "Auditor" },
];

// The sign-in configuration is read only when someone must sign in: a signed-in load goes straight to work.
function useWorkbenchConfig(onError: (message: string) => void): WorkbenchConfig | null {
  const [config, setConfig] = useState<WorkbenchConfig | null>(null);
  useEffect(() => {
    fetch("/workbench/config")
      .then((response) => response.json() as Promise<WorkbenchConfig>)
      .then(setConfig)
      .catch((e: Error) => onError(`cannot read the sign-in configuration: ${e.message}`));
  }, []);
  return config;
}

export function SignIn(props: { onSignedIn: (session: Session) => void }) {
  const { onSignedIn } = props;
  const [agency, setAgency] = useState("ICAC-OH");
  const [error, setError] = useState<string | null>(null);
  const config = useWorkbenchConfig(setError);

  useEffect(() => {
    if (!config?.oidc || location.pathname !== "/signin/callback") return;
    userManager(config.oidc)
      .signinRedirectCallback()
      .then((user) => {
        const session = sessionFromToken(user.access_token);
        if (!session) throw new Error("the identity provider's token carries no tipgraph role");
        history.replaceState(null, "", "/");
        onSignedIn(session);
      })
      .catch((e: Error) => setError(e.message));
  }, [config, onSignedIn]);

  async function devSignIn(role: Role, withAgency: boolean) {
    setError(null);
    const response = await fetch("/workbench/dev-token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ role, agency: withAgency ? agency : null }),
    });
    const body = (await response.json()) as { token?: string; errors?: { message: string }[] };
    const session = body.token ? sessionFromToken(body.token) : null;
    if (!session) setError(body.errors?.[0]?.message ?? "sign-in failed");
    else onSignedIn(session);
  }

  return (
    <main class="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">tipgraph workbench</h1>
      {!config ? (
        !error && <p aria-busy="true">Loading…</p>
      ) : config.devMode ? (
        <section aria-labelledby="dev-title">
          <h2 id="dev-title">Development sign-in</h2>
          <p>Pick a role; a development token is minted for it (development mode only).</p>
          <label>
            Agency of the investigator{" "}
            <input value={agency} onInput={(e) => setAgency((e.target as HTMLInputElement).value)} />
          </label>
          <div class="role-picker">
            {DEV_ROLES.map(({ role, label, agency: needs }) => (
              <button key={role} type="button" onClick={() => void devSignIn(role, Boolean(needs))}>
                Sign in as {label}
              </button>
            ))}
          </div>
        </section>
      ) : config.oidc ? (
        <button type="button" onClick={() => void userManager(config.oidc!).signinRedirect()}>
          Sign in with your organisation
        </button>
      ) : (
        <p>No identity provider is configured: set TIPGRAPH_OIDC_AUTHORITY and TIPGRAPH_OIDC_CLIENT_ID.</p>
      )}
      {error && <p role="alert" class="error">{error}</p>}
    </main>
  );
}

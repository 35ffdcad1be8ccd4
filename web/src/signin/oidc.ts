// Outside dev mode: OIDC authorization code + PKCE with the identity provider the API trusts.
import { UserManager, WebStorageStateStore } from "oidc-client-ts";

export interface OidcConfig {
  authority: string;
  clientId: string;
  scope: string;
}

export function userManager(config: OidcConfig): UserManager {
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    scope: config.scope,
    redirect_uri: `${location.origin}/signin/callback`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: "code",
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

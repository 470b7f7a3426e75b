// Entra ID sign-in in the browser: authorisation code + PKCE (S256) through oidc-client-ts, bundled from npm into
// vendor/oidc-client-ts.js (served by the app, never a CDN) and loaded only when the app has Entra settings.
// The app calls only signInWithEntra(settings) and completeEntraSignIn(settings); settings come from /api/console-settings:
// { authority (the tenant's v2.0 authority), clientId, scopes }.

const redirectUri = () => `${location.origin}${location.pathname}`;

let manager;
async function userManager(settings) {
  if (manager) return manager;
  const { UserManager, WebStorageStateStore } = await import('./vendor/oidc-client-ts.js');
  manager = new UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    response_mode: 'query',
    scope: ['openid', ...settings.scopes].join(' '),
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
  });
  return manager;
}

/** Redirects to the authority's authorize endpoint (discovered from its OpenID configuration) with a fresh PKCE verifier and state. */
export async function signInWithEntra(settings) {
  await (await userManager(settings)).signinRedirect();
}

/**
 * On return from the authority (?code=…&state=…): exchanges the code (with the verifier) for tokens and cleans the URL.
 * Returns the access token, or null when this page load is not a return. Throws on a state mismatch or an error answer.
 */
export async function completeEntraSignIn(settings) {
  const params = new URLSearchParams(location.search);
  if (!params.has('state') || (!params.has('code') && !params.has('error'))) return null;
  const url = location.href;
  history.replaceState(null, '', redirectUri() + location.hash);
  const user = await (await userManager(settings)).signinRedirectCallback(url);
  await manager.removeUser(); // the console keeps only the access token, in its own session slot
  return user.access_token;
}

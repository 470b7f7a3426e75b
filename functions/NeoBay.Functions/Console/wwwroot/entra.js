// Entra ID sign-in in the browser: authorisation code + PKCE (RFC 7636), no client secret, no library.
// Isolated here: the app calls only signInWithEntra(settings) and completeEntraSignIn(settings).
// Settings come from the app (/api/console-settings): { authority, clientId, scopes }.

const STATE = 'neobay.entra';

const base64Url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n) => base64Url(crypto.getRandomValues(new Uint8Array(n)));
const redirectUri = () => `${location.origin}${location.pathname}`;

/** Redirects to the authority's authorize endpoint with a fresh verifier, state and nonce kept in sessionStorage. */
export async function signInWithEntra(settings) {
  const verifier = random(32);
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random(16);
  sessionStorage.setItem(STATE, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    client_id: settings.clientId, response_type: 'code', redirect_uri: redirectUri(), response_mode: 'query',
    scope: [...settings.scopes, 'openid'].join(' '), state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(`${settings.authority}/oauth2/v2.0/authorize?${query}`);
}

/**
 * On return from the authority (?code=…&state=…): exchanges the code for an access token and cleans the URL.
 * Returns the access token, or null when this page load is not a return. Throws on a state mismatch or an error answer.
 */
export async function completeEntraSignIn(settings) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  const saved = JSON.parse(sessionStorage.getItem(STATE) ?? 'null');
  sessionStorage.removeItem(STATE);
  history.replaceState(null, '', redirectUri() + location.hash);
  if (params.has('error')) throw new Error(params.get('error_description') ?? params.get('error'));
  if (!saved || saved.state !== params.get('state')) throw new Error('state mismatch');
  const response = await fetch(`${settings.authority}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: settings.clientId, grant_type: 'authorization_code', code: params.get('code'),
      redirect_uri: redirectUri(), code_verifier: saved.verifier, scope: settings.scopes.join(' '),
    }),
  });
  const answer = await response.json();
  if (!response.ok || !answer.access_token) throw new Error(answer.error_description ?? 'token request refused');
  return answer.access_token;
}

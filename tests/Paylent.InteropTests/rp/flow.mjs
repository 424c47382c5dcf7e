// The whole OpenID Connect flow of a relying party against a running Paylent, headless: openid-client
// (the OpenID-certified RP library) does every protocol step and validation; a small cookie-jar
// browser (browser.mjs) signs in on Paylent's hosted pages and answers the consent page.
//
// Prints one JSON summary line (never a token or code) and exits 0 only if every step held.
//
// Environment:
//   PAYLENT_ISSUER                   e.g. http://demo-test.localhost:5123
//   PAYLENT_CLIENT_ID                the client under test
//   PAYLENT_CLIENT_SECRET            its secret (client_secret_basic); absent = public client (none)
//   PAYLENT_REDIRECT_URI             a registered redirect URI (never loaded: the browser stops there)
//   PAYLENT_POST_LOGOUT_REDIRECT_URI a registered post-logout redirect URI
//   PAYLENT_USER_EMAIL / PAYLENT_USER_PASSWORD   the end user who signs in
//   PAYLENT_ID_TOKEN_SIGNED_RESPONSE_ALG  optional: the only ID-token alg the library then accepts
//   PAYLENT_ORGANIZATION             optional: an organization (id or slug) to sign in to, sent as
//                                    `organization` on the authorization request
//   PAYLENT_SWITCH_ORGANIZATION      optional: another organization to switch to on a refresh
//                                    (`organization` on the refresh_token grant)
//   PAYLENT_INTROSPECTION_CLIENT_ID / _SECRET    a confidential client for introspection;
//                                    defaults to the client under test. Paylent shows a token only
//                                    to its own client (RFC 7662 §4), so another one must see it inactive
import { Browser, forms } from './browser.mjs';
import { client, discover, env, scope, startAuthorization } from './lib.mjs';

const settings = {
  issuer: env('PAYLENT_ISSUER'),
  clientId: env('PAYLENT_CLIENT_ID'),
  clientSecret: process.env.PAYLENT_CLIENT_SECRET || undefined,
  redirectUri: env('PAYLENT_REDIRECT_URI'),
  postLogoutRedirectUri: env('PAYLENT_POST_LOGOUT_REDIRECT_URI'),
  email: env('PAYLENT_USER_EMAIL'),
  password: env('PAYLENT_USER_PASSWORD'),
  idTokenSignedResponseAlg: process.env.PAYLENT_ID_TOKEN_SIGNED_RESPONSE_ALG || undefined,
  organization: process.env.PAYLENT_ORGANIZATION || undefined,
  switchOrganization: process.env.PAYLENT_SWITCH_ORGANIZATION || undefined,
};
const introspector = {
  issuer: settings.issuer,
  clientId: env('PAYLENT_INTROSPECTION_CLIENT_ID', settings.clientId),
  clientSecret: env('PAYLENT_INTROSPECTION_CLIENT_SECRET', settings.clientSecret ?? ''),
};

const summary = { ok: false, client_type: settings.clientSecret ? 'confidential' : 'public', steps: [] };
let step = 'start';

function check(condition, message) {
  if (!condition) throw new Error(`${step}: ${message}`);
}

/** What a JWT access token says about the organization context (the RP reads its own API's token here only to report it). */
function accessClaims(token) {
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  return { org_id: payload.org_id ?? null, org_slug: payload.org_slug ?? null, roles: payload.roles ?? null };
}

/** The error code of an OAuth error response or a bearer challenge (RFC 6750 §3), as openid-client reports it. */
function oauthError(error) {
  if (error?.code === 'OAUTH_WWW_AUTHENTICATE_CHALLENGE') return error.cause?.[0]?.parameters?.error ?? error.code;
  return error?.error ?? error?.cause?.error ?? error?.code ?? String(error);
}

async function run() {
  step = 'discovery';
  const config = await discover(settings);
  const metadata = config.serverMetadata();
  check(metadata.issuer === settings.issuer, `issuer ${metadata.issuer}`);
  check(metadata.code_challenge_methods_supported?.includes('S256'), 'S256 not advertised');
  for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'end_session_endpoint', 'jwks_uri', 'introspection_endpoint']) {
    check(typeof metadata[endpoint] === 'string', `${endpoint} not advertised`);
  }
  summary.authorization_response_iss_parameter_supported = metadata.authorization_response_iss_parameter_supported === true;
  summary.steps.push(step);

  step = 'authorize';
  const browser = new Browser();
  // Scope `roles` too: Paylent's ID token and userinfo then carry the user's `roles`.
  const { url, checks } = await startAuthorization(config, settings.redirectUri, {
    scope: `${scope} roles`,
    ...(settings.organization ? { organization: settings.organization } : {}),
  });
  const atRedirectUri = (u) => u.href.startsWith(settings.redirectUri + '?') || u.href === settings.redirectUri;
  let page = await browser.navigate(url, { stopAt: atRedirectUri });
  check(!page.stopped, 'authorize redirected to the client without a signed-in user');
  check(page.url.pathname === '/sign-in', `expected the hosted sign-in, got ${page.status} ${page.url.pathname}`);
  summary.steps.push(step);

  step = 'sign-in';
  const signIn = forms(page.html).find((f) => f.fields.some((i) => i.name === 'Password'));
  check(signIn, 'no sign-in form');
  const signInFields = Object.fromEntries(signIn.fields.filter((i) => i.type === 'hidden').map((i) => [i.name, i.value ?? '']));
  check(signInFields.__RequestVerificationToken, 'no antiforgery token on the sign-in form');
  check(signInFields.ReturnUrl?.startsWith('/oauth/authorize?'), `the sign-in form does not return to authorize: ${signInFields.ReturnUrl}`);
  page = await browser.navigate(new URL(signIn.action || page.url.pathname, page.url), {
    method: 'POST',
    form: { ...signInFields, Email: settings.email, Password: settings.password },
    stopAt: atRedirectUri,
  });
  summary.steps.push(step);

  summary.consent_shown = false;
  if (!page.stopped) {
    step = 'consent';
    check(page.url.pathname === '/consent', `after sign-in expected consent or the client, got ${page.status} ${page.url.pathname}`);
    summary.consent_shown = true;
    const consent = forms(page.html).find((f) => f.buttons.some((b) => b.label === 'Allow'));
    check(consent, 'no consent form with an Allow button');
    const allow = consent.buttons.find((b) => b.label === 'Allow');
    const fields = Object.fromEntries(consent.fields.filter((i) => i.name && i.type !== 'checkbox').map((i) => [i.name, i.value ?? '']));
    if (allow.name) fields[allow.name] = allow.value ?? '';
    page = await browser.navigate(new URL(consent.action || page.url.pathname, page.url), { method: 'POST', form: fields, stopAt: atRedirectUri });
    check(page.stopped, `consent did not return to the client: ${page.status} ${page.url.pathname}`);
    summary.steps.push(step);
  }

  step = 'callback';
  const callback = page.url;
  check(callback.searchParams.has('code'), `no code in the callback (error=${callback.searchParams.get('error')})`);
  summary.callback_iss = callback.searchParams.get('iss') === settings.issuer;
  summary.steps.push(step);

  // openid-client checks state, iss (RFC 9207), the PKCE exchange, the ID token's signature (JWKS),
  // iss, aud, exp, iat, nonce and, with a code, at_hash when present.
  step = 'token';
  const tokens = await client.authorizationCodeGrant(config, callback, checks);
  const claims = tokens.claims();
  check(claims, 'no ID token');
  check(tokens.refresh_token, 'no refresh token despite offline_access');
  check(tokens.token_type?.toLowerCase() === 'bearer', `token_type ${tokens.token_type}`);
  summary.id_token = {
    iss: claims.iss === settings.issuer,
    aud: [claims.aud].flat().includes(settings.clientId),
    nonce: claims.nonce === checks.expectedNonce,
    auth_time: typeof claims.auth_time === 'number',
    sid: typeof claims.sid === 'string',
    at_hash: typeof claims.at_hash === 'string',
    email: claims.email ?? null,
    alg: JSON.parse(Buffer.from(tokens.id_token.split('.')[0], 'base64url').toString()).alg,
    roles: claims.roles ?? null,
    org_id: claims.org_id ?? null,
    org_slug: claims.org_slug ?? null,
  };
  summary.access_token = accessClaims(tokens.access_token);
  summary.scope = tokens.scope ?? null;
  summary.steps.push(step);

  step = 'userinfo';
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  check(userinfo.email === settings.email, `userinfo email ${userinfo.email}`);
  summary.userinfo = { sub: userinfo.sub === claims.sub, email: userinfo.email, email_verified: userinfo.email_verified ?? null, name: userinfo.name ?? null, roles: userinfo.roles ?? null };
  summary.steps.push(step);

  step = 'refresh';
  let refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  check(refreshed.access_token && refreshed.refresh_token, 'refresh answered without both tokens');
  summary.refresh_rotated = refreshed.refresh_token !== tokens.refresh_token;
  check(summary.refresh_rotated, 'the refresh token was not rotated');
  const refreshedClaims = refreshed.claims();
  summary.refresh_id_token = refreshedClaims ? refreshedClaims.sub === claims.sub : null;
  summary.refresh_access_token = accessClaims(refreshed.access_token);
  summary.steps.push(step);

  if (settings.switchOrganization) {
    // Switching organization without signing in again: the refresh grant with `organization`; the
    // tokens of the new family stand in for the refreshed ones in every step that follows.
    step = 'switch-organization';
    const switched = await client.refreshTokenGrant(config, refreshed.refresh_token, { organization: settings.switchOrganization });
    check(switched.access_token && switched.refresh_token, 'the switch answered without both tokens');
    const switchedClaims = switched.claims();
    summary.switched = { id_token_org_id: switchedClaims?.org_id ?? null, access_token: accessClaims(switched.access_token) };
    refreshed = switched;
    summary.steps.push(step);
  }

  step = 'introspect';
  const introspection = await discover(introspector);
  const before = await client.tokenIntrospection(introspection, refreshed.access_token);
  const ownToken = introspector.clientId === settings.clientId;
  summary.introspection_before = before.active;
  check(before.active === ownToken, ownToken ? 'the refreshed access token is not active' : 'another client sees the access token active');
  summary.steps.push(step);

  // RP-initiated logout: the browser with Paylent's session cookie goes to end_session with the
  // ID token as hint and comes back to the post-logout redirect URI with the state.
  step = 'logout';
  const logoutState = client.randomState();
  const endSession = client.buildEndSessionUrl(config, {
    id_token_hint: tokens.id_token,
    post_logout_redirect_uri: settings.postLogoutRedirectUri,
    state: logoutState,
  });
  const atPostLogout = (u) => u.href.split('?')[0] === settings.postLogoutRedirectUri;
  page = await browser.navigate(endSession, { stopAt: atPostLogout });
  check(page.stopped, `logout did not return to the client: ${page.status} ${page.url.pathname}`);
  summary.logout_state = page.url.searchParams.get('state') === logoutState;
  check(summary.logout_state, 'logout did not echo the state');
  summary.steps.push(step);

  step = 'after-logout';
  try {
    await client.refreshTokenGrant(config, refreshed.refresh_token);
    summary.refresh_after_logout = 'accepted';
  } catch (error) {
    summary.refresh_after_logout = oauthError(error);
  }
  check(summary.refresh_after_logout === 'invalid_grant', `refresh after logout: ${summary.refresh_after_logout}`);
  const after = await client.tokenIntrospection(introspection, refreshed.access_token);
  summary.introspection_after_logout = after.active;
  check(after.active === false, 'the access token is still active after logout');
  try {
    await client.fetchUserInfo(config, refreshed.access_token, claims.sub);
    summary.userinfo_after_logout = 'accepted';
  } catch (error) {
    summary.userinfo_after_logout = oauthError(error);
  }
  check(summary.userinfo_after_logout === 'invalid_token', `userinfo after logout: ${summary.userinfo_after_logout}`);
  // Signing in again must show the sign-in page: the session is gone, not only the tokens.
  const again = await startAuthorization(config, settings.redirectUri);
  page = await browser.navigate(again.url, { stopAt: atRedirectUri });
  summary.session_ended = !page.stopped && page.url.pathname === '/sign-in';
  check(summary.session_ended, 'authorize after logout did not ask to sign in again');
  // OIDC Core §3.1.2.6: with prompt=none and no session, an error back to the client, which the
  // library checks (state, iss) and raises.
  const silent = await startAuthorization(config, settings.redirectUri, { prompt: 'none' });
  page = await browser.navigate(silent.url, { stopAt: atRedirectUri });
  check(page.stopped, `prompt=none did not return to the client: ${page.status} ${page.url.pathname}`);
  try {
    await client.authorizationCodeGrant(config, page.url, silent.checks);
    summary.prompt_none_after_logout = 'code';
  } catch (error) {
    summary.prompt_none_after_logout = oauthError(error);
  }
  check(summary.prompt_none_after_logout === 'login_required', `prompt=none after logout: ${summary.prompt_none_after_logout}`);
  summary.steps.push(step);

  summary.ok = true;
}

try {
  await run();
} catch (error) {
  summary.failed_step = step;
  summary.error = error?.message ?? String(error);
  if (error?.error) summary.error_code = error.error;
  if (error?.code) summary.library_code = error.code;
  // Only the named fields of a cause: a library's cause can hold a whole response or JWT.
  const cause = error?.cause;
  if (cause instanceof Error) summary.cause = cause.message;
  else if (cause && typeof cause === 'object') {
    summary.cause = Object.fromEntries(['error', 'error_description', 'claim', 'expected', 'status'].filter((k) => k in cause).map((k) => [k, cause[k]]));
  }
}
process.stdout.write(JSON.stringify(summary) + '\n');
process.exitCode = summary.ok ? 0 : 1;

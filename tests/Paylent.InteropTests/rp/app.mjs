// A sample client app that signs its users in with Paylent through openid-client: the code flow with
// PKCE (S256), state and nonce, userinfo, refresh and RP-initiated logout. Plain node:http, state in
// memory, for Paylent's browser test and as a readable example.
//
// Environment:
//   PAYLENT_ISSUER          e.g. http://demo-test.localhost:8080
//   PAYLENT_CLIENT_ID       a client with redirect URI {APP_URL}/callback and post-logout {APP_URL}/
//   PAYLENT_CLIENT_SECRET   absent for a public client
//   PORT                    where the app listens on 127.0.0.1 (0 = any free port)
// Prints "listening on http://127.0.0.1:PORT" once it serves.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { client, discover, env, startAuthorization } from './lib.mjs';

const settings = {
  issuer: env('PAYLENT_ISSUER'),
  clientId: env('PAYLENT_CLIENT_ID'),
  clientSecret: process.env.PAYLENT_CLIENT_SECRET || undefined,
};
let origin; // http://127.0.0.1:PORT, known once listening
let config; // discovered on the first request, so the app starts even before Paylent answers
const sessions = new Map(); // session id -> { pending, user, tokens, logoutState }

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function page(response, status, title, body) {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
    `<body><h1>Sample app</h1>${body}</body></html>`);
}

function redirect(response, location) {
  response.writeHead(302, { location: String(location), 'cache-control': 'no-store' });
  response.end();
}

function session(request, response) {
  const id = /(?:^|;\s*)sample_session=([A-Za-z0-9_-]+)/.exec(request.headers.cookie ?? '')?.[1];
  if (id && sessions.has(id)) return sessions.get(id);
  const fresh = randomBytes(24).toString('base64url');
  const state = {};
  sessions.set(fresh, state);
  response.setHeader('set-cookie', `sample_session=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
  return state;
}

const routes = {
  '/': (request, response, state) => state.user
    ? page(response, 200, 'Signed in', `<p id="status">Signed in as ${escape(state.user.email)}</p>` +
        `<p><a href="/refresh">Refresh tokens</a></p><p><a href="/login?prompt=select_account">Switch account</a></p>` +
        `<p><a href="/logout">Sign out</a></p>`)
    : page(response, 200, 'Welcome', `<p id="status">${state.signedOut ? 'Signed out' : 'Not signed in'}</p><p><a href="/login">Sign in</a></p>`),

  // "Switch account" asks Paylent to let the user choose (prompt=select_account, OIDC Core §3.1.2.1).
  '/login': async (request, response, state) => {
    const prompt = new URL(request.url, origin).searchParams.get('prompt');
    const { url, checks } = await startAuthorization(config, `${origin}/callback`, prompt ? { prompt } : {});
    state.pending = checks;
    redirect(response, url);
  },

  // openid-client checks state, iss, the code exchange with the PKCE verifier, and the ID token.
  '/callback': async (request, response, state) => {
    const checks = state.pending;
    delete state.pending;
    if (!checks) return page(response, 400, 'No sign-in', '<p id="status">No sign-in was started here.</p>');
    const tokens = await client.authorizationCodeGrant(config, new URL(request.url, origin), checks);
    const claims = tokens.claims();
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    state.tokens = tokens;
    state.user = { sub: claims.sub, email: userinfo.email };
    redirect(response, '/');
  },

  '/refresh': async (request, response, state) => {
    if (!state.tokens?.refresh_token) return redirect(response, '/');
    const refreshed = await client.refreshTokenGrant(config, state.tokens.refresh_token);
    state.tokens = { ...state.tokens, ...refreshed, id_token: refreshed.id_token ?? state.tokens.id_token };
    page(response, 200, 'Refreshed', `<p id="status">Tokens refreshed for ${escape(state.user.email)}</p><p><a href="/">Back</a></p>`);
  },

  '/logout': (request, response, state) => {
    const idToken = state.tokens?.id_token;
    state.logoutState = client.randomState();
    delete state.user;
    delete state.tokens;
    if (!idToken) return redirect(response, '/');
    redirect(response, client.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: `${origin}/signed-out`,
      state: state.logoutState,
    }));
  },

  '/signed-out': (request, response, state) => {
    const returned = new URL(request.url, origin).searchParams.get('state');
    state.signedOut = returned !== null && returned === state.logoutState;
    delete state.logoutState;
    redirect(response, '/');
  },
};

const server = http.createServer(async (request, response) => {
  const route = routes[new URL(request.url, 'http://app').pathname];
  if (!route || request.method !== 'GET') return page(response, 404, 'Not found', '<p>Not found.</p>');
  try {
    config ??= await discover(settings);
    await route(request, response, session(request, response));
  } catch (error) {
    // The library's message names the failed check; no token or code is in it.
    console.error(`${new URL(request.url, origin).pathname}: ${error?.message ?? error}${error?.error ? ` (${error.error})` : ''}`);
    page(response, 502, 'Sign-in failed', `<p id="status">Sign-in failed: ${escape(error?.error ?? error?.code ?? 'error')}</p>`);
  }
});

server.listen(Number(env('PORT', '0')), '127.0.0.1', () => {
  origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`listening on ${origin}`);
});

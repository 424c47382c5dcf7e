// What the sample client app (app.mjs) and the headless flow (flow.mjs) share: configuration from
// the environment, an HTTP client that reaches *.localhost hosts, and openid-client's discovery.
import http from 'node:http';
import https from 'node:https';
import * as client from 'openid-client';

/** A required environment variable, or a clear failure naming it. */
export function env(name, fallback) {
  const value = process.env[name];
  if (value !== undefined && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new Error(`missing environment variable ${name}`);
}

// Node's fetch resolves names with getaddrinfo, which (with glibc) does not know that every
// *.localhost name is loopback (RFC 6761 §6.3), so demo-test.localhost does not resolve. This lookup
// answers 127.0.0.1 for those names, and for the names PAYLENT_LOOPBACK_HOSTS lists (a custom domain
// under test, comma-separated), and the URL, Host header and TLS name (SNI) stay what they were.
const loopbackHosts = new Set((process.env.PAYLENT_LOOPBACK_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean));

function lookup(hostname, options, callback) {
  const name = hostname.toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost') || loopbackHosts.has(name)) {
    if (options && options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  callback(Object.assign(new Error(`refusing to resolve ${hostname}: the interop tests stay on loopback`), { code: 'ENOTFOUND' }));
}

const nullBodyStatuses = new Set([101, 204, 205, 304]);

/**
 * A fetch (the subset openid-client and a cookie-jar browser need) over node:http, or node:https with
 * Node's own certificate checks (trust added only through NODE_EXTRA_CA_CERTS), with the lookup above.
 * Redirects are never followed: the callers look at each one.
 */
export function localFetch(input, init = {}) {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`only http and https are used in the interop tests, not ${url.protocol}`));
  const transport = url.protocol === 'https:' ? https : http;
  const headers = new Headers(init.headers ?? {});
  let body = init.body;
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    body = body.toString();
  }
  if (typeof body === 'string') headers.set('content-length', String(Buffer.byteLength(body)));
  else if (body != null) return Promise.reject(new Error('localFetch sends string or form bodies only'));

  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method: init.method ?? 'GET', headers: Object.fromEntries(headers), lookup, signal: init.signal }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const responseHeaders = new Headers();
        for (let i = 0; i < response.rawHeaders.length; i += 2) responseHeaders.append(response.rawHeaders[i], response.rawHeaders[i + 1]);
        const status = response.statusCode;
        const content = nullBodyStatuses.has(status) ? null : Buffer.concat(chunks);
        const result = new Response(content, { status, statusText: response.statusMessage, headers: responseHeaders });
        // Response has no settable url; openid-client does not need it, the browser emulation knows it.
        resolve(result);
      });
    });
    request.on('error', reject);
    if (typeof body === 'string') request.write(body);
    request.end();
  });
}

/**
 * openid-client configured by discovery of the issuer: client_secret_basic with a secret, else a
 * public client (token_endpoint_auth_method none). Plain http is allowed because most tests run on
 * http://*.localhost (a custom domain's is https); everything else is the library's default validation. With
 * idTokenSignedResponseAlg, the library accepts ID tokens signed with that algorithm only.
 */
export async function discover({ issuer, clientId, clientSecret, idTokenSignedResponseAlg }) {
  const auth = clientSecret ? client.ClientSecretBasic(clientSecret) : client.None();
  const metadata = clientSecret ? { client_secret: clientSecret } : { token_endpoint_auth_method: 'none' };
  if (idTokenSignedResponseAlg) metadata.id_token_signed_response_alg = idTokenSignedResponseAlg;
  return client.discovery(new URL(issuer), clientId, metadata, auth, {
    execute: [client.allowInsecureRequests],
    [client.customFetch]: localFetch,
  });
}

/** What the app and the flow ask for. */
export const scope = 'openid profile email offline_access';

/** A fresh PKCE verifier, state and nonce, and the authorization URL that carries them. */
export async function startAuthorization(config, redirectUri, extra = {}) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url, checks: { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true } };
}

export { client };

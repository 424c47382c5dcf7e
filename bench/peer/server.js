// The benchmark's peer (docs/performance.md): node oidc-provider, set up as Paylent's JWT row is, for
// client_credentials tokens: one confidential client (client_secret_basic), JWT access tokens signed
// RS256 with a 4096-bit RSA key generated at start, in-memory storage, production mode.
//
//   PEER_PORT=PORT PEER_CLIENT_ID=ID PEER_CLIENT_SECRET=S [PEER_WORKERS=N] node bench/peer/server.js
//
// node runs JavaScript on one thread, so it is run as production node services are: node's cluster
// module with PEER_WORKERS processes (default: one per core) sharing the port. The primary generates
// the key once and hands it to every worker, so all sign with the same key and publish the same JWKS.
// Prints "peer ready on http://127.0.0.1:PORT" once every worker listens.
import cluster from 'node:cluster';
import { generateKeyPairSync } from 'node:crypto';
import { availableParallelism } from 'node:os';

import Provider from 'oidc-provider';

const port = Number(process.env.PEER_PORT);
const clientId = process.env.PEER_CLIENT_ID;
const clientSecret = process.env.PEER_CLIENT_SECRET;
const workers = Number(process.env.PEER_WORKERS || availableParallelism());
if (!Number.isInteger(port) || port <= 0 || !clientId || !clientSecret || !Number.isInteger(workers) || workers < 1) {
  console.error('PEER_PORT, PEER_CLIENT_ID and PEER_CLIENT_SECRET are required; PEER_WORKERS must be a positive integer');
  process.exit(2);
}

if (process.env.NODE_ENV !== 'production') {
  console.error('run the peer with NODE_ENV=production, as it would be deployed');
  process.exit(2);
}

// The resource server every token is for (RFC 8707): without a `resource` parameter the client's
// tokens go to it, as Paylent's go to its default audience.
const RESOURCE = 'https://api.bench.example';

function startWorker() {
  const jwk = JSON.parse(process.env.PEER_JWK);
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [jwk] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Only a resource server's accessTokenFormat turns client_credentials tokens into JWTs.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'bench',
          audience: RESOURCE,
          accessTokenTTL: 3600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    // Paylent's path, so the load generator sends the very same request to both.
    routes: { token: '/oauth/token', jwks: '/.well-known/jwks.json' },
  });
  provider.listen(port, '127.0.0.1', () => process.send?.('listening'));
}

if (cluster.isPrimary) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096, publicExponent: 0x10001 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'bench-rs256' };
  let listening = 0;
  let stopping = false;
  for (let i = 0; i < workers; i += 1) {
    const worker = cluster.fork({ PEER_JWK: JSON.stringify(jwk) });
    worker.on('message', (message) => {
      if (message === 'listening' && ++listening === workers) {
        console.log(`peer ready on http://127.0.0.1:${port} (${workers} worker processes, pid ${process.pid})`);
      }
    });
  }

  // A worker that dies ends the peer: a run must not go on with fewer processes than it reports.
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      console.error(`peer worker ${worker.process.pid} exited (${signal ?? code})`);
      process.exit(1);
    }
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  startWorker();
}

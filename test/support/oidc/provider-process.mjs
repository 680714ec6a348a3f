// A real OpenID provider (the `oidc-provider` package, which is ESM-only, hence a process of its
// own) for the tests of goodpay's OIDC sign-in. It reads its setup as JSON on the first line of
// stdin, listens on a free port and prints `oidc-provider listening <issuer>`.
//
// Setup: { clients: [{ client_id, client_secret, roles? }], resources: { <audience>: {} },
//          keys: [<private JWK with kid and alg>],
//          publicClients?: [{ client_id, redirect_uris, roles? }] }
// A public client signs people in with the authorization code flow and PKCE in a browser: the
// provider's own development login and consent pages take any login name (the staff console's test).
// A later stdin line `{"keys": [...]}` swaps the signing keys without a restart of the listener
// (the first key signs, all are published in the JWKS): how the tests rotate keys. The provider
// answers `rotated <kids>` once the new set serves.
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import Provider from 'oidc-provider';

const lines = createInterface({ input: process.stdin });
const iterator = lines[Symbol.asyncIterator]();
const setup = JSON.parse((await iterator.next()).value);

let current;
const server = createServer((req, res) => current.callback()(req, res));
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const issuer = `http://127.0.0.1:${server.address().port}`;

function build(keys) {
  const publicClients = setup.publicClients ?? [];
  const rolesOf = new Map([...setup.clients, ...publicClients].map((c) => [c.client_id, c.roles]));
  const provider = new Provider(issuer, {
    clients: setup.clients
      .map(({ client_id, client_secret }) => ({
        client_id,
        client_secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        id_token_signed_response_alg: keys[0].alg,
      }))
      .concat(
        publicClients.map(({ client_id, redirect_uris }) => ({
          client_id,
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris,
          id_token_signed_response_alg: keys[0].alg,
        })),
      ),
    jwks: { keys },
    features: {
      devInteractions: { enabled: publicClients.length > 0 },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => Object.keys(setup.resources)[0],
        // Asked at the authorization endpoint, the resource is granted and used at the token endpoint too.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (!(resource in setup.resources)) throw new Error(`unknown resource ${resource}`);
          return { scope: 'api', audience: resource, accessTokenTTL: 300, accessTokenFormat: 'jwt', jwt: { sign: { alg: keys[0].alg } } };
        },
      },
    },
    // The role claim an administrator of the provider sets for a client (the user cannot).
    extraTokenClaims: (_ctx, token) => {
      const roles = rolesOf.get(token.clientId);
      return roles ? { goodpay_roles: roles } : undefined;
    },
  });
  provider.proxy = false;
  return provider;
}

current = build(setup.keys);
console.log(`oidc-provider listening ${issuer}`);

for await (const line of { [Symbol.asyncIterator]: () => iterator }) {
  if (!line.trim()) continue;
  const { keys } = JSON.parse(line);
  current = build(keys);
  console.log(`rotated ${keys.map((k) => k.kid).join(',')}`);
}
server.close();

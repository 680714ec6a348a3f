import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';

/** A private signing key in JWK form, as oidc-provider takes it (kid and alg set). */
export type SigningJwk = Record<string, unknown> & { kty: string; kid: string; alg: 'RS256' | 'ES256' };

export function newSigningKey(alg: 'RS256' | 'ES256' = 'ES256'): SigningJwk {
  const { privateKey } =
    alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown> & { kty: string }),
    kid: `key-${randomUUID()}`,
    alg,
    use: 'sig',
  };
}

export interface OidcClient {
  client_id: string;
  client_secret: string;
  /** What the provider's administrator put in the client's `goodpay_roles` claim. */
  roles?: string[];
}

export interface RunningOidcProvider {
  issuer: string;
  /** An access token by the client_credentials grant (RFC 6749 4.4) with a resource indicator (RFC 8707). */
  accessToken(client: OidcClient, resource?: string): Promise<string>;
  /** Serves `keys` from now on (the first signs); resolves once the provider answers with them. */
  rotate(keys: SigningJwk[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the real OpenID provider of test/support/oidc/provider-process.mjs (the `oidc-provider`
 * package) as a child process on a free port, with `clients` and the resource servers
 * `audiences`, signing with `keys`.
 */
export async function startOidcProvider(setup: {
  clients: OidcClient[];
  audiences: string[];
  keys: SigningJwk[];
  /** Browser sign-in (authorization code + PKCE) through the provider's development login page. */
  publicClients?: { client_id: string; redirect_uris: string[]; roles?: string[] }[];
}): Promise<RunningOidcProvider> {
  const child: ChildProcess = spawn(process.execPath, [resolve(__dirname, 'provider-process.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const match = pattern.exec(output);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`oidc-provider exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`oidc-provider did not print ${pattern}:\n${output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const resources = Object.fromEntries(setup.audiences.map((audience) => [audience, {}]));
  child.stdin!.write(`${JSON.stringify({ clients: setup.clients, resources, keys: setup.keys, publicClients: setup.publicClients })}\n`);
  const issuer = (await waitFor(/oidc-provider listening (\S+)/))[1]!;

  return {
    issuer,
    async accessToken(client, resource = setup.audiences[0]) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource: resource! }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!response.ok || !body.access_token) throw new Error(`token request failed ${response.status}: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async rotate(keys) {
      child.stdin!.write(`${JSON.stringify({ keys })}\n`);
      await waitFor(new RegExp(`rotated ${keys.map((k) => k.kid).join(',')}`));
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The ceiling the HTTP command scenarios are compared with (scenarios/http-ceiling.scenario.ts):
 * the least an event-sourced command needs, on the same machine, as a process of its own. It
 * checks an HS256 token (signature, algorithm, issuer, expiry), takes a JSON body, and in one
 * transaction on a pg pool reads the command's stream and appends one event after it:
 * BEGIN; SELECT by stream id; INSERT; COMMIT. Into ceiling_events, a table made LIKE events
 * (same columns, defaults and indexes), so the worker's sweep never reads these rows.
 * Nothing else: no framework beyond Fastify, no logging, no idempotency, no validation.
 */
import { createHmac, createSecretKey, randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import { Pool } from 'pg';

const secret = createSecretKey(Buffer.from(process.env.AUTH_JWT_SECRET!, 'utf8'));
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE) });
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** The token's subject when it is a valid HS256 token of ours, else undefined. */
function subjectOf(authorization: string | undefined): string | undefined {
  const [header, payload, signature] = (authorization?.startsWith('Bearer ') ? authorization.slice(7) : '').split('.');
  if (!signature) return undefined;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || decode(header).alg !== 'HS256') return undefined;
  const claims = decode(payload);
  return claims.iss === 'goodpay' && claims.exp * 1000 > Date.now() ? claims.sub : undefined;
}

const app = Fastify();
app.post<{ Params: { id: string }; Body: unknown }>('/prepayments/:id/redemptions', async (request, reply) => {
  const subject = subjectOf(request.headers.authorization);
  if (!subject) return reply.code(401).send({ code: 'unauthenticated' });
  const streamId = `ceiling-${request.params.id}`;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      'SELECT stream_version, type, data FROM ceiling_events WHERE stream_id = $1 ORDER BY stream_version',
      [streamId],
    );
    const version = rows.length + 1;
    await client.query(
      `INSERT INTO ceiling_events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
       VALUES ($1, $2, $3, 'CeilingCommandTaken', 1, $4, $5)`,
      [
        randomUUID(),
        streamId,
        version,
        JSON.stringify(request.body),
        JSON.stringify({ actor: subject, idempotencyKey: request.headers['idempotency-key'] }),
      ],
    );
    await client.query('COMMIT');
    return reply.code(201).send({ streamId, version });
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
});

app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).then(() => process.stdout.write('ceiling listening\n'));
process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);

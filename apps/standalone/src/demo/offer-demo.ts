import { createInterface } from 'node:readline/promises';
import type { NodeEnv } from '@goodpay/platform';
import { runDemo } from './run-demo';

/** Whether to ask: only a person at a terminal, in development, on a database without campaigns. */
export async function shouldOfferDemo(
  nodeEnv: NodeEnv,
  baseUrl: string,
  terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY),
): Promise<boolean> {
  if (nodeEnv !== 'development' || !terminal) return false;
  const answer = await fetch(`${baseUrl}/campaigns`);
  return answer.status === 200 && ((await answer.json()) as { items: unknown[] }).items.length === 0;
}

/**
 * At the first `npm start` (empty database, a person at the terminal, development), offers
 * the demo campaign; creates it only on a yes. Never asks in a pipe, a service or production.
 */
export async function offerDemo(nodeEnv: NodeEnv, baseUrl: string): Promise<void> {
  if (!(await shouldOfferDemo(nodeEnv, baseUrl))) return;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  // At a prompt the terminal hands Ctrl-C to readline instead of signalling the process: pass it on, so it still stops goodpay.
  prompt.once('SIGINT', () => {
    prompt.close();
    process.kill(process.pid, 'SIGINT');
  });
  const reply = await prompt
    .question('\nThe database is empty. Create the demo campaign "[데모] 전북 착한 선결제" to look around? [y/N] ')
    .catch(() => ''); // closed by Ctrl-C: no
  prompt.close();
  if (!/^y(es)?$/i.test(reply.trim())) return;
  const result = await runDemo(baseUrl, (line) => process.stdout.write(`demo: ${line}\n`));
  process.stdout.write(`\nWhere to look:\n${result.lines.map((line) => `  ${line}`).join('\n')}\n`);
}

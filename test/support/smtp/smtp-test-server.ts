import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server (smtp-server) on a free port: it takes every message, keeps its raw text and
 * its parse (mailparser) for the test to read back. `refuseNext` answers the next RCPT TO with a
 * permanent 550, as a server does for an unknown mailbox.
 */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  private refusals = 0;
  private server?: SMTPServer;
  url = '';

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.refusals > 0) {
          this.refusals -= 1;
          const error = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 });
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (parsed) => {
              this.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = (this.server as unknown as { server: { address(): AddressInfo } }).server.address();
    this.url = `smtp://127.0.0.1:${port}`;
    return this;
  }

  refuseNext(times: number): void {
    this.refusals = times;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Map<string, unknown>;
  parsed: ParsedMail;
}

/**
 * A real SMTP server for tests, on a free port: services send to it over the network like
 * they would to a relay, and the test reads what arrived.
 */
export class SmtpReceiver {
  readonly messages: ReceivedMail[] = [];
  /** Errors of client connections, such as resets by a sender that died. */
  readonly connectionErrors: Error[] = [];
  private server?: SMTPServer;
  private held?: { arrived: () => void; released: Promise<void> };
  port = 0;

  /**
   * Plays a slow server: the next mail is received whole, but its 250 waits until `release`.
   * `arrived` resolves once the mail is here (and counted in `messages`).
   */
  holdNextReply(): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrived!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    this.held = { arrived, released };
    return { arrived: arrival, release };
  }

  /** Listens on `port` (a free one by default; a given one to play a relay that comes back). */
  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.messages.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              headers: parsed.headers,
              parsed,
            });
            const held = this.held;
            this.held = undefined;
            if (!held) {
              return callback();
            }
            held.arrived();
            void held.released.then(() => callback());
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    // A client killed mid-session (the fault suite SIGKILLs senders) resets its connection, and
    // smtp-server reports that as an 'error' event; unheard, it would crash the test process.
    this.server.on('error', (error: Error) => this.connectionErrors.push(error));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /** What a service needs in its environment to send here. */
  env(): Record<string, string> {
    return { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(this.port) };
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { resolveActionsConfig } from '../config.js';
import { executeAction } from '../execute-action.js';
import { errorOf, inputOf, resultOf, testContext } from '../test-support.js';
import { createEmailAction } from './email.js';

interface Received {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
  readonly user: string | undefined;
  readonly secure: boolean;
}

let server: SMTPServer | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function startSmtp(options: SMTPServerOptions): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  server = new SMTPServer({
    ...options,
    logger: false,
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
        });
        callback();
      });
    },
  });
  const s = server;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { port: (s.server.address() as AddressInfo).port, received };
}

/** The value of a header in a raw message, unfolded. */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const m = new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return m?.[1]?.replace(/\r?\n[ \t]+/g, ' ');
}

const action = createEmailAction(resolveActionsConfig({ email: { timeoutSeconds: 5, tlsRejectUnauthorized: false } }).email);

describe('std.email', () => {
  it('delivers a plain message to every recipient without TLS or login', async () => {
    const smtp = await startSmtp({ authOptional: true, disabledCommands: ['STARTTLS'] });
    const outcome = await executeAction(
      action,
      inputOf({
        from_addr: 'Convection <robot@example.com>',
        to_addrs: ['ops@example.com', 'dev@example.com'],
        cc_addrs: ['cc@example.com'],
        bcc_addrs: ['hidden@example.com'],
        reply_to: ['replies@example.com'],
        smtp_server: `127.0.0.1:${smtp.port}`,
        subject: 'Deploy finished',
        body: 'All 3 servers are up.',
      }),
      testContext(),
    );
    expect(resultOf(outcome)).toBe(null);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.from).toBe('robot@example.com');
    expect(mail.to.sort()).toEqual(['cc@example.com', 'dev@example.com', 'hidden@example.com', 'ops@example.com']);
    expect(mail.secure).toBe(false);
    expect(header(mail.raw, 'Subject')).toBe('Deploy finished');
    expect(header(mail.raw, 'From')).toBe('Convection <robot@example.com>');
    expect(header(mail.raw, 'To')).toBe('ops@example.com, dev@example.com');
    expect(header(mail.raw, 'Cc')).toBe('cc@example.com');
    expect(header(mail.raw, 'Reply-To')).toBe('replies@example.com');
    expect(header(mail.raw, 'Bcc')).toBeUndefined();
    expect(mail.raw).toContain('All 3 servers are up.');
  });

  it('uses Mistral placeholders for a missing subject and body, and sends html as an alternative', async () => {
    const smtp = await startSmtp({ authOptional: true, disabledCommands: ['STARTTLS'] });
    await executeAction(
      action,
      inputOf({ from_addr: 'a@example.com', to_addrs: 'b@example.com', smtp_server: `127.0.0.1:${smtp.port}`, html_body: '<b>hi</b>' }),
      testContext(),
    );
    const raw = smtp.received[0]!.raw;
    expect(header(raw, 'Subject')).toBe('<No subject>');
    expect(header(raw, 'Content-Type')).toMatch(/^multipart\/alternative/);
    expect(raw).toContain('<No body>');
    expect(raw).toContain('<b>hi</b>');
  });

  it('upgrades with STARTTLS and logs in as from_addr when smtp_password is given', async () => {
    const logins: string[] = [];
    const smtp = await startSmtp({
      onAuth(auth, _session, callback) {
        logins.push(`${auth.username}/${auth.password}`);
        if (auth.password === 'letmein') callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
    });
    const input = { from_addr: 'robot@example.com', to_addrs: ['ops@example.com'], smtp_server: `127.0.0.1:${smtp.port}`, subject: 's', body: 'b' };
    expect(resultOf(await executeAction(action, inputOf({ ...input, smtp_password: 'letmein' }), testContext()))).toBe(null);
    expect(smtp.received[0]).toMatchObject({ user: 'robot@example.com', secure: true });

    const denied = errorOf(await executeAction(action, inputOf({ ...input, smtp_password: 'wrong' }), testContext()));
    expect(denied).toMatch(/^Failed to send an email message via 127\.0\.0\.1:\d+: authentication failed/);
    expect(denied).not.toContain('wrong');
    expect(logins).toEqual(['robot@example.com/letmein', 'robot@example.com/wrong']);
  });

  it('says clearly when the SMTP server is unreachable', async () => {
    const port = await closedPort();
    const started = performance.now();
    const error = errorOf(
      await executeAction(action, inputOf({ from_addr: 'a@example.com', to_addrs: ['b@example.com'], smtp_server: `127.0.0.1:${port}` }), testContext()),
    );
    expect(error).toMatch(new RegExp(`^Failed to send an email message via 127\\.0\\.0\\.1:${port}: connection refused`));
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('rejects a malformed smtp_server', async () => {
    const error = errorOf(await executeAction(action, inputOf({ from_addr: 'a@x', to_addrs: ['b@x'], smtp_server: 'host:notaport' }), testContext()));
    expect(error).toBe("Invalid smtp_server 'host:notaport': expected host or host:port");
  });
});

/** A local port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

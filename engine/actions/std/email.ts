import { createTransport } from 'nodemailer';
import { success, type ActionDefinition } from '../action.js';
import type { EmailActionsConfig } from '../config.js';
import { ActionError, errorCode, errorMessage } from '../errors.js';
import { readOptionalString, readString, readStringList } from '../input-readers.js';
import { parseHostPort } from '../host-port.js';

const ACTION = 'std.email';

export function createEmailAction(config: EmailActionsConfig): ActionDefinition {
  return {
    name: ACTION,
    description:
      'Sends an email through `smtp_server` ("host:port"); with `smtp_password` the connection is upgraded ' +
      'with STARTTLS and logs in as `from_addr`. Returns null.',
    params: [
      { name: 'from_addr', required: true },
      { name: 'to_addrs', required: true },
      { name: 'smtp_server', required: true },
      { name: 'reply_to', required: false, default: null },
      { name: 'cc_addrs', required: false, default: null },
      { name: 'bcc_addrs', required: false, default: null },
      { name: 'smtp_password', required: false, default: null },
      { name: 'subject', required: false, default: null },
      { name: 'body', required: false, default: null },
      { name: 'html_body', required: false, default: null },
    ],
    idempotent: false,
    isAsync: false,
    async run(input, ctx) {
      const from = readString(input, 'from_addr', ACTION);
      const to = readStringList(input, 'to_addrs', ACTION);
      if (to.length === 0) throw new ActionError(`Invalid value for parameter 'to_addrs' of ${ACTION}: no recipient`);
      const server = readString(input, 'smtp_server', ACTION);
      const { host, port } = parseHostPort(server, 25, 'smtp_server');
      const password = readOptionalString(input, 'smtp_password', ACTION);
      const html = readOptionalString(input, 'html_body', ACTION);
      const timeout = config.timeoutSeconds * 1000;

      const transport = createTransport({
        host,
        port,
        secure: false,
        // Mistral talks plain SMTP unless a password is given, then insists on STARTTLS before login.
        ...(password === null ? { ignoreTLS: true } : { requireTLS: true, auth: { user: from, pass: password } }),
        tls: { rejectUnauthorized: config.tlsRejectUnauthorized },
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      });
      const abort = (): void => transport.close();
      ctx.signal.addEventListener('abort', abort, { once: true });
      try {
        await transport.sendMail({
          from,
          to,
          cc: readStringList(input, 'cc_addrs', ACTION),
          bcc: readStringList(input, 'bcc_addrs', ACTION),
          replyTo: readStringList(input, 'reply_to', ACTION),
          subject: readOptionalString(input, 'subject', ACTION) || '<No subject>',
          text: readOptionalString(input, 'body', ACTION) || '<No body>',
          ...(html ? { html } : {}),
        });
      } catch (err) {
        if (ctx.signal.aborted) throw new ActionError(`Action ${ACTION} was cancelled`);
        throw new ActionError(`Failed to send an email message via ${server}: ${describeSmtpError(err)}`);
      } finally {
        ctx.signal.removeEventListener('abort', abort);
        transport.close();
      }
      return success(null);
    },
  };
}

function describeSmtpError(err: unknown): string {
  const code = errorCode(err);
  const message = errorMessage(err);
  // nodemailer wraps socket errors as ESOCKET/ECONNECTION; the system code survives in the text.
  const has = (c: string): boolean => code === c || message.includes(c);
  if (has('ECONNREFUSED')) return `connection refused (${message})`;
  if (has('ETIMEDOUT') || code === 'ETIMEOUT') return `timed out (${message})`;
  if (code === 'EDNS' || has('ENOTFOUND') || has('EAI_AGAIN')) return `cannot resolve the server name (${message})`;
  if (code === 'EAUTH') return `authentication failed (${message})`;
  return message;
}

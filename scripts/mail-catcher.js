// `npm start`'s mail catcher, run when no SMTP_HOST is given: an SMTP server (smtp-server, as
// the tests' SmtpReceiver uses) that keeps what the services send in memory, and a page that
// shows it, so confirmations and reminders can be read without a relay. Development only: it
// accepts anything, from anyone on this machine, and forgets everything when it stops.
//   MAIL_CATCHER_SMTP_PORT (2525)  where the services send
//   PORT (3005)                    the page: / lists the mails, /mails/<n> shows one, /mails.json
const http = require('node:http');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

/** Enough for the demo's year (about 800 mails) and then some; the oldest go first. */
const KEPT = 5_000;

const smtpPort = Number(process.env.MAIL_CATCHER_SMTP_PORT || 2525);
const httpPort = Number(process.env.PORT || 3005);
const host = process.env.HOST || '127.0.0.1';

const mails = [];
let received = 0;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 25 * 1024 * 1024,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((parsed) => {
        received += 1;
        mails.push({
          number: received,
          receivedAt: new Date().toISOString(),
          from: parsed.from?.text ?? session.envelope.mailFrom?.address ?? '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          subject: parsed.subject ?? '',
          messageId: parsed.messageId ?? '',
          text: parsed.text ?? '',
          attachments: (parsed.attachments ?? []).map((file) => ({ filename: file.filename, contentType: file.contentType, size: file.size })),
        });
        if (mails.length > KEPT) {
          mails.shift();
        }
        callback();
      })
      .catch((error) => callback(error));
  },
});
// A sender that dies mid-session resets its connection; that is no reason to stop.
smtp.on('error', () => undefined);

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}
a{color:#0b5394}</style></head><body>${body}</body></html>`;
}

function listPage() {
  const rows = mails
    .slice()
    .reverse()
    .map(
      (mail) =>
        `<tr><td>${mail.number}</td><td>${escape(mail.receivedAt.slice(0, 19).replace('T', ' '))}</td><td>${escape(mail.to.join(', '))}</td>` +
        `<td><a href="/mails/${mail.number}">${escape(mail.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('');
  return page(
    'Deelwijs mail catcher',
    `<h1>Mail caught by npm start</h1><p>${received} received since start${received > mails.length ? `, the last ${mails.length} kept` : ''}; ` +
      `SMTP on ${escape(host)}:${smtpPort}. Nothing here left this machine. <a href="/">Refresh</a></p>` +
      `<table><thead><tr><th>#</th><th>Received (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

function mailPage(mail) {
  const files = mail.attachments.map((file) => `<li>${escape(file.filename ?? '(unnamed)')} (${escape(file.contentType)}, ${file.size} bytes)</li>`).join('');
  return page(
    mail.subject,
    `<p><a href="/">All mail</a></p><h1>${escape(mail.subject || '(no subject)')}</h1><table>` +
      `<tr><th>From</th><td>${escape(mail.from)}</td></tr><tr><th>To</th><td>${escape(mail.to.join(', '))}</td></tr>` +
      `<tr><th>Received</th><td>${escape(mail.receivedAt)}</td></tr><tr><th>Message-ID</th><td>${escape(mail.messageId)}</td></tr></table>` +
      `<pre>${escape(mail.text)}</pre>${files ? `<h2>Attachments</h2><ul>${files}</ul>` : ''}`,
  );
}

const server = http.createServer((request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  const send = (status, type, body) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    response.end(body);
  };
  if (request.method !== 'GET') {
    send(405, 'text/plain; charset=utf-8', 'Only GET\n');
  } else if (pathname === '/') {
    send(200, 'text/html; charset=utf-8', listPage());
  } else if (pathname === '/mails.json') {
    send(200, 'application/json', JSON.stringify({ received, mails }));
  } else if (pathname === '/health' || pathname === '/health/ready' || pathname === '/health/live') {
    send(200, 'application/json', JSON.stringify({ status: 'up' }));
  } else {
    const number = /^\/mails\/(\d+)$/.exec(pathname)?.[1];
    const mail = number && mails.find((candidate) => candidate.number === Number(number));
    if (mail) {
      send(200, 'text/html; charset=utf-8', mailPage(mail));
    } else {
      send(404, 'text/plain; charset=utf-8', 'No such mail (only the last ones are kept)\n');
    }
  }
});

function fail(what, error) {
  process.stderr.write(`mail catcher: cannot listen for ${what}: ${error.message}\n`);
  process.exit(error.code === 'EADDRINUSE' ? 78 : 1);
}

smtp.server.once('error', (error) => fail(`SMTP on ${host}:${smtpPort}`, error));
server.once('error', (error) => fail(`HTTP on ${host}:${httpPort}`, error));
smtp.listen(smtpPort, host, () => server.listen(httpPort, host));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    smtp.close(() => process.exit(0));
  });
}

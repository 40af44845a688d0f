import { createHash } from 'node:crypto';
import type { OutboxCallState, OutboxChannel, OutboxMessage } from '../../delivery/outbox/outboxMessage.js';
import { Html, html } from '../../pages/html.js';
import { textWithLinks } from './devOutboxHtml.js';

// The one piece of the page inserted unescaped: a constant of this file, allowed by its hash in the CSP.
const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #59636e; --bg: #f6f8fa; --card: #fff; --line: #d1d9e0; --accent: #0b5cad; --warn: #fff4d6; --warn-line: #d4a72c; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --card: #151b23; --line: #3d444d; --accent: #4493f8; --warn: #3a2c0a; --warn-line: #9e6a03; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
.warning { background: var(--warn); border: 1px solid var(--warn-line); border-radius: 6px; padding: .6rem .8rem; }
.notice { border-left: 4px solid var(--accent); padding: .4rem .8rem; background: var(--card); }
nav a, .message a { color: var(--accent); }
ol { list-style: none; padding: 0; margin: 1rem 0 0; display: grid; gap: .75rem; }
.message { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; }
.message header { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: baseline; color: var(--muted); }
.channel { font-weight: 600; color: var(--fg); text-transform: uppercase; font-size: .8rem; letter-spacing: .04em; }
.recipient { color: var(--fg); font-weight: 600; }
h2 { font-size: 1rem; margin: .4rem 0 0; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font: 14px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; margin: .5rem 0 0; }
.state { margin: .5rem 0 0; font-weight: 600; }
.state-ringing { color: var(--accent); }
.actions { display: flex; gap: .5rem; margin-top: .5rem; flex-wrap: wrap; }
button { font: inherit; padding: .35rem .9rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button:focus-visible, a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
`;

/**
 * The page's own Content-Security-Policy: its one stylesheet by hash, forms posting back to itself,
 * nothing else (no script at all: the buttons are plain forms).
 */
export const DEV_OUTBOX_PAGE_CSP =
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; ` +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Notices the page shows after a form post; a fixed list, so nothing from the request is echoed. */
export const OUTBOX_NOTICES = { 'call-ended': 'That call had already ended; nothing changed.', 'call-missing': 'There is no such call.' } as const;
export type OutboxNotice = keyof typeof OUTBOX_NOTICES;

const CHANNEL_LABELS: Record<OutboxChannel, string> = { email: 'Email', sms: 'Text message', voice: 'Voice call' };
const STATE_LABELS: Record<Exclude<OutboxCallState, 'ringing'>, string> = {
  confirmed: 'Answered: # pressed',
  hung_up: 'Answered: # not pressed',
  no_answer: 'Not answered',
};

export function renderOutboxPage(messages: readonly OutboxMessage[], notice: OutboxNotice | null): string {
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Development outbox · Twofold</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<main>
<h1>Development outbox</h1>
<p class="warning">Development only. Nothing here was really sent: every email, text and call the service made is kept here instead, codes and links included. Newest first.</p>
<nav><a href="/dev/outbox">Refresh</a> · <a href="/api/dev/outbox">As JSON</a></nav>
${notice ? html`<p class="notice" role="status">${OUTBOX_NOTICES[notice]}</p>` : null}
${messages.length === 0 ? html`<p>Nothing has been sent yet. Sign in with a code by email, text or call, and it appears here.</p>` : html`<ol>${messages.map(renderMessage)}</ol>`}
</main>
</body>
</html>
`;
  return page.text;
}

function renderMessage(m: OutboxMessage): Html {
  return html`
<li class="message" id="m-${m.id}">
<header><span class="channel">${CHANNEL_LABELS[m.channel]}</span><span>to <span class="recipient">${m.recipient}</span></span><time datetime="${m.createdAt}">${readableTime(m.createdAt)}</time></header>
${m.subject !== null ? html`<h2>${m.subject}</h2>` : null}
${m.channel === 'voice' ? html`<p>The call says:</p>` : null}
<pre>${textWithLinks(m.body)}</pre>
${m.call ? renderCall(m.id, m.call) : null}
</li>`;
}

function renderCall(id: string, call: NonNullable<OutboxMessage['call']>): Html {
  if (call.state !== 'ringing') {
    return html`<p class="state">${STATE_LABELS[call.state]}${call.answeredAt ? html` at ${readableTime(call.answeredAt)}` : null}</p>`;
  }
  const base = `/dev/outbox/calls/${encodeURIComponent(id)}`;
  return html`<p class="state state-ringing">Ringing until ${readableTime(call.ringUntil)}</p>
<div class="actions">
<form method="post" action="${base}/answer"><input type="hidden" name="key" value="#"><button class="primary" type="submit">Answer and press #</button></form>
<form method="post" action="${base}/no-answer"><button type="submit">Don't answer</button></form>
</div>`;
}

/** 2026-01-05T09:00:05.123Z → 2026-01-05 09:00:05 UTC: the service's clock is UTC, so the page says so. */
function readableTime(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso;
}

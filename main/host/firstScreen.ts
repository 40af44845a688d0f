import { countdown, RING_CIRCUMFERENCE as CIRCUMFERENCE, RING_RADIUS as RADIUS, RING_SIZE as SIZE, RING_STROKE as STROKE, ringDashOffset } from '../../common/codes/countdown.js';
import { buildDisplayList, byListOrder, type ListItem } from '../../common/codes/displayList.js';
import { formatCode } from '../../common/codes/formatCode.js';
import { keyboardHints, type KeyHint } from '../../common/codes/keyboardHints.js';
import type { ResponseOf } from '../../common/ipc/contract.js';
import type { AccountView, CodeView } from '../../common/ipc/views.js';
import { ICON_PATHS, iconStrokeWidth, type IconName } from '../../common/ui/iconPaths.js';

export type Bootstrap = ResponseOf<'app:bootstrap'>;

/** List items drawn: more than the tallest window shows (76 px rows), few enough to stay a small page. */
export const FIRST_SCREEN_ITEMS = 40;

export interface FirstScreenOptions {
  /** The host's clock: the countdown rings are drawn as they stand at this moment. */
  now: number;
  /** Keyboard hints name ⌫ / ⌥ on macOS, as the renderer does. */
  mac: boolean;
}

/**
 * The codes window as the browser host first sends it, before the renderer's scripts have loaded: the
 * toolbar, the first accounts with their codes and rings, the keyboard hints — the same elements and
 * classes as the React screen, so the swap to it does not move a pixel (a browser test holds them to
 * that). It is a picture, not the app: `inert`, hidden from assistive technology, removed as soon as
 * React shows its own codes (renderer/src/ui/firstScreen.ts), and hidden by CSS after a few seconds if
 * that never happens, so stale codes cannot linger. Empty when there is nothing to show yet (no accounts,
 * or a vault that is not open): the renderer then says why, as before.
 *
 * Every text comes from account names a QR code or a pasted link chose: all of it is escaped.
 */
export function renderFirstScreen(boot: Bootstrap, { now, mac }: FirstScreenOptions): string {
  if (boot.status.state !== 'ready' || boot.accounts.length === 0) return '';
  const codes = new Map(boot.snapshot.codes.map((c) => [c.id, c]));
  const list = buildDisplayList([...boot.accounts].sort(byListOrder));
  const items = list.items.slice(0, FIRST_SCREEN_ITEMS);
  const theme = boot.settings.theme === 'system' ? '' : ` data-theme="${escapeHtml(boot.settings.theme)}"`;
  return (
    `<div id="first-screen" class="first-screen"${theme} inert aria-hidden="true">` +
    `<div class="app">${toolbar()}<main class="content"><div class="list-scroller"><div class="list">` +
    sections(items)
      .map((section) => `<div class="list-section">${section.header ? groupHeader(section.header) : ''}<div role="list">${section.rows.map((a) => row(a, codes.get(a.id), now)).join('')}</div></div>`)
      .join('') +
    `</div></div></main>${hints(mac)}</div></div>`
  );
}

type Header = Extract<ListItem, { kind: 'header' }>;

function sections(items: readonly ListItem[]): { header: Header | null; rows: AccountView[] }[] {
  const out: { header: Header | null; rows: AccountView[] }[] = [];
  for (const item of items) {
    if (item.kind === 'header') out.push({ header: item, rows: [] });
    else if (out.length === 0) out.push({ header: null, rows: [item.account] });
    else out[out.length - 1]!.rows.push(item.account);
  }
  return out;
}

function toolbar(): string {
  return (
    '<header class="toolbar"><div class="search">' +
    `<span class="search__icon">${icon('search', 17)}</span>` +
    '<input type="search" class="search__input" placeholder="Search accounts" tabindex="-1">' +
    '<kbd class="search__hint">/</kbd></div>' +
    `<button type="button" class="button button--primary" tabindex="-1">${icon('plus', 18)} <span>Add account</span></button>` +
    `<button type="button" class="icon-button toolbar__settings" tabindex="-1">${icon('settings', 20)}</button>` +
    '</header>'
  );
}

function groupHeader(header: Header): string {
  return `<div class="group-header"><h2 class="group-header__title">${escapeHtml(header.group)}</h2><span class="group-header__count">${header.count}</span></div>`;
}

function row(account: AccountView, code: CodeView | undefined, now: number): string {
  const name = account.issuer || account.accountName;
  const meta =
    `<span class="row__meta"><span class="row__issuer">${escapeHtml(name)}</span>` +
    (account.issuer && account.accountName ? `<span class="row__account">${escapeHtml(account.accountName)}</span>` : '') +
    '</span>';
  return (
    `<div role="listitem" class="row">` +
    `<span class="row__handle">${icon('grip', 16)}</span>${meta}${codeArea(account, code, now)}` +
    `<button type="button" class="icon-button icon-button--small row__more" tabindex="-1">${icon('more', 18)}</button></div>`
  );
}

/** The code as the renderer prints it; `data-first-screen-code` holds the digits (the start-up benchmark and tests read it). */
function codeText(account: AccountView, code: CodeView): string {
  return `<span class="code" data-first-screen-code="${escapeHtml(code.current)}">${escapeHtml(formatCode(code.current, account.kind))}</span>`;
}

/**
 * The answer was computed a moment ago: if its period has ended since, its `next` code is the one valid
 * now; if the one after has ended too (periods of a second or two), the answer has no valid code.
 */
function currentAt(code: CodeView, now: number): CodeView | undefined {
  if (code.periodStart === null || code.periodEnd === null || now < code.periodEnd) return code;
  const length = code.periodEnd - code.periodStart;
  if (code.next === null || now >= code.periodEnd + length) return undefined;
  return { ...code, current: code.next, next: null, periodStart: code.periodEnd, periodEnd: code.periodEnd + length };
}

function codeArea(account: AccountView, answered: CodeView | undefined, now: number): string {
  const code = answered && currentAt(answered, now);
  // A row without a valid code (a key that is missing, periods gone by) is left to the renderer.
  if (!code) return '<span class="code-cell"></span><span class="ring ring--idle"></span>';
  if (account.kind === 'hotp') {
    return `<span class="code-cell">${codeText(account, code)}<span class="code-next">counter-based</span></span><button type="button" class="icon-button hotp-next" tabindex="-1">${icon('refresh', 18)}</button>`;
  }
  const start = code.periodStart ?? now;
  const end = code.periodEnd ?? now + account.period * 1000;
  const state = countdown(now, start, end);
  const next = state.showNext && code.next ? formatCode(code.next, account.kind) : null;
  return (
    `<span class="code-cell">${codeText(account, code)}<span class="code-next${next ? ' code-next--shown' : ''}">${next ? `next: ${escapeHtml(next)}` : ''}</span></span>` +
    ring(state.elapsed, state.secondsLeft, state.warning)
  );
}

// As renderer/src/features/codes/CountdownRing.tsx draws it, with SVG attributes: the page's CSP
// refuses style attributes.
function ring(elapsed: number, secondsLeft: number, warning: boolean): string {
  const c = SIZE / 2;
  return (
    `<span class="ring${warning ? ' ring--warning' : ''}"><svg width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" focusable="false">` +
    `<circle class="ring__track" cx="${c}" cy="${c}" r="${RADIUS}" stroke-width="${STROKE}" fill="none"></circle>` +
    `<circle class="ring__arc" cx="${c}" cy="${c}" r="${RADIUS}" stroke-width="${STROKE}" fill="none" stroke-linecap="round" stroke-dasharray="${CIRCUMFERENCE}" stroke-dashoffset="${ringDashOffset(elapsed, CIRCUMFERENCE)}" transform="rotate(-90 ${c} ${c})"></circle>` +
    `</svg><span class="ring__seconds">${secondsLeft}</span></span>`
  );
}

function hints(mac: boolean): string {
  const hint = ({ keys, what, optional }: KeyHint) => `<span${optional ? ' class="hints__optional"' : ''}><kbd>${escapeHtml(keys)}</kbd> ${escapeHtml(what)}</span>`;
  return `<footer class="hints">${keyboardHints(mac).map(hint).join('')}</footer>`;
}

function icon(name: IconName, size: number): string {
  return (
    `<svg class="icon" width="${size}" height="${size}" viewBox="0 0 20 20" focusable="false">` +
    `<path d="${ICON_PATHS[name]}" fill="none" stroke="currentColor" stroke-width="${iconStrokeWidth(name)}" stroke-linecap="round" stroke-linejoin="round"></path></svg>`
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * The bootstrap answer for the renderer, as a JSON data block (never executed, so the CSP allows it):
 * the window then asks for nothing more before its first screen. `<` is escaped so that no account name
 * can close the element, and U+2028/2029 for old parsers.
 */
export function bootstrapDataBlock(boot: Bootstrap): string {
  const json = JSON.stringify(boot).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="twofold-bootstrap">${json}</script>`;
}

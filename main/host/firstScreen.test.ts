import { describe, expect, it } from 'vitest';
import { accountView } from '../../common/codes/testing/accountView.js';
import type { AccountView, CodeView } from '../../common/ipc/views.js';
import { bootstrapDataBlock, FIRST_SCREEN_ITEMS, renderFirstScreen, type Bootstrap } from './firstScreen.js';

const NOW = 1_700_000_010_000; // 10 s into a 30 s period
const PERIOD_START = 1_700_000_010_000 - 10_000;

const account = (i: number, over: Partial<AccountView> = {}) =>
  accountView(`id-${i}`, { issuer: `Portal ${i}`, accountName: `staff${i}@clinic.example`, order: i, createdAt: 1, updatedAt: 1, ...over });

function code(id: string, current: string, over: Partial<CodeView> = {}): CodeView {
  return { id, current, next: '999999', periodStart: PERIOD_START, periodEnd: PERIOD_START + 30_000, ...over };
}

function boot(accounts: AccountView[], codes: CodeView[], over: Partial<Bootstrap> = {}): Bootstrap {
  return {
    status: { state: 'ready', message: null, accountCount: accounts.length, profileId: 'default' },
    accounts,
    snapshot: { now: NOW, codes },
    settings: { clipboardClearSeconds: 30, theme: 'system' },
    ...over,
  };
}

const render = (b: Bootstrap) => renderFirstScreen(b, { now: NOW, mac: false });
const shownCodes = (html: string) => [...html.matchAll(/data-first-screen-code="(\d+)">([^<]*)</g)].map((m) => [m[1], m[2]]);

describe('the browser host’s first screen', () => {
  it('shows each account with its code grouped for reading, in the window’s order', () => {
    // Stored out of order: the screen sorts as the window does (order, then age).
    const html = render(boot([account(2), account(1)], [code('id-1', '123456'), code('id-2', '654321')]));
    expect(shownCodes(html)).toEqual([
      ['123456', '123 456'],
      ['654321', '654 321'],
    ]);
    expect(html.indexOf('Portal 1')).toBeLessThan(html.indexOf('Portal 2'));
    expect(html).toContain('staff1@clinic.example');
    expect(html).toMatch(/^<div id="first-screen" class="first-screen" inert aria-hidden="true">/);
  });

  it('lists ungrouped accounts first, then each group under its header, like the window', () => {
    const accounts = [account(1, { group: 'Billing' }), account(2), account(3, { group: 'Admin' })];
    const html = render(boot(accounts, accounts.map((a) => code(a.id, '111111'))));
    const order = ['Portal 2', '>Admin<', 'Portal 3', '>Billing<', 'Portal 1'].map((t) => html.indexOf(t));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('draws no more than a tall window shows', () => {
    const accounts = Array.from({ length: 500 }, (_, i) => account(i));
    const html = render(boot(accounts, accounts.map((a) => code(a.id, '222222'))));
    expect(shownCodes(html)).toHaveLength(FIRST_SCREEN_ITEMS);
    expect(html).not.toContain(`Portal ${FIRST_SCREEN_ITEMS}<`);
  });

  it('draws the ring as it stands now and the next code when the current one is about to lapse', () => {
    const fresh = render(boot([account(1)], [code('id-1', '123456')]));
    expect(fresh).toContain('<span class="ring__seconds">20</span>');
    expect(fresh).not.toContain('next: ');
    const late = renderFirstScreen(boot([account(1)], [code('id-1', '123456')]), { now: PERIOD_START + 25_000, mac: false });
    expect(late).toContain('next: 999 999');
    expect(late).toContain('ring ring--warning');
    // SVG attributes, not style attributes (the page's CSP refuses those).
    expect(late).not.toMatch(/\sstyle=/);
  });

  it('shows the next code as the current one when the answer’s period has ended since it was computed', () => {
    const html = renderFirstScreen(boot([account(1)], [code('id-1', '123456', { next: '654321' })]), { now: PERIOD_START + 30_500, mac: false });
    expect(shownCodes(html)).toEqual([['654321', '654 321']]);
    expect(html).toContain('<span class="ring__seconds">30</span>');
  });

  it('draws no code when even the answer’s next period has ended (periods of a second or two)', () => {
    const short = { periodStart: NOW - 1_000, periodEnd: NOW + 1_000 };
    const html = renderFirstScreen(boot([account(1, { period: 2 })], [code('id-1', '123456', short)]), { now: NOW + 3_500, mac: false });
    expect(shownCodes(html)).toEqual([]);
    expect(html).toContain('ring ring--idle');
  });

  it('shows counter-based and Steam codes as the window does', () => {
    const html = render(
      boot(
        [account(1, { kind: 'hotp' }), account(2, { kind: 'steam', digits: 5 })],
        [code('id-1', '755224', { next: null, periodStart: null, periodEnd: null }), code('id-2', 'B7K9Q')],
      ),
    );
    expect(html).toContain('counter-based');
    expect(html).toContain('>B7K9Q<');
  });

  it('escapes every name a QR code or link chose', () => {
    const evil = '<img src=x onerror=alert(1)>"\'&';
    const html = render(boot([account(1, { issuer: evil, accountName: evil, group: evil })], [code('id-1', '123456')]));
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;&#34;&#39;&#38;');
  });

  it('names the pinned theme so the picture has the window’s colours, and the Mac keys on a Mac', () => {
    const b = boot([account(1)], [code('id-1', '123456')], { settings: { clipboardClearSeconds: 30, theme: 'dark' } });
    expect(render(b)).toContain('data-theme="dark"');
    expect(render(b)).toContain('<kbd>Del</kbd>');
    expect(renderFirstScreen(b, { now: NOW, mac: true })).toContain('<kbd>⌫</kbd>');
  });

  it('draws nothing when there is nothing to show: no accounts, or a vault that is not open', () => {
    expect(render(boot([], []))).toBe('');
    const locked = boot([account(1)], [], { status: { state: 'keychain-unavailable', message: 'The keychain is locked.', accountCount: 1, profileId: 'default' } });
    expect(render(locked)).toBe('');
  });

  it('hands the renderer the same answer in a data block no account name can break out of', () => {
    const evil = '</script><script>alert(1)</script>\u2028';
    const b = boot([account(1, { issuer: evil })], [code('id-1', '123456')]);
    const block = bootstrapDataBlock(b);
    expect(block.match(/<\/script/gi)).toHaveLength(1);
    expect(block.endsWith('</script>')).toBe(true);
    const json = /^<script type="application\/json" id="twofold-bootstrap">(.*)<\/script>$/s.exec(block)?.[1];
    expect(JSON.parse(json ?? '')).toEqual(b);
  });
});

// Dev-only stand-in for window.twofold, for looking at layouts without the host (not shipped: lives
// outside src/). Codes are made up, not real TOTP. Loaded with Playwright's addInitScript, which runs
// before the page's scripts and is not subject to its CSP.
import type { AppEvent, Channel, RequestOf, ResponseOf, Result, TwofoldApi } from '../../common/ipc/contract.js';
import type { AccountView, CodeView, Settings } from '../../common/ipc/views.js';

interface FakeOptions {
  scenario?: 'empty' | 'portals' | 'thousand' | 'keychain';
  /** Seconds into the 30 s period the fake clock should be now, e.g. 26 for the warning state. */
  atSecond?: number;
  /** Saving settings fails, to look at the error. */
  failSettings?: boolean;
  /** The clipboard clear delay to start with (seconds, 0 = never). */
  clearSeconds?: number;
}

declare global {
  interface Window {
    __fake?: FakeOptions;
  }
}

const opts: FakeOptions = window.__fake ?? {};
const portals: [string, string, string | null][] = [
  ['Acme Imaging', 'front.desk@riverside-clinic.org', 'Imaging'],
  ['RadNet Referral Portal', 'mgarcia', 'Imaging'],
  ['State Medicaid Provider Portal', 'npi1457382910', 'Payers'],
  ['UR Review Portal', 'jchen@riverside-clinic.org', 'Payers'],
  ['Availity', 'riverside.billing', 'Payers'],
  ['Clinic EHR', 'admin', null],
  ['Lab Results Portal', 'mgarcia', null],
  ['Pharmacy e-Prescribing', 'dr.okafor', null],
  ['Microsoft 365', 'mgarcia@riverside-clinic.org', null],
  ['Steam', 'clinic-breakroom', null],
  ['VPN', 'mgarcia', null],
];

let accounts: AccountView[] = [];
let settings: Settings = { clipboardClearSeconds: opts.clearSeconds ?? 30, theme: 'system' };
const make = (i: number, issuer: string, accountName: string, group: string | null): AccountView => ({
  id: `acc-${i}`,
  issuer,
  accountName,
  kind: issuer === 'Steam' ? 'steam' : issuer === 'VPN' ? 'hotp' : 'totp',
  algorithm: 'SHA1',
  digits: issuer === 'UR Review Portal' ? 8 : issuer === 'Steam' ? 5 : 6,
  period: 30,
  group,
  order: i,
  createdAt: i,
  updatedAt: i,
});
if (opts.scenario === 'portals' || opts.scenario === 'keychain') accounts = portals.map(([a, b, c], i) => make(i, a, b, c));
if (opts.scenario === 'thousand') accounts = Array.from({ length: 1000 }, (_, i) => make(i, `Portal ${String(i).padStart(4, '0')}`, `user${i}@clinic.org`, null));

const shift = opts.atSecond === undefined ? 0 : (() => {
  const into = Date.now() % 30_000;
  return opts.atSecond * 1000 - into;
})();
const now = () => Date.now() + shift;
const hotpCounters = new Map<string, number>();

function fakeCode(id: string, step: number, a: AccountView): string {
  let h = 2166136261;
  for (const ch of `${id}:${step}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  if (a.kind === 'steam') return Array.from({ length: 5 }, (_, i) => '23456789BCDFGHJKMNPQRTVWXY'[(h >>> (i * 5)) % 26]).join('');
  return String(h % 10 ** a.digits).padStart(a.digits, '0');
}

function codeFor(a: AccountView): CodeView {
  if (a.kind === 'hotp') {
    const c = hotpCounters.get(a.id) ?? 0;
    return { id: a.id, current: fakeCode(a.id, c, a), next: null, periodStart: null, periodEnd: null };
  }
  const step = Math.floor(now() / (a.period * 1000));
  return {
    id: a.id,
    current: fakeCode(a.id, step, a),
    next: fakeCode(a.id, step + 1, a),
    periodStart: step * a.period * 1000,
    periodEnd: (step + 1) * a.period * 1000,
  };
}

const listeners = new Map<AppEvent, Set<() => void>>();
const emit = (e: AppEvent) => setTimeout(() => listeners.get(e)?.forEach((l) => l()), 10);
const removed = new Map<string, AccountView>();
let nextId = 5000;

const ok = <T,>(value: T): Result<T> => ({ ok: true, value });

type Handler<C extends Channel> = (req: RequestOf<C>) => Result<ResponseOf<C>>;
const handlers: { [C in Channel]: Handler<C> } = {
  'vault:status': () =>
    ok(
      opts.scenario === 'keychain'
        ? { state: 'keychain-unavailable', message: 'Twofold can’t open the system keychain. Unlock your computer’s keychain (or sign out and in again), then reopen Twofold.', accountCount: accounts.length, profileId: 'default' }
        : { state: 'ready', message: null, accountCount: accounts.length, profileId: 'default' },
    ),
  'accounts:list': () => ok({ accounts }),
  'codes:snapshot': () => ok({ now: now(), codes: accounts.map(codeFor) }),
  'accounts:addFromLink': (req) => {
    const m = /^otpauth:\/\/(totp|hotp)\/([^?]*)\?(.*)$/.exec(req.link.trim());
    if (!m) return { ok: false, error: { code: 'InvalidUri', message: 'That isn’t a setup link. It should start with otpauth://', field: 'link' } };
    const params = new URLSearchParams(m[3]);
    const secret = params.get('secret') ?? '';
    const bad = /[^A-Z2-7=]/i.exec(secret);
    if (bad) return { ok: false, error: { code: 'InvalidSecret', message: `The key in this link has a “${bad[0]}”, which can’t be in a key. Check you copied the whole link.`, field: 'link' } };
    const label = decodeURIComponent(m[2] ?? '');
    const [issuer, name] = label.includes(':') ? label.split(':') : [params.get('issuer') ?? '', label];
    const a = make(nextId++, issuer ?? '', name ?? '', req.group ?? null);
    accounts = [...accounts, { ...a, order: accounts.length }];
    emit('vault:changed');
    return ok({ added: [a], batch: null });
  },
  'accounts:addManual': (req) => {
    if (/[^A-Z2-7= ]/i.test(req.secret)) return { ok: false, error: { code: 'InvalidSecret', message: 'A key only has the letters A–Z and the digits 2–7.', field: 'secret' } };
    const a = { ...make(nextId++, req.issuer, req.accountName, req.group ?? null), kind: req.kind, digits: req.digits, order: accounts.length };
    accounts = [...accounts, a];
    emit('vault:changed');
    return ok({ added: a });
  },
  'accounts:update': (req) => {
    const a = accounts.find((x) => x.id === req.id);
    if (!a) return { ok: false, error: { code: 'NotFound', message: 'That account is gone.' } };
    const u = { ...a, ...(req.issuer !== undefined ? { issuer: req.issuer } : {}), ...(req.accountName !== undefined ? { accountName: req.accountName } : {}), ...(req.group !== undefined ? { group: req.group } : {}) };
    accounts = accounts.map((x) => (x.id === a.id ? u : x));
    emit('vault:changed');
    return ok({ account: u });
  },
  'accounts:remove': (req) => {
    const a = accounts.find((x) => x.id === req.id);
    if (!a) return { ok: false, error: { code: 'NotFound', message: 'That account is gone.' } };
    accounts = accounts.filter((x) => x.id !== req.id);
    removed.set(`undo-${a.id}`, a);
    emit('vault:changed');
    return ok({ undoToken: `undo-${a.id}` });
  },
  'accounts:undoRemove': (req) => {
    const a = removed.get(req.undoToken);
    if (!a) return { ok: false, error: { code: 'NotFound', message: 'Too late to undo.' } };
    accounts = [...accounts, a].sort((x, y) => x.order - y.order);
    emit('vault:changed');
    return ok({ account: a });
  },
  'accounts:reorder': (req) => {
    accounts = req.ids.flatMap((id, order) => accounts.filter((a) => a.id === id).map((a) => ({ ...a, order })));
    emit('vault:changed');
    return ok({});
  },
  'accounts:nextHotp': (req) => {
    hotpCounters.set(req.id, (hotpCounters.get(req.id) ?? 0) + 1);
    const a = accounts.find((x) => x.id === req.id);
    return a ? ok(codeFor(a)) : { ok: false, error: { code: 'NotFound', message: 'That account is gone.' } };
  },
  'clipboard:copyCode': () => {
    const seconds = settings.clipboardClearSeconds;
    if (seconds > 0) setTimeout(() => emit('clipboard:cleared'), seconds * 1000);
    return ok({ clearsInSeconds: seconds > 0 ? seconds : null });
  },
  'settings:get': () => ok(settings),
  'settings:update': (req) => {
    if (opts.failSettings) return { ok: false, error: { code: 'Internal', message: 'Twofold couldn’t save your settings. Try again.', ref: 'E-7F3A' } };
    settings = { ...settings, ...req };
    return ok(settings);
  },
};

const api: TwofoldApi = {
  host: 'browser',
  async invoke(channel, request) {
    await new Promise((r) => setTimeout(r, 5));
    return (handlers[channel] as Handler<typeof channel>)(request);
  },
  on(event, listener) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  },
};

window.twofold = api;

import { z } from 'zod';
import { ConfigError } from '../config/configError.js';
import { readPublicBaseUrl } from '../config/publicBaseUrl.js';
import { DEFAULT_CODE_POLICY, type OneTimeCodePolicy } from '../security/oneTimeCodePolicy.js';

/** How sign-in behaves; read from the environment by loadAuthSettings (docs/server.md, "Sign-in"). */
export interface AuthSettings {
  /** Shown on the pages, in texts and emails, and as the issuer in authenticator apps. */
  portalName: string;
  /** "Remember me": how long a browser may skip the second factor (seed 003: four hours). */
  rememberMeSeconds: number;
  /** A signed-in session ends after this long without a request... */
  sessionIdleSeconds: number;
  /** ...and this long after sign-in in any case. */
  sessionMaxSeconds: number;
  /** From an accepted password to a finished second factor or registration. */
  pendingSeconds: number;
  /** Lifetimes and tries of one-time codes, per purpose and channel. */
  codePolicy: OneTimeCodePolicy;
  /** Codes sent and calls placed for one user: at most `max` within `windowSeconds`, `minIntervalSeconds` apart. */
  sendLimit: { max: number; windowSeconds: number; minIntervalSeconds: number };
  /**
   * PUBLIC_BASE_URL (server/config/publicBaseUrl.ts, shared with the admin API): the portal's address as
   * users reach it, for links in emails. startServer requires it off loopback; null means this machine.
   */
  publicUrl: string | null;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  portalName: 'Riverside Provider Portal',
  rememberMeSeconds: 4 * 3600,
  sessionIdleSeconds: 30 * 60,
  sessionMaxSeconds: 12 * 3600,
  pendingSeconds: 10 * 60,
  codePolicy: DEFAULT_CODE_POLICY,
  sendLimit: { max: 5, windowSeconds: 15 * 60, minIntervalSeconds: 20 },
  publicUrl: null,
};

const whole = (name: string, min: number, max: number, unit: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number of ${unit} from ${min} to ${max}.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be a whole number of ${unit} from ${min} to ${max}.`);

const AuthEnvSchema = z.object({
  PORTAL_NAME: z
    .string()
    .trim()
    .min(1)
    .max(80, 'PORTAL_NAME must be at most 80 characters.')
    // It goes into otpauth:// labels, SMS texts and email subjects: one line, and no ':' (the label separator).
    .regex(/^[^\r\n:]+$/, 'PORTAL_NAME must be one line without a colon, e.g. "Riverside Provider Portal".')
    .optional(),
  REMEMBER_ME_HOURS: whole('REMEMBER_ME_HOURS', 0, 720, 'hours').optional(),
  SESSION_IDLE_MINUTES: whole('SESSION_IDLE_MINUTES', 1, 1440, 'minutes').optional(),
  SESSION_MAX_HOURS: whole('SESSION_MAX_HOURS', 1, 168, 'hours').optional(),
  CODE_LIFETIME_MINUTES: whole('CODE_LIFETIME_MINUTES', 1, 60, 'minutes').optional(),
  EMAIL_LOGIN_CODE_SECONDS: whole('EMAIL_LOGIN_CODE_SECONDS', 30, 3600, 'seconds').optional(),
});

/**
 * Reads the sign-in settings. Kept beside loadServerConfig rather than inside it so sign-in owns its own
 * knobs; startServer calls both. Throws ConfigError naming the variable (values are not secret here).
 */
export function loadAuthSettings(env: Readonly<Record<string, string | undefined>>): AuthSettings {
  const present = Object.fromEntries(Object.keys(AuthEnvSchema.shape).flatMap((k) => (env[k] ? [[k, env[k]]] : [])));
  const parsed = AuthEnvSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError([...new Set(parsed.error.issues.map((i) => i.message))].join('\n'));
  const e = parsed.data;
  const d = DEFAULT_AUTH_SETTINGS;
  const lifetimeSeconds = e.CODE_LIFETIME_MINUTES !== undefined ? e.CODE_LIFETIME_MINUTES * 60 : d.codePolicy.lifetimeSeconds;
  return {
    ...d,
    portalName: e.PORTAL_NAME ?? d.portalName,
    publicUrl: readPublicBaseUrl(env) ?? d.publicUrl,
    rememberMeSeconds: e.REMEMBER_ME_HOURS !== undefined ? e.REMEMBER_ME_HOURS * 3600 : d.rememberMeSeconds,
    sessionIdleSeconds: e.SESSION_IDLE_MINUTES !== undefined ? e.SESSION_IDLE_MINUTES * 60 : d.sessionIdleSeconds,
    sessionMaxSeconds: e.SESSION_MAX_HOURS !== undefined ? e.SESSION_MAX_HOURS * 3600 : d.sessionMaxSeconds,
    codePolicy: {
      ...d.codePolicy,
      lifetimeSeconds,
      // Seed 003: email login codes "expire within 30 seconds" on some portals; the operator chooses.
      // The admin view's sign-in codes by email follow the same setting.
      overrides:
        e.EMAIL_LOGIN_CODE_SECONDS !== undefined
          ? { 'login:email': { lifetimeSeconds: e.EMAIL_LOGIN_CODE_SECONDS }, 'admin_login:email': { lifetimeSeconds: e.EMAIL_LOGIN_CODE_SECONDS } }
          : {},
    },
  };
}

// Starts the built service (dist/server/main.js) as a process of its own on 127.0.0.1, port 0, and
// stops it. Its start-up lines tell the address; warnings it logs are kept for the report.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ServiceProcess {
  url: string;
  pid: number;
  /** Log lines at warn level or above, and anything on standard error. */
  problems: string[];
  /** CPU seconds (user + system) the process has used so far (Linux /proc). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  script: string;
  databaseUrl: string;
  secretKeyHex: string;
  dataDir: string;
  /** Folder for a V8 CPU profile (`node --cpu-prof`), written when the process stops. */
  cpuProfileDir?: string | undefined;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

export async function startService(o: ServiceOptions): Promise<ServiceProcess> {
  const args = [...(o.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfileDir}`] : []), o.script];
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: o.databaseUrl,
      TWOFOLD_SECRET_KEY: o.secretKeyHex,
      TWOFOLD_SERVER_DATA_DIR: o.dataDir,
      TWOFOLD_SEED_DEMO: 'false',
      DEV_OUTBOX: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...(process.env.BENCH_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const problems: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  createInterface({ input: child.stderr! }).on('line', (line) => problems.push(line));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the service did not say where it listens within 30 s')), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited with code ${code} before listening: ${problems.join(' | ')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      } else if (line.startsWith('{')) {
        problems.push(line);
      }
    });
  });

  return {
    url,
    pid: child.pid!,
    problems,
    cpuSeconds: () => processCpuSeconds(child),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

function processCpuSeconds(child: ChildProcess): number {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** Busy and total CPU time of the whole machine (Linux /proc/stat), to tell how loaded it was. */
export function machineCpu(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** CPU ticks used so far by each PostgreSQL server process on this machine (Linux /proc; ours and any other), by pid. */
export function postgresCpuTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // gone meanwhile
    }
  }
  return ticks;
}

/** CPU seconds PostgreSQL processes used between two readings (a process that ended meanwhile is not counted). */
export function postgresCpuSecondsBetween(before: Map<string, number>, after: Map<string, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks / CLOCK_TICKS;
}

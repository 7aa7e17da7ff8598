import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli.ts';
import { ReportSchema, type Report } from '../../src/report/schema.ts';
import { envSandbox, removeDir, tempDir } from '../acquire/helpers.ts';

// The hostile corpus: every repository is built by the test at run time in a temp folder (no hostile file
// is committed), then scanned the way a user would; each case asserts what must hold afterwards.

export { commitAll, initRepo, removeDir, sh, snapshot, tempDir } from '../acquire/helpers.ts';

/** Writes files (creating folders) under root. */
export function put(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export function mkfifo(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  execFileSync('mkfifo', [path]);
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/**
 * The built command in a child process, killed after `timeoutMs`: the only safe way to run a case that
 * could hang (a blocked open would freeze the test runner itself).
 */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v === undefined) delete env[k];
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? process.cwd(), env, encoding: 'utf8', timeout: opts.timeoutMs ?? 30_000, killSignal: 'SIGKILL' });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: performance.now() - start, timedOut: r.error !== undefined && /ETIMEDOUT/.test(String(r.error)) };
}

/** The same command without blocking this process (servers the case runs must keep answering), killed after `timeoutMs`. */
export function cliAsync(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; onStart?: (child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  const start = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? process.cwd(), env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 30_000);
  opts.onStart?.(child);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - start, timedOut });
    });
  });
}

const BIN = join(process.cwd(), 'dist', 'src', 'bin.mjs');

/** `main()` in this process (fast), with its own environment; for cases that cannot hang. */
export async function scanInProcess(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<Omit<Run, 'timedOut'>> {
  const sandbox = envSandbox();
  sandbox.set(opts.env ?? {});
  let stdout = '';
  let stderr = '';
  const start = performance.now();
  try {
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: opts.cwd });
    return { code, stdout, stderr, ms: performance.now() - start };
  } finally {
    sandbox.restore();
  }
}

/** Every file under a folder (recursively, links not followed) as text, for "no secret anywhere" checks. */
export function textOfTree(root: string): string {
  if (!existsSync(root)) return '';
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      const st = lstatSync(abs);
      out.push(abs);
      if (st.isDirectory()) walk(abs);
      else if (st.isFile()) out.push(readFileSync(abs, 'utf8'));
    }
  };
  walk(root);
  return out.join('\n');
}

/** report.json read back and checked against the contract. */
export function readReport(outDir: string): Report {
  return ReportSchema.parse(JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')));
}

/** A fresh workspace for one test file: `base` with `out` and `cache` beside the repositories it builds. */
export function workspace(prefix: string) {
  const base = tempDir(`arch-audit-hostile-${prefix}-`);
  return {
    base,
    out: (name = 'out') => join(base, `${name}.reports`),
    cache: join(base, 'cache'),
    dispose: () => {
      // Deep trees (a path past PATH_MAX) need rm's own traversal.
      spawnSync('rm', ['-rf', base]);
      if (existsSync(base)) removeDir(base);
    },
  };
}

export const ALL_FORMATS = 'json,md,html,sarif,cyclonedx';

/** Where `needle` occurs in `haystack`, as short excerpts (empty when it does not): failures stay readable. */
export function occurrences(haystack: string, needle: string): string[] {
  const out: string[] = [];
  for (let i = haystack.indexOf(needle); i >= 0 && out.length < 3; i = haystack.indexOf(needle, i + 1)) {
    out.push(haystack.slice(Math.max(0, i - 60), i + needle.length + 20));
  }
  return out;
}

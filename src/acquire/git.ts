import { spawn } from 'node:child_process';
import { simpleGit } from 'simple-git';
import { secondsFromEnv } from '../environment.ts';
import { UserError } from '../errors.ts';
import { firstMeaningfulLine, oneLine, redactText } from './redact.ts';

/**
 * The only place that runs git. Every repository we look at is hostile: its config,
 * attributes and hooks must never get to run a program. Git runs code from config in many
 * places (hooks, filter drivers, fsmonitor, pager, external diff, textconv, credential
 * helpers, transports, upload-pack), so each of those is switched off for every call.
 */

export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    message: string,
    readonly stderr: string,
    readonly exitCode: number | null,
    readonly args: readonly string[],
    /** 'missing' when git itself could not be started. */
    readonly reason: 'exit' | 'timeout' | 'missing',
  ) {
    super(message);
  }
}

export interface GitOptions {
  timeoutMs?: number;
}

/** Internal knobs for acquisition (clone.ts); scanners only get the offline `git()`. */
export interface GitRunOptions extends GitOptions {
  /** Allow transports and the user's credential helpers (only for fetching into our own clone). */
  network?: boolean;
  /** Extra config passed through the environment so secrets never appear in the process list. */
  config?: ReadonlyArray<readonly [string, string]>;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const NULL_DEVICE = process.platform === 'win32' ? 'NUL' : '/dev/null';

// Applies to every call. Later -c wins over any config file, including the target's own.
const ALWAYS: ReadonlyArray<readonly [string, string]> = [
  ['core.hooksPath', NULL_DEVICE],
  ['core.fsmonitor', 'false'],
  ['core.untrackedCache', 'false'],
  ['core.pager', 'cat'],
  ['core.askPass', ''], // empty also stops the fallback to SSH_ASKPASS
  ['core.sshCommand', 'ssh'],
  ['diff.external', ''],
  ['diff.autoRefreshIndex', 'false'], // `git diff` would otherwise rewrite .git/index
  ['submodule.recurse', 'false'],
  ['fetch.recurseSubmodules', 'false'],
  ['filter.lfs.clean', ''],
  ['filter.lfs.smudge', ''],
  ['filter.lfs.process', ''],
  ['filter.lfs.required', 'false'],
  ['protocol.ext.allow', 'never'],
  ['gc.auto', '0'], // no background gc/maintenance processes (and no pre-auto-gc hook)
  ['maintenance.auto', 'false'],
  ['color.ui', 'false'], // a hostile color.ui=always would corrupt parsed output
  ['log.showSignature', 'false'],
  ['gpg.program', ''],
  ['safe.bareRepository', 'explicit'], // never pick up a bare repo embedded in the target
];

// Fetching talks to a server that may accept and never answer: http(s) transfers slower than 1 KB/s for
// the stall time are dropped by curl, ssh gives up on a silent peer; the clone's kill timer covers the rest.
function networkConfig(): Array<readonly [string, string]> {
  const stall = Math.max(1, Math.round(secondsFromEnv('ARCH_AUDIT_NETWORK_TIMEOUT', 60)));
  return [
    ['http.lowSpeedLimit', '1000'],
    ['http.lowSpeedTime', String(stall)],
    ['core.sshCommand', `ssh -o ConnectTimeout=${stall} -o ServerAliveInterval=${Math.max(1, Math.ceil(stall / 4))} -o ServerAliveCountMax=4`],
  ];
}

// Scanning is offline: with every transport refused, a partial clone's lazy fetch cannot run
// remote.<x>.uploadpack or a credential helper from the target's config.
const OFFLINE: ReadonlyArray<readonly [string, string]> = [
  ['protocol.allow', 'never'],
  ...['file', 'git', 'ssh', 'http', 'https'].map((p) => [`protocol.${p}.allow`, 'never'] as const),
  ['credential.helper', ''], // empty resets the helper list
];

// Per-driver keys that name a program. (remote.<x>.uploadpack is not here: git keeps the
// *first* value it reads, so it cannot be overridden; the offline protocol policy covers it.) Config subsection names may contain '=' which `-c`
// cannot express, so these overrides go through GIT_CONFIG_COUNT/KEY/VALUE instead.
function driverOverrides(names: readonly string[], network: boolean): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const name of names) {
    const first = name.indexOf('.');
    const last = name.lastIndexOf('.');
    if (first < 0 || last <= first) continue; // no subsection
    const section = name.slice(0, first).toLowerCase();
    const sub = name.slice(first + 1, last);
    const id = `${section}\u0000${sub}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const key = (k: string): string => `${section}.${sub}.${k}`;
    switch (section) {
      case 'filter':
        out.push([key('clean'), ''], [key('smudge'), ''], [key('process'), ''], [key('required'), 'false']);
        break;
      case 'diff':
        out.push([key('command'), ''], [key('textconv'), '']);
        break;
      case 'merge':
        out.push([key('driver'), '']);
        break;
      case 'difftool':
      case 'mergetool':
        out.push([key('cmd'), ''], [key('path'), '']);
        break;
      case 'gpg':
        out.push([key('program'), '']);
        break;
      case 'protocol':
        if (!network) out.push([key('allow'), 'never']);
        break;
      case 'credential':
        if (!network) out.push([key('helper'), '']);
        break;
    }
  }
  return out;
}

// The user's own environment is trusted, but GIT_* variables could redirect git to another
// repository (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE...) or run programs (GIT_EXTERNAL_DIFF,
// GIT_SSH_COMMAND, GIT_EXEC_PATH...). Only these pass through.
const KEEP_GIT_ENV = new Set(['GIT_CONFIG_GLOBAL', 'GIT_SSL_CAINFO', 'GIT_SSL_CAPATH', 'GIT_HTTP_USER_AGENT']);
// Program hooks outside the GIT_ namespace that git honours.
const DROP_ENV = new Set(['EDITOR', 'VISUAL', 'PAGER', 'SSH_ASKPASS', 'PREFIX', 'LESS', 'LV']);

function hardenedEnv(config: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    const upper = k.toUpperCase();
    if (upper.startsWith('GIT_') && !KEEP_GIT_ENV.has(upper)) continue;
    if (DROP_ENV.has(upper)) continue;
    env[k] = v;
  }
  Object.assign(env, {
    GIT_TERMINAL_PROMPT: '0',
    GIT_LFS_SKIP_SMUDGE: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    GIT_NO_LAZY_FETCH: '1', // git >= 2.44; older gits are covered by the protocol policy
    GIT_ADVICE: '0',
    LC_ALL: 'C', // error messages we recognise must not be translated
  });
  if (config.length > 0) {
    env.GIT_CONFIG_COUNT = String(config.length);
    config.forEach(([k, v], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = k;
      env[`GIT_CONFIG_VALUE_${i}`] = v;
    });
  }
  return env;
}

// Options that would run a program, write a file or point git elsewhere. Callers pass file
// names that come from the target, so a file called `--output=~/.bashrc` must not work.
const FORBIDDEN_OPTIONS = new Set([
  '--upload-pack',
  '--receive-pack',
  '--exec',
  '--template',
  '--config',
  '--config-env',
  '--ext-diff',
  '--textconv',
  '--output',
  '--open-files-in-pager',
  '--remote',
  '--git-dir',
  '--work-tree',
  '--exec-path',
  '--namespace',
  '--super-prefix',
  '--recurse-submodules',
]);

function assertSafeArgs(args: readonly string[], allowTemplate: boolean): void {
  const sub = args[0];
  if (sub === undefined || !/^[a-z][a-z0-9-]*$/.test(sub)) {
    throw new Error(`git(): the first argument must be a git subcommand, got ${JSON.stringify(sub)}`);
  }
  for (const a of args.slice(1)) {
    if (a === '--' || a === '--end-of-options') break;
    if (!a.startsWith('-')) continue;
    const name = a.split('=')[0] ?? a;
    if (FORBIDDEN_OPTIONS.has(name) && !(allowTemplate && name === '--template')) {
      throw new Error(`git(): refusing option ${name} (it can run programs or write outside git's control)`);
    }
    if (sub === 'grep' && /^-[a-zA-Z]*O/.test(a)) throw new Error('git(): refusing grep -O (runs a pager)');
  }
}

// Porcelain diff commands run external diff drivers and textconv filters by default.
function withDiffSafety(args: readonly string[]): string[] {
  const [sub, ...rest] = args;
  if (sub === undefined) return [];
  if (['diff', 'log', 'show', 'whatchanged'].includes(sub)) return [sub, '--no-ext-diff', '--no-textconv', ...rest];
  if (sub === 'blame' || sub === 'annotate') return [sub, '--no-textconv', ...rest];
  return [...args];
}

// Subcommands that never read file contents through attributes, so they need no driver list.
const NO_WORKTREE_CONTENT = new Set(['rev-parse', 'config', 'init', 'symbolic-ref', 'ls-remote', 'version']);

// One simple-git instance per call (env and config differ), so bound concurrency ourselves.
const MAX_PARALLEL = 8;
let running = 0;
const waiting: Array<() => void> = [];
async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

interface Outcome {
  exitCode: number | null;
  stderr: string;
}

// Our override values are fixed and safe, but simple-git's guard would refuse to let us even
// *set* these keys. Caller-supplied args are screened by assertSafeArgs instead.
const UNSAFE_OVERRIDES_WE_SET = {
  allowUnsafeHooksPath: true,
  allowUnsafeFsMonitor: true,
  allowUnsafePager: true,
  allowUnsafeAskPass: true,
  allowUnsafeSshCommand: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeDiffTextConv: true,
  allowUnsafeFilter: true,
  allowUnsafeProtocolOverride: true,
  allowUnsafeGpgProgram: true,
  allowUnsafeMergeDriver: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeTemplateDir: true,
  allowUnsafeConfigPaths: true, // GIT_CONFIG_GLOBAL passes through
  allowUnsafeConfigEnvCount: true,
} as const;

// Every git process still running, so a stopped scan can end them before removing their folders.
const running_ = new Set<AbortController>();

/** Asks every git process this scan started to stop (simple-git sends SIGINT, which git cleans up after). */
export function abortAllGit(): void {
  for (const c of running_) c.abort();
}

/** After a kill, how long to wait for git to exit before giving up on it and going on. */
const KILL_GRACE_MS = 5_000;

async function spawnGit(cwd: string, argv: string[], env: Record<string, string>, timeoutMs: number): Promise<string> {
  const controller = new AbortController();
  running_.add(controller);
  let timedOut = false;
  let graceTimer: NodeJS.Timeout | undefined;
  // A git that ignores the kill must not hold the scan: after the grace period the call fails anyway.
  const stuck = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => {
      graceTimer = setTimeout(() => reject(new Error('git did not stop after being killed')), KILL_GRACE_MS);
      graceTimer.unref();
    });
  });
  stuck.catch(() => {});
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  let outcome: Outcome | undefined;
  try {
    // Built inside the try: simple-git throws synchronously when cwd does not exist.
    const sg = simpleGit({
      baseDir: cwd,
      trimmed: false,
      abort: controller.signal,
      unsafe: UNSAFE_OVERRIDES_WE_SET,
      // simple-git only fails when stderr is non-empty; we want every non-zero exit.
      errors(error, result) {
        outcome = { exitCode: result.exitCode, stderr: Buffer.concat(result.stdErr).toString('utf8') };
        if (error) return error;
        if (result.exitCode !== 0) return new Error(`git exited with code ${result.exitCode}`);
        return undefined;
      },
    }).env(env);
    return await Promise.race([sg.raw(argv), stuck]);
  } catch (err) {
    const stderr = outcome?.stderr ?? (err instanceof Error ? err.message : String(err));
    throw toGitError(argv, stderr, outcome?.exitCode ?? null, timedOut, timeoutMs);
  } finally {
    clearTimeout(timer);
    clearTimeout(graceTimer);
    running_.delete(controller);
  }
}

function toGitError(argv: string[], stderr: string, exitCode: number | null, timedOut: boolean, timeoutMs: number): Error {
  const dubious = /detected dubious ownership in repository at '([^']*)'/.exec(stderr);
  if (dubious) {
    const path = dubious[1] ?? '';
    return new UserError(
      oneLine(
        `${path} is owned by another user, so git refuses to read it (dubious ownership); ` +
          `if you trust it, mark it safe with: git config --global --add safe.directory ${path}`,
        1000,
      ),
    );
  }
  const sub = argv.find((a, i) => i > 0 && argv[i - 1] !== '-c' && !a.startsWith('-')) ?? 'git';
  if (timedOut) return new GitError(`git ${sub} timed out after ${timeoutMs} ms`, stderr, exitCode, argv, 'timeout');
  if (/spawn \S+ ENOENT/.test(stderr)) {
    return new GitError('git is not installed or not on PATH', stderr, exitCode, argv, 'missing');
  }
  return new GitError(`git ${sub} failed: ${firstMeaningfulLine(stderr)}`, redactText(stderr), exitCode, argv, 'exit');
}

function prefixConfig(pairs: ReadonlyArray<readonly [string, string]>): string[] {
  return pairs.flatMap(([k, v]) => ['-c', `${k}=${v}`]);
}

async function configNames(cwd: string, env: Record<string, string>, timeoutMs: number): Promise<string[]> {
  const out = await spawnGit(cwd, [...prefixConfig(ALWAYS), 'config', '-z', '--list', '--name-only'], env, timeoutMs);
  return out.split('\0').filter((n) => n !== '');
}

/** Runs git for acquisition; see `git()` for the offline variant scanners use. */
export async function runGit(cwd: string, args: string[], opts: GitRunOptions = {}): Promise<string> {
  const network = opts.network === true;
  assertSafeArgs(args, args[0] === 'init');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return withSlot(async () => {
    const base = hardenedEnv(opts.config ?? []);
    const fixed = network ? [...ALWAYS, ...networkConfig()] : [...ALWAYS, ...OFFLINE];
    // Drivers named in any config file the command will read (global, the repo's, includes).
    const drivers = NO_WORKTREE_CONTENT.has(args[0] ?? '')
      ? []
      : driverOverrides(await configNames(cwd, base, timeoutMs), network);
    const env = hardenedEnv([...(opts.config ?? []), ...drivers]);
    return spawnGit(cwd, [...prefixConfig(fixed), ...withDiffSafety(args)], env, timeoutMs);
  });
}

/**
 * Runs `git <args>` in `cwd` with every code-running feature disabled and no network access,
 * and returns stdout. Throws GitError on failure, UserError when git refuses the repository
 * because another user owns it.
 */
export async function git(cwd: string, args: string[], opts?: GitOptions): Promise<string> {
  return runGit(cwd, args, { timeoutMs: opts?.timeoutMs });
}

/**
 * The bytes of blobs by id, read in one `git cat-file --batch` (filters, textconv and attributes never apply to it).
 * Ids git does not have are left out. For the historical points a history scan reads, one process per point, not one
 * per file. simple-git cannot feed stdin, so this spawns git itself, with the same config and environment as `git()`.
 */
export async function readBlobs(cwd: string, ids: readonly string[], opts?: GitOptions): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (ids.length === 0) return out;
  for (const id of ids) if (!/^[0-9a-f]{40,64}$/.test(id)) throw new Error(`readBlobs(): not a blob id: ${JSON.stringify(id)}`);
  const timeoutMs = opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return withSlot(() => new Promise<Map<string, Buffer>>((resolvePromise, reject) => {
    const child = spawn('git', [...prefixConfig([...ALWAYS, ...OFFLINE]), 'cat-file', '--batch'], { cwd, env: hardenedEnv([]), stdio: ['pipe', 'pipe', 'pipe'] });
    const controller = new AbortController();
    running_.add(controller);
    controller.signal.addEventListener('abort', () => child.kill('SIGTERM'));
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.on('error', (err) => finish(toGitError(['cat-file'], err.message, null, false, timeoutMs)));
    child.on('close', (code) => {
      if (controller.signal.aborted) return finish(toGitError(['cat-file'], stderr, code, true, timeoutMs));
      if (code !== 0) return finish(toGitError(['cat-file'], stderr, code, false, timeoutMs));
      const all = Buffer.concat(chunks);
      let at = 0;
      while (at < all.length) {
        const eol = all.indexOf(10, at);
        if (eol < 0) break;
        const [id = '', type = '', size = ''] = all.subarray(at, eol).toString('latin1').split(' ');
        at = eol + 1;
        if (type === 'missing' || size === '') continue;
        const n = Number(size);
        if (type === 'blob') out.set(id, all.subarray(at, at + n));
        at += n + 1;
      }
      finish(null);
    });
    child.stdin.on('error', () => {}); // an early exit is reported by 'close'
    child.stdin.end(`${ids.join('\n')}\n`);
    function finish(err: Error | null): void {
      clearTimeout(timer);
      running_.delete(controller);
      if (err) reject(err);
      else resolvePromise(out);
    }
  }));
}

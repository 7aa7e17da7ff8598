// Every environment variable arch-audit reads, in one place: `--help` prints this list and the README
// documents the same names, so none works without being documented.

export interface EnvironmentVariable {
  name: string;
  help: string;
}

export const ENVIRONMENT: readonly EnvironmentVariable[] = [
  { name: 'GITHUB_TOKEN, GH_TOKEN', help: 'token for the GitHub API and for cloning private GitHub repositories' },
  { name: 'GITHUB_API_URL', help: 'GitHub API base (GitHub Enterprise, Actions); default https://api.github.com' },
  { name: 'GITHUB_SERVER_URL', help: 'GitHub web base that owner/repo targets clone from; default https://github.com' },
  { name: 'ARCH_AUDIT_CACHE_DIR', help: 'default for --cache-dir (else ~/.cache/arch-audit)' },
  { name: 'ARCH_AUDIT_NETWORK_TIMEOUT', help: 'seconds a network step may stall before it is stopped (default 60)' },
  { name: 'ARCH_AUDIT_CLONE_TIMEOUT', help: 'seconds a whole clone may take (default 900)' },
  { name: 'SOURCE_DATE_EPOCH', help: 'fixes the scan time, in seconds since 1970, for reproducible reports' },
  { name: 'CHROMIUM_PATH', help: 'tests only: the Chromium the browser test drives' },
];

/** A whole number of seconds from the environment, or the default when unset or not a positive number. */
export function secondsFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/schema.ts';
import { ALL_FORMATS, cli, occurrences, commitAll, initRepo, put, readReport, scanInProcess, textOfTree, workspace, type Run } from './support.ts';

// Leaks: a credential committed anywhere in a repository must not come out of arch-audit in full, in any
// report format, on stdout or stderr, or in the facts cache. Values are generated here, so no key-shaped
// literal is committed with the tests.

// mulberry32: a small seeded generator, so every run builds the same repository.
let seed = 0x9e3779b9;
function next(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function rand(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}
const HEX = '0123456789abcdef';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const S = {
  npmGitToken: `ghp_${rand(36)}`,
  npmGitPassword: rand(22),
  pipGitToken: rand(26),
  pipIndexPassword: rand(18),
  awsKeyId: `AKIA${rand(16, UPPER_DIGITS)}`,
  awsSecret: `${rand(18)}/${rand(10)}+${rand(10)}`,
  baseUrlPassword: rand(20),
  baseUrlApiKey: rand(32),
  modelIdKey: `sk-proj-${rand(48)}`,
  ignoreReasonKey: `sk-proj-${rand(48)}`,
  fileNameKey: `sk-${rand(44)}`,
  folderNameToken: `ghp_${rand(36)}`,
  envKey: `sk-ant-api03-${rand(90)}`,
  invalidManifestKey: `sk-proj-${rand(48)}`,
};

// One sample of every format in the secret catalogue, committed in a .env file.
const CATALOGUE: [string, string][] = [
  ['anthropic-api-key', `sk-ant-admin01-${rand(85)}`],
  ['openrouter-api-key', `sk-or-v1-${rand(64, HEX)}`],
  ['langfuse-secret-key', `sk-lf-${rand(8, HEX)}-${rand(4, HEX)}-${rand(4, HEX)}-${rand(4, HEX)}-${rand(12, HEX)}`],
  ['openai-api-key', `sk-svcacct-${rand(50)}`],
  ['google-api-key', `AIza${rand(35)}`],
  ['aws-access-key-id', `ASIA${rand(16, UPPER_DIGITS)}`],
  ['huggingface-token', `hf_${rand(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`],
  ['groq-api-key', `gsk_${rand(52)}`],
  ['replicate-api-token', `r8_${rand(37)}`],
  ['xai-api-key', `xai-${rand(80)}`],
  ['perplexity-api-key', `pplx-${rand(48)}`],
  ['fireworks-api-key', `fw_${rand(30)}`],
  ['pinecone-api-key', `pcsk_${rand(60)}`],
  ['langsmith-api-key', `lsv2_sk_${rand(32, HEX)}_${rand(10, HEX)}`],
  ['github-token', `github_pat_${rand(82)}`],
  ['stripe-secret-key', `sk_live_${rand(30)}`],
  ['slack-token', `xoxb-${rand(30)}`],
  ['cohere-api-key', rand(40)],
  ['mistral-api-key', rand(32)],
  ['together-api-key', rand(40)],
  ['deepseek-api-key', rand(32)],
  ['azure-openai-key', rand(32, HEX)],
];
const CATALOGUE_LINE: Record<string, (v: string) => string> = {
  'cohere-api-key': (v) => `COHERE_API_KEY=${v}`,
  'mistral-api-key': (v) => `MISTRAL_API_KEY=${v}`,
  'together-api-key': (v) => `TOGETHER_API_KEY=${v}`,
  'deepseek-api-key': (v) => `DEEPSEEK_API_KEY=${v}`,
  'azure-openai-key': (v) => `AZURE_OPENAI_API_KEY=${v}`,
};

const ws = workspace('leaks');
let repo: string;
let run: Awaited<ReturnType<typeof scanInProcess>>;
let report: Report;
/** everything arch-audit let out: every report file, stdout, stderr and the whole cache folder */
let everything: string;

beforeAll(async () => {
  // The folder name itself carries a token: it becomes the report's `source`.
  repo = join(ws.base, `acme-${S.folderNameToken}`);
  put(repo, {
    'package.json': JSON.stringify({
      name: 'acme-web',
      dependencies: {
        openai: '^4.0.0',
        'private-lib': `git+https://${S.npmGitToken}@github.com/acme/private-lib.git`,
        'other-lib': `git+https://deploy:${S.npmGitPassword}@gitlab.com/acme/other-lib.git#v1`,
      },
    }, null, 2),
    'requirements.txt': [
      `--extra-index-url https://ci:${S.pipIndexPassword}@pypi.acme.dev/simple`,
      'boto3==1.34.0',
      `ml-utils @ git+https://oauth2:${S.pipGitToken}@gitlab.com/acme/ml-utils.git`,
      '',
    ].join('\n'),
    'app/storage.py': `import boto3\n\nsession = boto3.Session("${S.awsKeyId}", "${S.awsSecret}")\n`,
    'src/proxy-user.ts': [
      "import OpenAI from 'openai';",
      `const viaProxy = new OpenAI({ baseURL: 'https://svc:${S.baseUrlPassword}@llm-proxy.acme.dev/v1' });`,
      "export async function a(q: string) { return viaProxy.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] }); }",
      '',
    ].join('\n'),
    'src/proxy-key.ts': [
      "import OpenAI from 'openai';",
      `const viaKeyParam = new OpenAI({ baseURL: 'https://llm.acme.dev/v1?api_key=${S.baseUrlApiKey}&region=eu' });`,
      "export async function b(q: string) { return viaKeyParam.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] }); }",
      '',
    ].join('\n'),
    'src/model-id.ts': [
      "import OpenAI from 'openai';",
      'const client = new OpenAI();',
      `export const ask = (q: string) => client.chat.completions.create({ model: '${S.modelIdKey}', messages: [{ role: 'user', content: q }] });`,
      '',
    ].join('\n'),
    'src/suppressed.ts': [
      "import OpenAI from 'openai';",
      'const client = new OpenAI();',
      `// arch-audit-ignore committed-secret -- revoked in March: ${S.ignoreReasonKey}`,
      "export const ask = (q: string) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] });",
      '',
    ].join('\n'),
    [`src/${S.fileNameKey}.ts`]: [
      "import OpenAI from 'openai';",
      'const client = new OpenAI();',
      "export const ask = (q: string) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] });",
      '',
    ].join('\n'),
    '.env': [`ANTHROPIC_API_KEY=${S.envKey}`, ...CATALOGUE.map(([id, v]) => (CATALOGUE_LINE[id] ?? ((x: string) => `KEY_${id.toUpperCase().replace(/-/g, '_')}=${x}`))(v)), ''].join('\n'),
    'tools/package.json': `{ "name": "tools", "token": "${S.invalidManifestKey}", `,
  });
  initRepo(repo);
  commitAll(repo, 'hostile');
  // Scanned twice: cold (fills the cache) and warm (reads it back); both must be clean.
  await scanInProcess(['scan', repo, '--out', ws.out('cold'), '--format', ALL_FORMATS, '--cache-dir', ws.cache], { cwd: ws.base });
  run = await scanInProcess(['scan', repo, '--out', ws.out(), '--format', ALL_FORMATS, '--cache-dir', ws.cache, '--verbose'], { cwd: ws.base });
  report = readReport(ws.out());
  everything = [textOfTree(ws.out()), textOfTree(ws.out('cold')), textOfTree(ws.cache), run.stdout, run.stderr].join('\n');
}, 60_000);

afterAll(() => ws.dispose());

describe('hostile: leaks', () => {
  it('the scan ran and wrote every format', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(ws.out()).sort()).toEqual(['ai-bom.cdx.json', 'report.html', 'report.json', 'report.md', 'report.sarif']);
    expect(readdirSync(join(ws.cache, 'facts')).length).toBe(1);
  });

  it('a token in a package.json git dependency URL', () => {
    const deps = report.inventory.manifests.find((m) => m.path === 'package.json')?.dependencies ?? [];
    expect(deps.find((d) => d.name === 'private-lib')?.spec).toBe('git+https://github.com/acme/private-lib.git');
    expect(occurrences(everything, S.npmGitToken)).toEqual([]);
  });

  it('a password in a package.json git dependency URL (no key shape: found by its place in the URL)', () => {
    expect(occurrences(everything, S.npmGitPassword)).toEqual([]);
  });

  it('a token in a requirements.txt git dependency URL', () => {
    const deps = report.inventory.manifests.find((m) => m.path === 'requirements.txt')?.dependencies ?? [];
    expect(deps.find((d) => d.name === 'ml-utils')?.spec).toMatch(/^git\+https:\/\/gitlab\.com\/acme\/ml-utils\.git/);
    expect(occurrences(everything, S.pipGitToken)).toEqual([]);
  });

  it('a password in a requirements.txt index URL', () => {
    expect(occurrences(everything, S.pipIndexPassword)).toEqual([]);
  });

  it('an AWS secret key on the line of a (masked) access key id', () => {
    const secret = report.findings.filter((f) => f.ruleId === 'committed-secret').flatMap((f) => f.locations).find((l) => l.file === 'app/storage.py');
    expect(secret?.snippet).toMatch(/AKIA…\[redacted:[0-9a-f]{12}\]/);
    expect(occurrences(everything, S.awsSecret)).toEqual([]);
    expect(occurrences(everything, S.awsKeyId)).toEqual([]);
  });

  it('a password in the user-info of an SDK baseURL', () => {
    const endpoint = report.inventory.modelCalls.find((c) => c.file === 'src/proxy-user.ts')?.endpoint;
    expect(endpoint?.value).toBe('https://llm-proxy.acme.dev/v1');
    expect(occurrences(everything, S.baseUrlPassword)).toEqual([]);
  });

  it('a key in the ?api_key= query of an SDK baseURL', () => {
    const endpoint = report.inventory.modelCalls.find((c) => c.file === 'src/proxy-key.ts')?.endpoint;
    expect(endpoint?.value).toBe('https://llm.acme.dev/v1?api_key=REDACTED&region=eu');
    expect(occurrences(everything, S.baseUrlApiKey)).toEqual([]);
  });

  it('a key used as a model id', () => {
    expect(report.inventory.modelCalls.find((c) => c.file === 'src/model-id.ts')?.model).toMatch(/^sk-proj-…\[redacted:[0-9a-f]{12}\]$/);
    expect(occurrences(everything, S.modelIdKey)).toEqual([]);
  });

  it('a key in the reason of an ignore comment', () => {
    expect(report.suppressed.find((s) => s.locations[0]?.file === 'src/suppressed.ts')?.reason).toMatch(/^revoked in March: sk-proj-…\[redacted:/);
    expect(occurrences(everything, S.ignoreReasonKey)).toEqual([]);
  });

  it('a key as a file name', () => {
    expect(report.inventory.modelCalls.some((c) => /^src\/sk-…\[redacted:[0-9a-f]{12}\]\.ts$/.test(c.file))).toBe(true);
    expect(occurrences(everything, S.fileNameKey)).toEqual([]);
  });

  it('a token in the name of the scanned folder', () => {
    expect(report.target.source).toMatch(/^acme-ghp_…\[redacted:/);
    expect(occurrences(everything, S.folderNameToken)).toEqual([]);
  });

  it('a key in a committed .env', () => {
    expect(report.findings.some((f) => f.ruleId === 'committed-secret' && f.locations.some((l) => l.file === '.env'))).toBe(true);
    expect(occurrences(everything, S.envKey)).toEqual([]);
  });

  it('a key inside an invalid manifest, whose error is reported', () => {
    expect(report.errors.some((e) => e.kind === 'manifest-error' && e.file === 'tools/package.json')).toBe(true);
    expect(occurrences(everything, S.invalidManifestKey)).toEqual([]);
  });

  it('the facts cache keeps prefixes and fingerprints only', () => {
    const cache = textOfTree(ws.cache);
    expect(cache).toMatch(/AKIA…\[redacted:[0-9a-f]{12}\]/);
    for (const value of [...Object.values(S), ...CATALOGUE.map(([, v]) => v)]) expect(occurrences(cache, value)).toEqual([]);
  });

  it.each(CATALOGUE)('catalogue format %s never printed in full', (_id, value) => {
    expect(occurrences(everything, value)).toEqual([]);
  });
});

describe('hostile: leaks on stderr', () => {
  let run: Run;
  let userInfo: Run;
  beforeAll(() => {
    run = cli(['scan', `https://127.0.0.1:1/acme/app.git?private_token=${S.modelIdKey.slice(8, 30)}`, '--no-cache']);
    userInfo = cli(['scan', `https://deploy:${S.npmGitPassword}@127.0.0.1:1/acme/app.git`, '--no-cache']);
  });

  it('?private_token= in a git URL target is not echoed in a clone error', () => {
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^arch-audit: cannot clone https:\/\/127\.0\.0\.1:1\/acme\/app\.git\?private_token=REDACTED: /);
    expect(run.stderr).not.toContain(S.modelIdKey.slice(8, 30));
  });

  it('a password in the user-info of a git URL target is not echoed', () => {
    expect(userInfo.code).toBe(2);
    expect(userInfo.stderr).toMatch(/^arch-audit: cannot clone https:\/\/127\.0\.0\.1:1\/acme\/app\.git: /);
    expect(userInfo.stderr).not.toContain(S.npmGitPassword);
  });
});

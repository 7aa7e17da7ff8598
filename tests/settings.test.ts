import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.ts';
import { fileURLToPath } from 'node:url';
import { BUILTIN_RULES_DIR, loadRules } from '../src/engine/load.ts';
import { loadConfig, stripJsonc } from '../src/settings/load.ts';
import { configSchemaText } from '../src/tools/gen-schema.ts';

const tmp = mkdtempSync(join(tmpdir(), 'arch-audit-settings-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const RULES = ['direct-model-call', 'hardcoded-model-id', 'no-ci-tests', 'model-call-no-timeout'];

function load(text: string) {
  const path = join(tmp, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, text);
  return loadConfig(path, 'arch-audit.config.json', RULES);
}

function problem(text: string): string {
  try {
    load(text);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('arch-audit.config.json', () => {
  it('reads JSON with comments and trailing commas, keeping strings that look like comments', () => {
    const { config } = load(`{
      // accepted on purpose
      "accept": [
        { "rule": "direct-model-call", "path": "scripts/**", "reason": "a one-off backfill, /* not */ the product", },
      ],
      /* the gate */ "gate": { "failOn": "high", "newOnly": false },
    }`);
    expect(config).toEqual({ accept: [{ rule: 'direct-model-call', path: 'scripts/**', reason: 'a one-off backfill, /* not */ the product' }], gate: { failOn: 'high', newOnly: false } });
    expect(stripJsonc('{"a": "http://x", // c\n"b": 1,}')).toBe('{"a": "http://x", \n"b": 1}');
  });

  it('names an unknown key and what was meant, at any depth', () => {
    expect(problem('{ "exlude": ["vendor/**"] }')).toBe('arch-audit.config.json: unknown key "exlude" (did you mean "exclude"?)');
    expect(problem('{ "gate": { "failon": "high" } }')).toBe('arch-audit.config.json: gate: unknown key "failon" (did you mean "failOn"?)');
    expect(problem('{ "rules": { "direct-model-calls": "low" } }')).toBe('arch-audit.config.json: rules.direct-model-calls: unknown rule "direct-model-calls" (did you mean "direct-model-call"?)');
  });

  it('names a wrong type by its path', () => {
    expect(problem('{ "gate": { "failOn": "urgent" } }')).toMatch(/^arch-audit\.config\.json: gate\.failOn: /);
    expect(problem('{ "exclude": "vendor" }')).toMatch(/^arch-audit\.config\.json: exclude: /);
  });

  it('reports every problem at once, in one line', () => {
    const message = problem('{ "exlude": [], "accept": [{ "rule": "no-ci-tests" }, { "reason": "x", "expires": "next year" }], "baseline": 3 }');
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^arch-audit\.config\.json: 5 problems: /);
    expect(message).toContain('unknown key "exlude" (did you mean "exclude"?)');
    expect(message).toContain('accept.0.reason: ');
    expect(message).toContain('accept.1.expires: a date as YYYY-MM-DD');
    expect(message).toContain('accept.1: name a `fingerprint` or a `rule`');
    expect(message).toContain('baseline: ');
  });

  it('has its committed JSON Schema generated from the zod schema (run npm run gen:schema)', () => {
    expect(readFileSync('arch-audit.config.schema.json', 'utf8')).toBe(configSchemaText());
  });

  it('checks a rule\'s options against the rule: unknown ones named with what was meant, wrong types by path', async () => {
    const rules = await loadRules(fileURLToPath(BUILTIN_RULES_DIR), 'builtin');
    const schemas = new Map(rules.flatMap((r) => (r.options ? [[r.meta.id, r.options] as const] : [])));
    const path = join(tmp, 'options.json');
    const read = (text: string) => {
      writeFileSync(path, text);
      return loadConfig(path, 'arch-audit.config.json', rules.map((r) => r.meta.id), schemas);
    };
    const { config, ruleOptions } = read('{ "rules": { "no-codeowners": { "severity": "info", "options": { "minPackages": 6 } }, "no-lockfile": "off" } }');
    expect(config.rules).toEqual({ 'no-codeowners': { severity: 'info', options: { minPackages: 6 } }, 'no-lockfile': 'off' });
    // Defaults fill in what the config does not set.
    expect(ruleOptions.get('no-codeowners')).toEqual({ minPackages: 6, minProductFiles: 150, teamPackages: 5 });
    expect(() => read('{ "rules": { "no-codeowners": { "options": { "minPackage": 6, "teamPackages": "five" } }, "no-lockfile": { "options": { "x": 1 } } } }')).toThrow(new UserError(
      'arch-audit.config.json: 3 problems: rules.no-codeowners.options.teamPackages: Invalid input: expected number, received string; ' +
      'rules.no-codeowners.options: unknown option "minPackage" (did you mean "minPackages"?) (options: minPackages, minProductFiles, teamPackages); ' +
      'rules.no-lockfile.options: the rule takes no options',
    ));
  });

  it('is not JSON: one clear line', () => {
    expect(problem('{ "gate": ')).toMatch(/^arch-audit\.config\.json is not valid JSON: /);
  });
});

describe('a scan with a config', () => {
  function cli(...args: string[]) {
    const r = spawnSync(process.execPath, ['dist/src/bin.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ARCH_AUDIT_CACHE_DIR: join(tmp, 'cache') } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  interface Finding { ruleId: string; severity: string; reason?: string; locations: { file: string }[] }
  interface Report {
    findings: Finding[]; suppressed: Finding[]; unusedSuppressions: { file: string; line: number; ruleId: string; why: string }[];
    skipped: { path: string; reason: string }[]; summary: { gate: { failOn: string | null; passed: boolean } };
    scores: { areas: { id: string; status: string }[] };
  }
  const scan = (repo: string, out: string, ...extra: string[]) => {
    const r = cli('scan', repo, '--out', join(tmp, out), '--format', 'json', '--no-cache', '--quiet', ...extra);
    return { code: r.code, stderr: r.stderr, report: r.code === 2 ? undefined : (JSON.parse(readFileSync(join(tmp, out, 'report.json'), 'utf8')) as Report) };
  };

  it('accepts findings with their reason until they expire, overrides and turns off rules, leaves out files and sets the gate', () => {
    const repo = join(tmp, 'repo');
    cpSync('fixtures/direct-model-call/basic', repo, { recursive: true });
    writeFileSync(join(repo, 'arch-audit.config.json'), `{
  // what this team decided
  "exclude": ["examples/**"],
  "rules": { "no-ci-tests": "off", "model-call-no-timeout": "medium" },
  "accept": [
    { "rule": "hardcoded-model-id", "path": "services/**", "reason": "the worker is retired next sprint" },
    { "rule": "no-lockfile", "reason": "lockfiles are generated in the release job", "expires": "2026-01-31" },
    { "fingerprint": "0000:0", "reason": "an old finding" }
  ],
  "gate": { "failOn": "high" }
}
`);
    const { code, report } = scan(repo, 'with-config', '--fail-on', 'critical');
    expect(code).toBe(0);
    const r = report as Report;
    expect(r.suppressed.map((f) => [f.ruleId, f.reason])).toEqual([['hardcoded-model-id', 'accepted in arch-audit.config.json: the worker is retired next sprint']]);
    expect(r.findings.some((f) => f.ruleId === 'no-lockfile')).toBe(true);
    expect(r.unusedSuppressions).toEqual([
      { file: 'arch-audit.config.json', line: 7, ruleId: 'no-lockfile', why: 'expired on 2026-01-31: the finding it accepted is reported again' },
      { file: 'arch-audit.config.json', line: 8, ruleId: 'fingerprint 0000:0', why: 'accepts no finding of this scan' },
    ]);
    expect(r.findings.some((f) => f.ruleId === 'no-ci-tests')).toBe(false);
    expect(r.findings.find((f) => f.ruleId === 'model-call-no-timeout')?.severity).toBe('medium');
    expect(r.skipped).toContainEqual({ path: 'examples/quickstart.ts', reason: 'excluded by config' });
    // --fail-on on the command line wins over the config's gate.
    expect(r.summary.gate).toMatchObject({ failOn: 'critical', passed: true });
    // Without the flag, the config's gate decides; --no-config ignores the file.
    expect(scan(repo, 'config-gate').code).toBe(1);
    const bare = scan(repo, 'no-config', '--no-config');
    expect([bare.code, bare.report?.suppressed.length, bare.report?.findings.some((f) => f.ruleId === 'no-ci-tests')]).toEqual([0, 0, true]);
    // A config kept outside the repository is named by its file name: reports hold no path of this machine.
    const outside = join(tmp, 'team-settings.json');
    writeFileSync(outside, '{ "accept": [{ "rule": "committed-secret", "reason": "the key in the demo is revoked" }] }');
    const named = scan(repo, 'outside-config', '--config', outside);
    expect(named.report?.unusedSuppressions).toEqual([{ file: 'team-settings.json', line: 1, ruleId: 'committed-secret', why: 'accepts no finding of this scan' }]);
  });

  it('sets a rule\'s thresholds from the config: a higher bar silences it, and the object form sets its severity', () => {
    const repo = join(tmp, 'options');
    cpSync('fixtures/no-security-policy/fires', repo, { recursive: true });
    const rule = (r: Report) => r.findings.filter((f) => f.ruleId === 'no-security-policy').map((f) => f.severity);
    expect(rule(scan(repo, 'options-default').report as Report)).toEqual(['info']);
    writeFileSync(join(repo, 'arch-audit.config.json'), '{ "rules": { "no-security-policy": { "severity": "low" } } }');
    expect(rule(scan(repo, 'options-severity').report as Report)).toEqual(['low']);
    writeFileSync(join(repo, 'arch-audit.config.json'), '{ "rules": { "no-security-policy": { "options": { "minProductFiles": 500 } } } }');
    expect(rule(scan(repo, 'options-bar').report as Report)).toEqual([]);
  });

  it('judges only the packages `products` names; the other packages\' model calls are listed apart', () => {
    const repo = join(tmp, 'products');
    cpSync('fixtures/demo-startup', repo, { recursive: true });
    writeFileSync(join(repo, 'arch-audit.config.json'), '{ "products": ["apps/*"] }');
    type Gateway = { packages: { root: string; kind: string }[]; apartFiles: string[]; bypassFiles: string[] };
    const gateway = (scan(repo, 'products-out').report as unknown as { inventory: { gateway: Gateway } }).inventory.gateway;
    expect(gateway.packages.map((p) => [p.root, p.kind])).toEqual([['apps/api', 'product'], ['apps/web', 'product'], ['services/ml', 'sample']]);
    expect(gateway.apartFiles).toEqual(expect.arrayContaining(['services/ml/app/classify.py', 'services/ml/app/rerank.py']));
    expect(gateway.bypassFiles.every((f) => f.startsWith('apps/'))).toBe(true);
  });

  it('scans only the source files `include` names, and still reads manifests and configuration', () => {
    const repo = join(tmp, 'include');
    cpSync('fixtures/direct-model-call/basic', repo, { recursive: true });
    writeFileSync(join(repo, 'arch-audit.config.json'), '{ "include": ["src/**"] }');
    const r = scan(repo, 'include-out').report as Report & { inventory: { modelCalls: { file: string }[]; manifests: { path: string }[] } };
    expect([...new Set(r.inventory.modelCalls.map((c) => c.file))].sort()).toEqual(['src/routes/chat.ts', 'src/routes/summarize.ts']);
    expect(r.skipped.filter((s) => s.reason === 'excluded by config').map((s) => s.path).sort()).toEqual(['examples/quickstart.ts', 'services/worker/tagger.py', 'tests/chat.test.ts']);
    expect(r.inventory.manifests.map((m) => m.path).sort()).toEqual(['package.json', 'services/worker/pyproject.toml']);
  });

  it('init prints a commented starter config that loads as it is, suggesting the folders the repository has', () => {
    const repo = join(tmp, 'init');
    cpSync('fixtures/direct-model-call/basic', repo, { recursive: true });
    const r = cli('init', repo);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('    // "examples/**",');
    expect(r.stdout).toMatch(/\/\/ "direct-model-call": "medium", +\/\/ Model calls made directly from product code, outside a gateway/);
    const written = join(tmp, 'starter.json');
    writeFileSync(written, r.stdout);
    const { config } = loadConfig(written, 'starter', RULES);
    expect(config).toEqual({ $schema: expect.stringMatching(/arch-audit\.config\.schema\.json$/), products: [], include: [], exclude: [], rules: {}, accept: [], gate: {}, ratchets: {} });
  });

  it('refuses a bad config before reading the code, with one line and exit 2', () => {
    const repo = join(tmp, 'bad');
    cpSync('fixtures/direct-model-call/basic', repo, { recursive: true });
    writeFileSync(join(repo, 'arch-audit.config.json'), '{ "rules": { "no-ci-test": "off" }, "gate": { "failOn": "urgent" } }');
    const { code, stderr } = scan(repo, 'bad-out');
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.trimEnd()).toBe('arch-audit: arch-audit.config.json: 2 problems: gate.failOn: expected one of critical, high, medium, low, info, none; rules.no-ci-test: unknown rule "no-ci-test" (did you mean "no-ci-tests"?)');
  });
});

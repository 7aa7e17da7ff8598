import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/schema.ts';
import { commitAll, hostileHooks, hostileScripts, initRepo, markers, removeDir, sh, snapshot, tempDir, write } from './acquire/helpers.ts';

// The acceptance checks of the whole command, as a user runs it: a bare repository over file:// with no
// network, and a hostile local checkout that must come out of a full scan untouched with nothing run.

const tmp = tempDir('arch-audit-e2e-');
afterAll(() => removeDir(tmp));

const CHAT_TS = `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function ask(q: string) {\n  return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] });\n}\n`;
const TAG_PY = `import anthropic\n\ndef tag(t):\n    return anthropic.Anthropic().messages.create(model="claude-3-5-haiku-latest", max_tokens=8, messages=[])\n\nif __name__ == "__main__":\n    print(tag("x"))\n`;

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['dist/src/bin.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function productRepo(dir: string): string {
  mkdirSync(join(dir, 'src'), { recursive: true });
  initRepo(dir);
  write(join(dir, 'package.json'), '{ "name": "p", "dependencies": { "openai": "^4.0.0" } }\n');
  write(join(dir, 'src', 'chat.ts'), CHAT_TS);
  write(join(dir, 'src', 'tag.py'), TAG_PY);
  return commitAll(dir, 'product');
}

describe('arch-audit scan, end to end', () => {
  it('scans a bare repository over file:// with no network', () => {
    const work = join(tmp, 'work');
    const sha = productRepo(work);
    sh(tmp, ['clone', '--quiet', '--bare', work, join(tmp, 'product.git')]);
    const out = join(tmp, 'out-bare');
    const r = cli(['scan', `file://${join(tmp, 'product.git')}`, '--out', out, '--cache-dir', join(tmp, 'cache')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.target).toMatchObject({ kind: 'git', source: `file://${join(tmp, 'product.git')}`, commit: sha, ref: 'main', shallow: true });
    expect(report.inventory.modelCalls.map((c) => [c.file, c.line, c.provider, c.api])).toEqual([
      ['src/chat.ts', 4, 'openai', 'chat.completions.create'],
      ['src/tag.py', 4, 'anthropic', 'messages.create'],
    ]);
    // one root cause, one finding: two files calling providers with no gateway
    expect(report.findings.filter((f) => f.ruleId === 'direct-model-call').map((f) => [f.ruleId, f.locations.map((l) => l.file), f.severity])).toEqual([
      ['direct-model-call', ['src/chat.ts', 'src/tag.py'], 'medium'],
    ]);
    // A shallow clone holds no history: who writes the code is not measured, and the report says why.
    const engineering = (report as unknown as { scores: { areas: { id: string; notCovered: { why: string }[] }[] } }).scores.areas.find((a) => a.id === 'engineering');
    expect(engineering?.notCovered.map((n) => n.why)).toContain('key-person-risk not measured: the checkout has no history (a shallow clone; scan a full clone (--depth 0) to measure it)');
  });

  it('runs nothing from a hostile local checkout and leaves it byte-for-byte unchanged', () => {
    const repo = join(tmp, 'hostile');
    const markerDir = join(tmp, 'markers');
    mkdirSync(markerDir);
    productRepo(repo);
    const { mark, filter } = hostileScripts(tmp, markerDir);
    hostileHooks(join(tmp, 'hooks'), mark);
    write(join(repo, '.gitattributes'), '*.ts filter=evil diff=evil\n*.py filter=evil\n');
    commitAll(repo, 'attributes');
    for (const [key, value] of [
      ['core.fsmonitor', mark], ['core.hooksPath', join(tmp, 'hooks')], ['core.pager', mark], ['diff.external', mark],
      ['filter.evil.clean', filter], ['filter.evil.smudge', filter], ['filter.evil.process', mark], ['filter.evil.required', 'true'],
      ['diff.evil.textconv', filter], ['core.sshCommand', mark],
    ] as const) sh(repo, ['config', key, value]);
    write(join(repo, 'src', 'chat.ts'), `${CHAT_TS}// work in progress\n`);
    write(join(repo, 'src', 'untracked.ts'), CHAT_TS);
    const before = snapshot(repo);

    const out = join(tmp, 'out-hostile');
    const r = cli(['scan', repo, '--out', out, '--cache-dir', join(tmp, 'cache')], { PAGER: mark, GIT_EXTERNAL_DIFF: mark });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(markers(markerDir)).toEqual([]);
    expect(snapshot(repo)).toEqual(before);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.inventory.modelCalls.map((c) => c.file)).toEqual(['src/chat.ts', 'src/tag.py', 'src/untracked.ts']);
  });
});

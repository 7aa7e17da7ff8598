import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPythonParser } from '../../src/parse/python.ts';
import type { Report } from '../../src/report/schema.ts';
import { cli, commitAll, initRepo, put, readReport, scanInProcess, sh, workspace } from './support.ts';

// Crashes: one bad input must cost only itself. The scan ends with a report (exit 0), the input is
// named in errors[] when it could not be read, and everything else is still found.

const ws = workspace('crashes');
afterAll(() => ws.dispose());

const PY_CALL = (n: number) => `import openai\nclient = openai.OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "q${n}"}])\n`;
const TS_CALL = "import OpenAI from 'openai';\nconst c = new OpenAI();\nexport const ask = () => c.chat.completions.create({ model: 'gpt-4o', messages: [] });\n";

let counter = 0;
/** Builds a folder (a git repository when asked), scans it in this process, and returns the report. */
async function scanned(files: Record<string, string | Buffer>, opts: { git?: boolean; args?: string[]; prepare?: (dir: string) => void } = {}): Promise<{ report: Report; code: number | null; stderr: string; dir: string }> {
  const name = `case-${++counter}`;
  const dir = join(ws.base, name);
  put(dir, files);
  if (opts.git) {
    initRepo(dir);
    commitAll(dir, 'init');
  }
  opts.prepare?.(dir);
  const r = await scanInProcess(['scan', dir, '--out', ws.out(name), '--no-cache', '--format', 'json,md,html,sarif,cyclonedx', '--quiet', ...(opts.args ?? [])], { cwd: ws.base });
  if (r.code !== 0) return { report: undefined as never, code: r.code, stderr: r.stderr, dir };
  return { report: readReport(ws.out(name)), code: r.code, stderr: r.stderr, dir };
}

const callFiles = (r: Report) => r.inventory.modelCalls.map((c) => c.file).sort();

describe('hostile: crashes in the Python parser', () => {
  it('a file indented ~600 levels deep does not hide the model calls of the files parsed after it', async () => {
    let deep = 'import openai\n';
    for (let i = 0; i < 600; i++) deep += `${' '.repeat(i * 4)}if x:\n`;
    deep += `${' '.repeat(2400)}openai.OpenAI().chat.completions.create(model="gpt-4o")\n`;
    const { report, code, stderr } = await scanned({ 'a_deep.py': deep, 'b1.py': PY_CALL(1), 'b2.py': PY_CALL(2), 'b3.py': PY_CALL(3) });
    expect(code, stderr).toBe(0);
    expect(callFiles(report)).toEqual(['b1.py', 'b2.py', 'b3.py']);
    expect(report.errors).toEqual([{ kind: 'parse-error', file: 'a_deep.py', message: expect.stringMatching(/^indentation 600 levels deep/) }]);
  });

  it('a parser whose wasm memory a file corrupted is replaced: the next file parses in full', async () => {
    let deep = 'import openai\n';
    for (let i = 0; i < 600; i++) deep += `${' '.repeat(i * 4)}if x:\n`;
    deep += `${' '.repeat(2400)}openai.OpenAI().chat.completions.create(model="gpt-4o")\n`;
    // The nesting budget off, so the file reaches tree-sitter and breaks it.
    const broken = await createPythonParser({ checkNesting: false });
    expect(broken.parse('deep.py', deep).parseError).toMatch(/memory access out of bounds/);
    expect(broken.broken).toBe(true);
    const fresh = await createPythonParser();
    const facts = fresh.parse('next.py', PY_CALL(1));
    expect(facts.parseError).toBeUndefined();
    expect(facts.calls.some((c) => c.callee.endsWith('chat.completions.create'))).toBe(true);
    fresh.dispose();
  });

  it('a TypeScript file nested 5,000 levels deep is an error entry; the other files still count', async () => {
    const { report, code } = await scanned({ 'deep.ts': `import OpenAI from 'openai';\nconst x = ${'('.repeat(5000)}1${')'.repeat(5000)};\n`, 'ok.ts': TS_CALL });
    expect(code).toBe(0);
    expect(callFiles(report)).toEqual(['ok.ts']);
    expect(report.errors.map((e) => [e.kind, e.file])).toContainEqual(['parse-error', 'deep.ts']);
  });

  it('binary bytes in a .py file are skipped as binary', async () => {
    const { report, code } = await scanned({ 'blob.py': Buffer.from([0x69, 0x6d, 0x70, 0, 0xff, 0xfe, 0x00, 0x01]), 'ok.py': PY_CALL(1) });
    expect(code).toBe(0);
    expect(report.skipped).toContainEqual({ path: 'blob.py', reason: 'binary' });
    expect(callFiles(report)).toEqual(['ok.py']);
  });

  it('invalid UTF-8 inside a Python file does not stop its parse', async () => {
    const { report, code } = await scanned({ 'latin.py': Buffer.concat([Buffer.from(PY_CALL(1)), Buffer.from([0x23, 0x20, 0xe9, 0xe8, 0xff, 0x0a])]) });
    expect(code).toBe(0);
    expect(callFiles(report)).toEqual(['latin.py']);
  });
});

describe('hostile: crashes in config readers (each a tsconfig.json beside a model-calling file)', () => {
  it.each([
    ['paths values null', '{ "compilerOptions": { "paths": { "@/*": null } } }', /compilerOptions\.paths\.@\/\*/],
    ['baseUrl a number', '{ "compilerOptions": { "baseUrl": 5, "paths": { "@/*": ["src/*"] } } }', /compilerOptions\.baseUrl/],
    ['a path target a number', '{ "compilerOptions": { "paths": { "@/*": [5] } } }', /compilerOptions\.paths/],
    ['a path target a string, not a list', '{ "compilerOptions": { "paths": { "@/*": "src/*" } } }', /compilerOptions\.paths/],
    ['paths a list', '{ "compilerOptions": { "paths": ["src/*"] } }', /compilerOptions\.paths/],
    ['compilerOptions a string', '{ "compilerOptions": "strict" }', /compilerOptions/],
    ['the top level a list', '[1, 2, 3]', /top level/],
    ['not JSON', '{ "compilerOptions": { "paths": ', /invalid JSON/],
  ])('tsconfig with %s: a config-error entry, the scan goes on', async (_name, tsconfig, message) => {
    const { report, code, stderr } = await scanned({ 'tsconfig.json': tsconfig, 'src/app.ts': TS_CALL });
    expect(code, stderr).toBe(0);
    expect(report.errors).toContainEqual({ kind: 'config-error', file: 'tsconfig.json', message: expect.stringMatching(message) });
    expect(callFiles(report)).toEqual(['src/app.ts']);
  });

  it('tsconfig with paths null (an inherited option reset) is accepted without an error', async () => {
    const { report, code } = await scanned({ 'tsconfig.json': '{ "compilerOptions": { "paths": null, "baseUrl": null } }', 'src/app.ts': TS_CALL });
    expect(code).toBe(0);
    expect(report.errors).toEqual([]);
  });
});

describe('hostile: crashes in manifest readers', () => {
  it.each([
    ['package.json', '{ "name": "x", "dependencies": { "openai": "^4" ', /invalid JSON/],
    ['pyproject.toml', '[project\nname = "x"\n', /./],
    ['Pipfile', '[packages\nopenai = "*"\n', /./],
  ])('an invalid %s is listed in errors[] and the scan goes on', async (file, text, message) => {
    const { report, code } = await scanned({ [file]: text, 'app.py': PY_CALL(1) });
    expect(code).toBe(0);
    expect(report.errors).toContainEqual({ kind: 'manifest-error', file, message: expect.stringMatching(message) });
    expect(report.inventory.manifests.find((m) => m.path === file)?.error).toBeDefined();
    expect(callFiles(report)).toEqual(['app.py']);
  });

  it.each([
    ['package.json', JSON.stringify({ name: 7, dependencies: 'openai', devDependencies: { a: 5, b: null }, workspaces: 5 })],
    ['pyproject.toml', '[project]\nname = 5\ndependencies = "openai"\n[project.optional-dependencies]\ndev = 3\n[tool.poetry.dependencies]\npython = 3\n'],
    ['requirements.txt', '\u0000\u0001garbage\n-r\n--index-url\nopenai==\u00ff\u00fe\n'],
    ['setup.cfg', '[options]\ninstall_requires =\n\t\u0000\n[metadata\n'],
  ])('%s with values of the wrong types: no crash', async (file, text) => {
    const { report, code } = await scanned({ [file]: text, 'app.py': PY_CALL(1) });
    expect(code).toBe(0);
    expect(callFiles(report)).toEqual(['app.py']);
  });
});

describe('hostile: crashes in listing', () => {
  // Each level is 200 characters; 25 levels make a path of over 5,000, past Linux's PATH_MAX (4,096).
  // Built one relative step at a time by a child process that changes into each level: no absolute path reaches it.
  function deepPath(dir: string): void {
    const script = "const fs = require('fs'); for (let i = 0; i < 25; i++) { fs.mkdirSync('d'.repeat(200)); process.chdir('d'.repeat(200)); } fs.writeFileSync('deep.py', 'import openai');";
    execFileSync(process.execPath, ['-e', script], { cwd: dir });
  }

  it('a path longer than PATH_MAX in a folder outside git: listed as unreadable, the scan goes on', async () => {
    const { report, code, stderr } = await scanned({ 'app.py': PY_CALL(1) }, { prepare: deepPath });
    expect(code, stderr).toBe(0);
    expect(callFiles(report)).toEqual(['app.py']);
    expect(report.errors.some((e) => e.kind === 'read-error' && /path too long/.test(e.message))).toBe(true);
  });

  it('a path longer than PATH_MAX, untracked in a git work tree', async () => {
    const { report, code, stderr } = await scanned({ 'app.py': PY_CALL(1) }, { git: true, prepare: deepPath });
    expect(code, stderr).toBe(0);
    expect(callFiles(report)).toEqual(['app.py']);
  });

  it('a corrupt git index is the repository\'s fault: listed without git, with a note, not an internal error', async () => {
    const { report, code, stderr } = await scanned({ 'app.py': PY_CALL(1) }, { git: true, prepare: (dir) => writeFileSync(join(dir, '.git', 'index'), 'DIRC garbage') });
    expect(stderr).not.toMatch(/internal error/);
    expect(code, stderr).toBe(0);
    expect(report.inventory.listing).toBe('glob');
    expect(report.errors.some((e) => e.kind === 'read-error' && /git could not list the files/.test(e.message))).toBe(true);
    expect(callFiles(report)).toEqual(['app.py']);
  });

  it('a file name that is not UTF-8 still gives a report that follows its schema', async () => {
    const { report, code } = await scanned({ 'app.py': PY_CALL(1) }, { git: true, prepare: (dir) => execFileSync('sh', ['-c', `printf 'x = 1\\n' > "$(printf 'caf\\351.py')"`], { cwd: dir }) });
    expect(code).toBe(0);
    expect(callFiles(report)).toEqual(['app.py']);
    expect(report.summary.files.listed).toBe(2);
  });

  it('a .git file pointing at another repository is not reported as that repository\'s commit', async () => {
    const other = join(ws.base, 'other');
    put(other, { 'secret-project.py': 'x = 1\n' });
    initRepo(other);
    const otherCommit = commitAll(other, 'other');
    const { report, code } = await scanned({ '.git': `gitdir: ${join(other, '.git')}\n`, 'app.py': PY_CALL(1) });
    expect(code).toBe(0);
    expect(report.target.commit).not.toBe(otherCommit);
    expect(report.target.commit).toBeNull();
    expect(report.target.notes.join(' ')).toMatch(/\.git points at .*other\/\.git, a repository that does not name this folder/);
    expect(callFiles(report)).toEqual(['app.py']);
    expect(report.inventory.manifests).toEqual([]);
  });

  it('a linked worktree (a .git file its repository points back to) keeps its commit', async () => {
    const main = join(ws.base, 'main-repo');
    put(main, { 'app.py': PY_CALL(1) });
    initRepo(main);
    const head = commitAll(main, 'main');
    const wt = join(ws.base, 'linked-wt');
    sh(main, ['worktree', 'add', '--quiet', '--detach', wt]);
    const r = await scanInProcess(['scan', wt, '--out', ws.out('wt'), '--no-cache', '--format', 'json', '--quiet'], { cwd: ws.base });
    expect(r.code, r.stderr).toBe(0);
    expect(readReport(ws.out('wt')).target.commit).toBe(head);
  });
});

describe('hostile: a raised --max-file-size', () => {
  it('beyond what fits in memory is refused with one line, before the scan', () => {
    const r = cli(['scan', ws.base, '--max-file-size', '999999999999', '--no-cache', '--out', ws.out('huge')], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('arch-audit: --max-file-size is at most 10000000 bytes: larger files are data, not code, and parsing them would exhaust memory\n');
    expect(r.stderr).not.toMatch(/FATAL|heap out of memory|\n\s+at /);
  });

  it('within the ceiling, a source file over the default limit is parsed instead of skipped', async () => {
    const big = `${PY_CALL(1)}DATA = '''${'lorem ipsum dolor sit amet\n'.repeat(45_000)}'''\n`;
    const { report, code } = await scanned({ 'big.py': big }, { args: ['--max-file-size', '2000000'] });
    expect(code).toBe(0);
    expect(callFiles(report)).toEqual(['big.py']);
    expect(report.skipped).toEqual([]);
  });
});

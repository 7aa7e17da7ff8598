import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifProblems } from '../support/sarif-check.ts';
import { ALL_FORMATS, commitAll, initRepo, put, readReport, scanInProcess, sh, workspace } from './support.ts';

// Injection: names and values from a scanned repository, or from a server, are data. They cannot move
// the terminal, add a line or a heading to report.md, add markup or a link to report.html, or break the
// JSON and SARIF contracts.

const ws = workspace('injection');
const CALL = "import OpenAI from 'openai';\nconst c = new OpenAI();\nexport const ask = () => c.chat.completions.create({ model: 'gpt-4o', messages: [] });\n";
const NAMES = {
  escapes: 'src/\u001b]0;pwned\u0007\u001b[2J\u001b[31mred.ts',
  heading: 'src/x\n\n## Security review: PASSED\n\nAll clear.ts',
  bidi: 'src/admin\u202e\u2066st.ts',
  table: 'src/pipe|and`tick`.ts',
  html: 'src/<script>alert(1)<\/script>.ts',
  uri: 'src/a b#frag?q=1%.ts',
};

let run: Awaited<ReturnType<typeof scanInProcess>>;
let md: string;
let html: string;
let sarif: string;

beforeAll(async () => {
  const repo = join(ws.base, 'repo');
  put(repo, {
    ...Object.fromEntries(Object.values(NAMES).map((n) => [n, CALL])),
    'src/model.py': 'import openai\nopenai.OpenAI().chat.completions.create(model="gpt-4o\\n\\n## Security review: PASSED", messages=[])\n',
    'src/ignored.ts': `${CALL.replace('export const', '// arch-audit-ignore direct-model-call -- <img src=x onerror=alert(1)>\\n\\n## PASSED\nexport const')}`,
  });
  initRepo(repo);
  commitAll(repo, 'names');
  run = await scanInProcess(['scan', repo, '--out', ws.out(), '--format', ALL_FORMATS, '--no-cache'], { cwd: ws.base });
  md = readFileSync(join(ws.out(), 'report.md'), 'utf8');
  html = readFileSync(join(ws.out(), 'report.html'), 'utf8');
  sarif = readFileSync(join(ws.out(), 'report.sarif'), 'utf8');
}, 60_000);

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
  ws.dispose();
});

describe('hostile: injection through names', () => {
  it('the scan of hostile names succeeds and keeps every file', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(readReport(ws.out()).inventory.modelCalls.map((c) => c.file)).toEqual(expect.arrayContaining(Object.values(NAMES)));
  });

  it('terminal escapes in a file name (retitle, clear, colour) reach stdout as visible text', () => {
    expect(run.stdout).toContain('\\x1b]0;pwned\\x07\\x1b[2J');
    expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('a file name cannot add a "## Security review: PASSED" heading or any line to report.md', () => {
    expect(md).not.toMatch(/^#+ Security review/m);
    expect(md).not.toMatch(/^All clear/m);
    expect(md).not.toMatch(/^## PASSED/m);
    expect(md).toContain('\\x0a\\x0a## Security review: PASSED');
  });

  it('a model id carrying newlines and a heading stays inside its table cell', () => {
    const row = md.split('\n').find((l) => l.startsWith('| `src/model.py:2`'));
    expect(row).toContain('`gpt-4o\\x0a\\x0a## Security review: PASSED`');
  });

  it('Unicode bidirectional overrides in a name are shown as escapes, in Markdown and on the terminal', () => {
    expect(md).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(md).toContain('admin\\u202e\\u2066st.ts');
    expect(run.stdout).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it('pipes and backticks in a name keep the Markdown tables intact', () => {
    const header = md.split('\n').find((l) => l.startsWith('| Where | Provider |')) ?? '';
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    const row = md.split('\n').find((l) => l.startsWith('| ') && l.includes('pipe')) ?? '';
    expect(cells(row)).toBe(cells(header));
  });

  it('markup in a name or an ignore reason is text in report.html, not elements', () => {
    expect(html.match(/<script>/g)).toHaveLength(1); // the report's own filter script
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<img');
  });

  it('names that need escaping in a URI (space, #, ?, %) give valid SARIF 2.1.0 that GitHub accepts', () => {
    expect(sarifProblems(sarif)).toEqual([]);
    const uris = JSON.parse(sarif).runs[0].results.flatMap((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations.map((l) => l.physicalLocation.artifactLocation.uri));
    expect(uris).toContain('src/a%20b%23frag%3Fq=1%25.ts');
    expect(uris.map(decodeURIComponent)).toContain(NAMES.uri);
  });
});

describe('hostile: GitHub answers are validated before use', () => {
  let repoDir: string;
  async function fakeApi(repoAnswer: unknown): Promise<string> {
    const server = createServer((req, res) => {
      if (/\/commits\//.test(req.url ?? '')) {
        res.writeHead(200, { 'content-type': 'application/vnd.github.sha' });
        res.end(sh(join(repoDir, '..', 'gh', 'acme', 'app.git'), ['rev-parse', 'HEAD']).trim());
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(repoAnswer));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }
  const good = { full_name: 'acme/app', html_url: 'https://github.com/acme/app', default_branch: 'main', private: false, archived: false, stargazers_count: 3, forks_count: 1, open_issues_count: 0, pushed_at: null, language: 'Python', license: null };

  beforeAll(() => {
    repoDir = join(ws.base, 'served');
    put(repoDir, { 'app.ts': CALL });
    initRepo(repoDir);
    commitAll(repoDir, 'served');
    mkdirSync(join(ws.base, 'gh', 'acme'), { recursive: true });
    sh(ws.base, ['clone', '--quiet', '--bare', repoDir, join(ws.base, 'gh', 'acme', 'app.git')]);
  });

  async function scanGithub(api: string, name: string) {
    const r = await scanInProcess(['scan', 'acme/app', '--no-cache', '--out', ws.out(name), '--format', ALL_FORMATS, '--quiet'], {
      cwd: ws.base,
      env: { GITHUB_API_URL: api, GITHUB_SERVER_URL: `file://${join(ws.base, 'gh')}/`, GITHUB_TOKEN: undefined, GH_TOKEN: undefined },
    });
    expect(r.code, r.stderr).toBe(0);
    return readReport(ws.out(name));
  }

  it('GITHUB_API_URL is honoured: metadata comes from that server', async () => {
    const report = await scanGithub(await fakeApi(good), 'api-good');
    expect(report.target.github).toMatchObject({ fullName: 'acme/app', htmlUrl: 'https://github.com/acme/app', stars: 3 });
    expect(readFileSync(join(ws.out('api-good'), 'report.html'), 'utf8')).toContain('href="https://github.com/acme/app/blob/');
  });

  it('a javascript: html_url becomes no link anywhere', async () => {
    const report = await scanGithub(await fakeApi({ ...good, html_url: 'javascript:alert(document.cookie)//' }), 'api-js');
    expect(report.target.github).toBeNull();
    expect(report.target.notes.join(' ')).toMatch(/GitHub API answer not understood \(html_url\)/);
    for (const f of ['report.html', 'report.md', 'report.sarif', 'report.json']) expect(readFileSync(join(ws.out('api-js'), f), 'utf8')).not.toMatch(/javascript:/i);
  });

  it('an answer whose repository name carries a newline and a heading is not used', async () => {
    const report = await scanGithub(await fakeApi({ ...good, full_name: 'acme/app\n## PASSED', stargazers_count: 'lots' }), 'api-types');
    expect(report.target.github).toBeNull();
    expect(readFileSync(join(ws.out('api-types'), 'report.md'), 'utf8')).not.toMatch(/^## PASSED/m);
  });
});

import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../src/run.ts';

// A cache never changes a result: cold, warm and after an edit, the report is the one a cold scan writes.

const temps: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const put = (root: string, path: string, text: string): void => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

async function report(target: string, cacheDir: string | null): Promise<unknown> {
  const { report: r } = await scan({ target, failOn: null, rulesDirs: [], cacheDir, workers: 0, maxFileBytes: 1_000_000 });
  // the moment of the scan is the only thing allowed to differ
  return { ...r, target: { ...r.target, scannedAt: null } };
}

describe('facts cache', () => {
  it('gives the cold report warm and after an edit, for files that share bytes and files promoted by their importers', async () => {
    const repo = tempDir('arch-audit-cache-repo-');
    // empty files: the same bytes in Python and TypeScript
    put(repo, 'app/__init__.py', '');
    put(repo, 'app/llm/__init__.py', '');
    put(repo, 'web/src/empty.ts', '');
    put(repo, 'app/llm/client.py', 'from openai import OpenAI\n\nclient = OpenAI()\n');
    put(repo, 'app/llm/ask.py', 'from app.llm.client import client\n\n\ndef ask(q):\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])\n');
    // light on its own (no model words), promoted because it imports the model code; it holds a credential
    put(repo, 'app/routes.py', 'from app.llm.ask import ask\n\nDEPLOY_TOKEN = "ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"\n\n\ndef handle(q):\n    return ask(q)\n');
    put(repo, 'web/src/chat.ts', "import OpenAI from 'openai';\nexport const reply = (q: string) => new OpenAI().responses.create({ model: 'gpt-4o', input: q });\n");
    put(repo, 'pyproject.toml', '[project]\nname = "cache-demo"\nversion = "0.1.0"\ndependencies = ["openai>=1.0"]\n');
    put(repo, 'web/package.json', JSON.stringify({ name: 'web', dependencies: { openai: '^5.0.0' } }));
    const cache = tempDir('arch-audit-cache-');

    const cold = await report(repo, null);
    expect(await report(repo, cache)).toEqual(cold); // filling the cache
    expect(readdirSync(join(cache, 'facts')).length).toBe(1);
    expect(await report(repo, cache)).toEqual(cold); // warm

    // an edit: the promoted file no longer imports the model code, another file now does
    put(repo, 'app/routes.py', 'DEPLOY_TOKEN = "ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"\n\n\ndef handle(q):\n    return q\n');
    put(repo, 'app/jobs.py', 'from app.llm.ask import ask\n\n\ndef nightly():\n    return ask("summarise")\n');
    expect(await report(repo, cache)).toEqual(await report(repo, null));
  });

  it('reads a file again when its role changes with no change to its bytes: a folder becomes a project template', async () => {
    const repo = tempDir('arch-audit-cache-role-');
    put(repo, 'app/ask.py', 'from openai import OpenAI\n\n\ndef ask(q):\n    return OpenAI().responses.create(model="gpt-4o", input=q)\n');
    put(repo, 'pyproject.toml', '[project]\nname = "role-demo"\nversion = "0.1.0"\ndependencies = ["openai>=1.0"]\n');
    // a compose file that does not parse: a problem of the product, no one's in a template
    put(repo, 'generator/templates/api/docker-compose.yml', 'services:\n  api:\n    image: vllm/vllm-openai:v0.6.3\n   bad: [\n');
    const cache = tempDir('arch-audit-cache-');
    expect(await report(repo, cache)).toEqual(await report(repo, null));
    put(repo, 'generator/templates/api/package.json', JSON.stringify({ name: '{{ project_name }}', dependencies: { express: '^4.0.0' } }));
    expect(await report(repo, cache)).toEqual(await report(repo, null));
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../src/secrets/scan.ts';
import { render } from '../src/run.ts';
import { scanFixture } from './support/scan-fixture.ts';

const FIXTURE = 'fixtures/committed-secret/fires';

describe('findSecrets', () => {
  it('recognises each format once, at its line, with a prefix and a fingerprint only', () => {
    const key = 'sk-proj-Q2f8LmZr4TnVb7XcKp1WjHs9DgAe5YuRi3OoNl6MtBvCx0';
    const found = findSecrets('a.env', `A=1\nOPENAI_API_KEY=${key}\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'a.env', line: 2, format: 'openai-api-key', issuer: 'openai', preview: 'sk-proj-…' });
    expect(found[0]?.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(found)).not.toContain(key.slice(8));
  });

  it('tells the sk- formats apart: Anthropic and OpenRouter keys are not OpenAI keys', () => {
    const anthropic = `sk-ant-api03-${'aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY'.repeat(3)}`;
    const found = findSecrets('x.py', `k = "${anthropic}"\n`);
    expect(found.map((f) => f.format)).toEqual(['anthropic-api-key']);
  });

  it('skips placeholders, masks and low-entropy values', () => {
    const text = [
      'OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'OPENAI_API_KEY=sk-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      'COHERE_API_KEY=your_cohere_api_key_goes_here_please',
      'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    ].join('\n');
    expect(findSecrets('.env.example', text)).toEqual([]);
  });

  it('skips values made by people: words, runs of one character or of the alphabet, "not a real" markers', () => {
    const text = [
      '"slack": "xoxb-not-a-real-slack-token-for-tests",',
      'OPENAI_API_KEY=sk-proj-my-own-openai-key-for-the-staging-box-1',
      'OPENAI_API_KEY=sk-proj-Q2f8LmZr4TnVb7XcKp1WjHs9DgAe5YuRi3OoNl6MtZZZZZ',
      'GROQ_API_KEY=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',
      'ANTHROPIC_API_KEY=sk-ant-api03-notreal' + 'Q2f8LmZr4TnVb7XcKp1WjHs9DgAe5YuRi3OoNl6MtBvCx0'.repeat(2),
    ].join('\n');
    expect(findSecrets('app/settings.py', text)).toEqual([]);
  });

  it('keeps a random key, and says when its line names it a test value or the file is an example', () => {
    const key = 'sk-proj-u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAj';
    expect(findSecrets('app/settings.py', `OPENAI_API_KEY = "${key}"`)[0]?.testContext).toBeUndefined();
    expect(findSecrets('app/settings.py', `FAKE_OPENAI_KEY = "${key}"`)[0]?.testContext).toBe('fake');
    expect(findSecrets('src/client.ts', `const mockClient = new OpenAI({ apiKey: '${key}' });`)[0]?.testContext).toBe('mock');
    expect(findSecrets('.env.example', `OPENAI_API_KEY=${key}`)[0]?.testContext).toBe('an example file');
  });

  it('keeps a Google key out of web configuration, and reports it elsewhere', () => {
    const key = 'AIzaSyD4f7Kq9Lm2Np5Rt8Vx1Zb3Cd6Fg0Hj_kW';
    expect(findSecrets('web/firebase.ts', `initializeApp({ apiKey: '${key}', authDomain: 'x.firebaseapp.com' })`)).toEqual([]);
    expect(findSecrets('app/gemini.py', `genai.configure(api_key="${key}")`).map((f) => f.format)).toEqual(['google-api-key']);
  });
});

describe('committed secrets in a scan', () => {
  it('never writes a key value into the JSON or Markdown report', async () => {
    const report = await scanFixture(FIXTURE, ['committed-secret']);
    expect(report.findings.map((f) => f.locations[0]?.file).sort()).toEqual(['.env', '.env', 'app/client.ts', 'app/settings.py', 'infra/deploy.tfvars', 'infra/deploy.tfvars']);
    const outputs = [render(report, 'json'), render(report, 'md')].join('\n');
    const values = ['.env', 'app/settings.py', 'app/client.ts', 'infra/deploy.tfvars'].flatMap((f) =>
      [...readFileSync(join(FIXTURE, f), 'utf8').matchAll(/(sk-(?:proj|ant-api03)-[\w-]+|hf_[A-Za-z]+|gsk_\w+|AKIA[0-9A-Z]+|"[A-Za-z0-9/+]{40}")/g)].map((m) => m[0].replace(/"/g, '')),
    );
    expect(values).toHaveLength(6);
    // no value, and no run of 12 characters from one, in anything the tool writes
    for (const v of values) expect(outputs).not.toContain(v.slice(-12));
  });
});

describe('private keys', () => {
  it('needs the key body after the header; a header in a docstring is documentation', () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ';
    const real = findSecrets('deploy/key.txt.json', `{"key": "-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----"}`);
    expect(real.map((f) => [f.format, f.preview])).toEqual([['private-key', 'PRIVATE KEY…']]);
    expect(findSecrets('app/sign.py', '    private_key_pem="-----BEGIN PRIVATE KEY-----...",\n')).toEqual([]);
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { fetchUrlOf, parseTarget } from '../../src/acquire/target.ts';
import { firstMeaningfulLine, stripCredentials } from '../../src/acquire/redact.ts';
import { removeDir, tempDir } from './helpers.ts';

function rejects(input: string, ref?: string): UserError {
  try {
    parseTarget(input, ref);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    const message = (err as UserError).message;
    expect(message).not.toMatch(/[\r\n]/);
    return err as UserError;
  }
  throw new Error(`parseTarget(${JSON.stringify(input)}) did not throw`);
}

describe('parseTarget', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    mkdirSync(join(dir, 'acme', 'widget'), { recursive: true });
    writeFileSync(join(dir, 'file.txt'), 'x');
  }, 60_000);
  afterAll(() => removeDir(dir));

  it('reads local folders, defaulting to .', () => {
    expect(parseTarget('')).toEqual({ kind: 'local', path: '.' });
    expect(parseTarget('.')).toEqual({ kind: 'local', path: '.' });
    expect(parseTarget(dir)).toEqual({ kind: 'local', path: dir });
  });

  it('rejects missing folders and files with "no such directory"', () => {
    expect(rejects(join(dir, 'nope')).message).toBe(`no such directory: ${join(dir, 'nope')}`);
    expect(rejects(join(dir, 'file.txt')).message).toBe(`no such directory: ${join(dir, 'file.txt')}`);
    expect(rejects('./nope').message).toBe('no such directory: ./nope');
    expect(rejects('a/b/c').message).toBe('no such directory: a/b/c');
  });

  it('prefers an existing local folder over the owner/repo reading', () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(parseTarget('acme/widget')).toEqual({ kind: 'local', path: 'acme/widget' });
      expect(parseTarget('acme/other')).toMatchObject({ kind: 'github', owner: 'acme', repo: 'other' });
      // --ref makes no sense on a folder we must not check anything out in
      expect(rejects('acme/widget', 'main').message).toMatch(/--ref cannot be used with a local folder/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('reads git URLs of every supported scheme', () => {
    expect(parseTarget('https://gitlab.com/g/r.git')).toEqual({ kind: 'git', url: 'https://gitlab.com/g/r.git' });
    expect(parseTarget('http://git.local/r')).toEqual({ kind: 'git', url: 'http://git.local/r' });
    expect(parseTarget('ssh://git@host.example:2222/g/r.git')).toEqual({ kind: 'git', url: 'ssh://git@host.example:2222/g/r.git' });
    expect(parseTarget('git@gitlab.com:group/sub/repo.git')).toEqual({ kind: 'git', url: 'git@gitlab.com:group/sub/repo.git' });
    expect(parseTarget('git@github.com:acme/widget')).toEqual({ kind: 'git', url: 'git@github.com:acme/widget' });
    expect(parseTarget('file:///srv/repos/x.git')).toEqual({ kind: 'git', url: 'file:///srv/repos/x.git' });
    expect(parseTarget('git://host.example/x.git')).toEqual({ kind: 'git', url: 'git://host.example/x.git' });
    expect(parseTarget('https://gitlab.com/g/r.git', 'v2')).toEqual({ kind: 'git', url: 'https://gitlab.com/g/r.git', ref: 'v2' });
  });

  it('reads GitHub shorthands and URLs', () => {
    const widget = { kind: 'github', owner: 'acme', repo: 'widget', url: 'https://github.com/acme/widget' };
    expect(parseTarget('acme/widget')).toEqual(widget);
    expect(parseTarget('acme/widget.git')).toEqual(widget);
    expect(parseTarget('acme/widget@v1.2.0')).toEqual({ ...widget, ref: 'v1.2.0' });
    expect(parseTarget('acme/widget@feature/x')).toEqual({ ...widget, ref: 'feature/x' });
    expect(parseTarget('https://github.com/acme/widget')).toEqual(widget);
    expect(parseTarget('https://github.com/acme/widget.git')).toEqual(widget);
    expect(parseTarget('https://github.com/acme/widget/')).toEqual(widget);
    expect(parseTarget('https://github.com/acme/widget/tree/release/2.x')).toEqual({ ...widget, ref: 'release/2.x' });
    const sha = 'a'.repeat(40);
    expect(parseTarget(`acme/widget@${sha}`)).toEqual({ ...widget, ref: sha });
  });

  it('lets --ref override an @ref suffix or a /tree/<ref> URL', () => {
    expect(parseTarget('acme/widget@v1', 'main')).toMatchObject({ kind: 'github', ref: 'main' });
    expect(parseTarget('https://github.com/acme/widget/tree/dev', 'v3')).toMatchObject({ kind: 'github', ref: 'v3' });
  });

  it('strips credentials from every URL it keeps, but remembers them for fetching', () => {
    const spec = parseTarget('https://user:s3cr3t-token@gitlab.com/g/r.git');
    expect(spec).toEqual({ kind: 'git', url: 'https://gitlab.com/g/r.git' });
    expect(JSON.stringify(spec)).not.toContain('s3cr3t');
    expect(fetchUrlOf(spec)).toBe('https://user:s3cr3t-token@gitlab.com/g/r.git');

    const gh = parseTarget('https://ghp_TOKEN123@github.com/acme/widget');
    expect(gh).toEqual({ kind: 'github', owner: 'acme', repo: 'widget', url: 'https://github.com/acme/widget' });
    expect(JSON.stringify(gh)).not.toContain('TOKEN123');

    expect(parseTarget('ssh://git:pw@host.example/r.git')).toEqual({ kind: 'git', url: 'ssh://git@host.example/r.git' });
    expect(rejects('ftp://user:hunter2@host/x').message).not.toContain('hunter2');
  });

  it('rejects everything else with a one-line UserError', () => {
    expect(rejects('ftp://host/x').message).toMatch(/unsupported URL scheme "ftp"/);
    expect(rejects('ext::sh -c touch% /tmp/pwned').message).toMatch(/unsupported/);
    expect(rejects('--upload-pack=touch /tmp/pwned').message).toMatch(/looks like an option/);
    expect(rejects('acme/widget@-oops').message).toMatch(/invalid git ref/);
    expect(rejects('acme/widget@a:b').message).toMatch(/invalid git ref/);
    expect(rejects('acme/widget@a..b').message).toMatch(/invalid git ref/);
    expect(rejects('acme/widget', '--upload-pack=evil').message).toMatch(/invalid git ref/);
    expect(rejects('https://github.com/acme/widget/issues').message).toMatch(/unsupported GitHub URL/);
    expect(rejects('https://github.com/acme').message).toMatch(/unsupported GitHub URL/);
    expect(rejects('https://-oProxyCommand=x/r').message).toMatch(/invalid host/);
    expect(rejects('http://').message).toMatch(/not a valid URL|no host/);
    expect(rejects('-bad--owner/repo').message).toMatch(/looks like an option/);
    expect(rejects('git@host:-oProxyCommand=x').message).toMatch(/invalid path/);
    expect(rejects('line\nbreak').message).toMatch(/control characters/);
  });
});

describe('redaction helpers', { timeout: 60_000 }, () => {
  it('strips user info from http(s) and file URLs and only the password from ssh URLs', () => {
    expect(stripCredentials('https://user:token@host/x')).toBe('https://host/x');
    expect(stripCredentials('https://token@host/x')).toBe('https://host/x');
    expect(stripCredentials('ssh://git:pw@host/x')).toBe('ssh://git@host/x');
    expect(stripCredentials('git@host:x/y')).toBe('git@host:x/y');
  });

  it("picks git's explanatory line", () => {
    const stderr = "Cloning into 'x'...\nhint: something\nfatal: repository 'https://u:p@h/x' not found\n";
    expect(firstMeaningfulLine(stderr)).toBe("repository 'https://h/x' not found");
  });
});

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Expectation {
  kind: 'expect' | 'ok';
  ruleId: string;
  file: string;
  /** the line after the annotation */
  line: number;
  severity?: string;
}

const ANNOTATION = /(?:\/\/|#|--)\s*arch-audit-(expect|ok):\s*([a-z0-9-]+)(?:\s+(critical|high|medium|low|info))?/;

/** Every `arch-audit-expect` / `arch-audit-ok` annotation in a fixture case, pointing at the next line. */
export function readAnnotations(caseDir: string): Expectation[] {
  const out: Expectation[] = [];
  for (const abs of walk(caseDir)) {
    const lines = readFileSync(abs, 'utf8').split('\n');
    lines.forEach((text, i) => {
      const m = ANNOTATION.exec(text);
      if (!m) return;
      out.push({ kind: m[1] as Expectation['kind'], ruleId: m[2] as string, file: relative(caseDir, abs).split('\\').join('/'), line: i + 2, ...(m[3] ? { severity: m[3] } : {}) });
    });
  }
  return out;
}

export interface CallExpectation {
  file: string;
  /** the line after the annotation */
  line: number;
  /** the providers the call may reach, sorted; empty for `arch-audit-no-call` */
  providers: string[];
}

const CALL_ANNOTATION = /(?:\/\/|#)\s*arch-audit-(call|no-call)\b(?::\s*([a-z0-9:.,-]+))?/;

/** Every `arch-audit-call: provider[,provider]` / `arch-audit-no-call` annotation of a fixture, pointing at the next line. */
export function readCallAnnotations(caseDir: string): CallExpectation[] {
  const out: CallExpectation[] = [];
  for (const abs of walk(caseDir)) {
    readFileSync(abs, 'utf8').split('\n').forEach((text, i) => {
      const m = CALL_ANNOTATION.exec(text);
      if (!m) return;
      const providers = m[1] === 'call' ? (m[2] ?? '').split(',').filter(Boolean).sort() : [];
      out.push({ file: relative(caseDir, abs).split('\\').join('/'), line: i + 2, providers });
    });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    return statSync(abs).isDirectory() ? walk(abs) : [abs];
  });
}

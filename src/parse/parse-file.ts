import type { FileFacts, Language } from '../facts/types.ts';
import { createPythonParser, pythonLightFacts, type PythonParser } from './python.ts';
import { parseTypeScript, typeScriptLightFacts } from './typescript.ts';

export interface ParseJob {
  path: string;
  language: Language;
  text: string;
  /** passed the word pre-filter: build the syntax tree; otherwise only a cheap import scan */
  full: boolean;
}

let python: Promise<PythonParser> | undefined;

/**
 * Facts for one file; the Python grammar is loaded once per thread, on first use, and replaced when a
 * file breaks it, so one hostile file costs only its own facts.
 */
export async function parseJob(job: ParseJob): Promise<FileFacts> {
  if (job.language === 'python') {
    if (!job.full) return pythonLightFacts(job.path, job.text);
    python ??= createPythonParser();
    const parser = await python;
    const facts = parser.parse(job.path, job.text);
    if (parser.broken) python = undefined;
    return facts;
  }
  return job.full ? parseTypeScript(job.path, job.text) : typeScriptLightFacts(job.path, job.text);
}

import { defineRule } from '../../src/engine/define-rule.ts';
import type { SinkKind } from '../../src/catalog/sinks.ts';

const WHAT: Record<SinkKind, string> = { shell: 'as a shell command', code: 'as code', sql: 'as SQL' };

export default defineRule({
  meta: {
    id: 'model-output-executed',
    title: 'What a model writes is run as a command, code or SQL',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    rationale:
      'A model writes what its input steers it to write. A web page, a document or a user message read into the prompt can carry ' +
      'instructions, and whatever the model answers is then run with the product\'s own rights: shell commands on the server, code in ' +
      'the interpreter, queries on the database. Every new tool or data source added to the prompt widens what can steer it.',
    remediation: {
      text: 'Run model-written code and commands in a sandbox with no credentials and no network by default (a container, a microVM, a code-execution service), allow-list the commands and tables, use a read-only database role with parameterised queries for generated SQL, and ask the user before anything irreversible.',
      effortHours: 8,
      effortLaterHours: 24,
    },
    ddQuestion: 'What stops a prompt injection from running commands or queries on your systems?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['outputSinks'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    const sinks = facts.outputSinks;
    const first = sinks[0];
    if (!first) return;
    const kinds = [...new Set(sinks.map((s) => s.kind))];
    const files = new Set(sinks.map((s) => s.file)).size;
    report({
      message:
        `Model output is run ${kinds.map((k) => WHAT[k]).join(', ')} in ${sinks.length} place${sinks.length === 1 ? '' : 's'} (${files} file${files === 1 ? '' : 's'}): ` +
        `${sinks.slice(0, 3).map((s) => `${s.sink} at ${s.file}:${s.line}`).join(', ')}${sinks.length > 3 ? ', ...' : ''}; ` +
        'a prompt injection in anything the model reads runs with the product\'s rights, unless a sandbox or allow-list the scan does not read stands in between',
      locations: sinks.map((s) => ({ file: s.file, line: s.line })),
      evidence: `${first.sink}(...) <- ${first.from.slice(first.from.indexOf('|') + 1)}`,
      key: 'executed',
      effortHours: 4 + 2 * files,
      data: { sinks: sinks.length, files, kinds },
    });
  },
});

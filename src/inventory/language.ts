import type { Language } from '../facts/types.ts';

// Languages we count lines for. Only TS/JS and Python are parsed; the others give the size picture a
// CTO wants on day one ("a Python backend and a Go worker").
const BY_EXTENSION: Record<string, string> = {
  '.ts': 'typescript', '.tsx': 'typescript', '.mts': 'typescript', '.cts': 'typescript',
  '.js': 'javascript', '.jsx': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript',
  '.py': 'python', '.pyi': 'python',
  '.go': 'go', '.java': 'java', '.kt': 'kotlin', '.kts': 'kotlin', '.scala': 'scala', '.rs': 'rust', '.rb': 'ruby',
  '.php': 'php', '.cs': 'csharp', '.swift': 'swift', '.c': 'c', '.h': 'c', '.cc': 'cpp', '.cpp': 'cpp', '.hpp': 'cpp',
  '.dart': 'dart', '.ex': 'elixir', '.exs': 'elixir', '.sql': 'sql', '.sh': 'shell', '.bash': 'shell',
  '.vue': 'vue', '.svelte': 'svelte',
};

/** The file extensions of source code in any language counted: what a change to the code touches. */
export const CODE_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

export const PARSED_LANGUAGES: ReadonlySet<string> = new Set<Language>(['typescript', 'javascript', 'python']);

export function languageOf(path: string): string | null {
  const dot = path.lastIndexOf('.');
  if (dot <= path.lastIndexOf('/')) return null;
  return BY_EXTENSION[path.slice(dot).toLowerCase()] ?? null;
}

export function isParsedLanguage(language: string | null): language is Language {
  return language !== null && PARSED_LANGUAGES.has(language);
}

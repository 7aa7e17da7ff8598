// Functions that run what they are handed: a shell command, code, or a database query. Read by the
// detector of model output that is run (src/facts/output-sinks.ts).

export type SinkKind = 'shell' | 'code' | 'sql';

/** External functions that run a command or code, by module, and the kind of thing they run. */
export const EXTERNAL_SINKS: { module: RegExp; path: RegExp; kind: SinkKind }[] = [
  { module: /^subprocess$/, path: /^(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)$/, kind: 'shell' },
  { module: /^os$/, path: /^(system|popen|execv|execvp|execl|spawnl)$/, kind: 'shell' },
  { module: /^asyncio$/, path: /^(create_subprocess_shell|create_subprocess_exec)$/, kind: 'shell' },
  { module: /^(node:)?child_process$/, path: /^(exec|execSync|spawn|spawnSync|execFile|execFileSync)$/, kind: 'shell' },
  { module: /^(execa|shelljs|zx)$/, path: /^(execa|execaCommand|execaSync|exec|\$)$/, kind: 'shell' },
  { module: /^(node:)?vm$/, path: /^(runInNewContext|runInThisContext|runInContext|Script)$/, kind: 'code' },
  { module: /^(sqlite3|psycopg2?|pymysql|mysql\.connector|asyncpg|duckdb|sqlalchemy|pg|mysql2|better-sqlite3)(\.|$)/, path: /(^|\.)(execute|executemany|executescript|exec|query|raw|fetch|fetchrow|fetchval|run|all|get)$/, kind: 'sql' },
];
/** Built-ins that run code they are handed. */
export const GLOBAL_SINKS: ReadonlyMap<string, SinkKind> = new Map([['exec', 'code'], ['eval', 'code'], ['Function', 'code'], ['compile', 'code']]);
/** Receivers named like a database handle: `cursor.execute(sql)` on a connection the scan did not see made. */
export const SQL_RECEIVER = /(^|\.)(cursor|cur|conn|connection|db|session|engine)\.(execute|executemany|executescript|exec_driver_sql)$/;

/** Could a call of this name be a sink? Its last name against the catalogue, before anything is resolved. */
export function isSinkName(callee: string): boolean {
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  return GLOBAL_SINKS.has(last) || EXTERNAL_SINKS.some((s) => s.path.test(last)) || SQL_RECEIVER.test(callee);
}

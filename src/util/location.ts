/** Order by file, then line, then column: how every list of places in the report reads. */
export function byLocation(a: { file: string; line: number; column?: number }, b: { file: string; line: number; column?: number }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.column ?? 0) - (b.column ?? 0);
}

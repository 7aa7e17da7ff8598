// Plain records keyed by names read from the scanned code: `constructor` or `toString` must not find
// Object.prototype, and `__proto__` must not replace it.

export function setKey<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') return;
  record[key] = value;
}

export function pushKey<T>(record: Record<string, T[]>, key: string, value: T): void {
  if (key === '__proto__') return;
  const list = Object.hasOwn(record, key) ? record[key] : undefined;
  if (list) list.push(value);
  else record[key] = [value];
}

export function getKey<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

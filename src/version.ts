import { existsSync, readFileSync } from 'node:fs';

// Runs from src/ (tests, tsx) and from dist/src/ (the built command): find the package manifest either way.
const manifest = [new URL('../package.json', import.meta.url), new URL('../../package.json', import.meta.url)].find((u) => existsSync(u));
const pkg = manifest ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string }) : {};

export const TOOL_NAME = 'arch-audit';
export const TOOL_VERSION: string = pkg.name === 'arch-audit' && pkg.version ? pkg.version : '0.0.0';

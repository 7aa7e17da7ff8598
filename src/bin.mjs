#!/usr/bin/env node
// The arch-audit command. Built, it runs dist/src/cli.js; from a source checkout without a build it
// runs the TypeScript sources through tsx's loader.
import { existsSync } from 'node:fs';

const built = new URL('./cli.js', import.meta.url);
if (!existsSync(built)) (await import('tsx/esm/api')).register();
const { main, removeClonesOnSignal } = await import(existsSync(built) ? built.href : new URL('./cli.ts', import.meta.url).href);
removeClonesOnSignal();
process.exitCode = await main(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
});

#!/usr/bin/env node
// The GitHub Action's process: built, it runs dist/src/action/main.js (action.yml builds on install).
const { runAction } = await import(new URL('./main.js', import.meta.url).href);
process.exitCode = await runAction(process.env, {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: false,
  cwd: process.cwd(),
});

// Runs one arch-audit entry point as its own process and writes what the process cost (peak RSS, CPU) to the
// file named by ARCH_AUDIT_BENCH_OUT when it exits: the same measure for this build and for a peer build.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
const out = process.env.ARCH_AUDIT_BENCH_OUT;
process.argv = [process.argv[0], entry, ...args];
process.on('exit', () => {
  const u = process.resourceUsage();
  if (out) writeFileSync(out, JSON.stringify({ maxRssKb: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
});
await import(pathToFileURL(entry).href);

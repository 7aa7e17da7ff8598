import { execFileSync } from 'node:child_process';

// CLI tests run the built command, as users do; build it once from the current sources.
export default function setup(): void {
  execFileSync(process.execPath, ['src/tools/build.mjs'], { stdio: 'ignore' });
}

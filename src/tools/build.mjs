// Transpiles src/ and rules/ to dist/ file by file (types are checked by `npm run typecheck`, not here):
// loading the dependencies' declarations costs tsc ~10 s of CPU, transpiling costs well under one.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const { ts } = createRequire(import.meta.url)('ts-morph');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'dist');
const options = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  rewriteRelativeImportExtensions: true,
  verbatimModuleSyntax: false,
  isolatedModules: true,
};

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    return statSync(abs).isDirectory() ? walk(abs) : [abs];
  });
}

rmSync(out, { recursive: true, force: true });
let count = 0;
for (const file of [...walk(join(root, 'src')), ...walk(join(root, 'rules'))]) {
  const rel = relative(root, file);
  const target = join(out, rel);
  mkdirSync(dirname(target), { recursive: true });
  if (file.endsWith('.ts')) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file });
    writeFileSync(target.replace(/\.ts$/, '.js'), outputText);
    count++;
  } else if (/\.(mjs|json)$/.test(file)) {
    copyFileSync(file, target);
  }
}
process.stdout.write(`built ${count} files into dist/\n`);

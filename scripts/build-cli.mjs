// Transpiles src/**/*.ts (tests excluded) to dist/, one .js per .ts, with esbuild — the same
// transform tsx applies on the fly. dist/ sits beside src/ at the same depth, so every path a
// module builds from import.meta.url (../../web/dist, ../../agents/, sibling workers) holds.
// The test runner uses it to start `sotto` without loading a TypeScript loader into every
// child process (~1 s each); `node dist/cli/main.js` is then the same program as bin/sotto.js.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

export async function buildCli(root = process.cwd()) {
  const outdir = join(root, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: sources(join(root, 'src')),
    outdir,
    outbase: join(root, 'src'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: false,
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return join(outdir, 'cli', 'main.js');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildCli());

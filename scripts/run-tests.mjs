// Runs every *.test.ts under src/, test/ and eval/ with node's own test runner (Node 20 has no
// glob support for --test, so the files are listed here). Extra args filter by path substring.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from './build-cli.mjs';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = ['src', 'test', 'eval']
  .flatMap((d) => find(d))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// The end-to-end tests start `sotto` hundreds of times: they run it built (scripts/build-cli.mjs).
const cli = await buildCli();
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, SOTTO_LOG_LEVEL: process.env.SOTTO_LOG_LEVEL ?? 'silent', SOTTO_TEST_CLI: cli } },
);
process.exit(result.status ?? 1);

// bin/sotto.js — what `npm run sotto`, the README and users run — is the TypeScript sources
// through tsx. The other end-to-end tests may run the same sources built ahead of time
// (test/e2e/support/sotto-process.ts); this one always runs the real entry point.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SOTTO_BIN, SOTTO_TS_BIN, sottoEnv } from './support/sotto-process.js';

const root = mkdtempSync(join(tmpdir(), 'sotto-entry-'));
after(() => rmSync(root, { recursive: true, force: true }));

function run(bin: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env: sottoEnv({ SOTTO_MASTER_SECRET: 'cli-entry-test-master-secret-0123456789' }), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the sotto entry point (bin/sotto.js, through tsx)', () => {
  it('prints the version and opens a data directory, as the built program does', () => {
    const version = run(SOTTO_TS_BIN, ['--version']);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
    assert.equal(run(SOTTO_BIN, ['--version']).stdout, version.stdout);
    const init = run(SOTTO_TS_BIN, ['--data', join(root, 'data'), '--json', 'keys', 'init', '--tenant', 'acme']);
    assert.equal(init.code, 0, init.stderr);
    assert.equal((JSON.parse(init.stdout) as { tenant: string }).tenant, 'acme');
  });

  it('answers a usage error with one line and exit code 2', () => {
    const r = run(SOTTO_TS_BIN, ['no-such-command']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });
});

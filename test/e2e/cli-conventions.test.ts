// The CLI contract of DESIGN.md, end to end: exit 0 / 1 / 2, one line on stderr for an error,
// one JSON line on stdout with --json, and --data or $SOTTO_DATA choosing the data dir.
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertFailure, assertSuccess, createSandbox, jsonLine, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

const timeout = RUN_TIMEOUT_MS * 2;

let box: Sandbox;
before(async () => {
  box = await createSandbox();
});
after(async () => {
  await box.remove();
});

describe('when --help is given to the root or any subcommand', { concurrency: true }, () => {
  const commands = [
    [],
    ['serve'],
    ['keys', 'init'],
    ['keys', 'rotate'],
    ['keys', 'retire'],
    ['keys', 'status'],
    ['vault', 'put'],
    ['vault', 'get'],
    ['vault', 'verify'],
  ];
  for (const command of commands) {
    const name = ['sotto', ...command].join(' ');
    it(`${name} --help prints its usage on stdout and exits 0`, { timeout }, async () => {
      const run = await box.run([...command, '--help']);
      assertSuccess(run);
      assert.match(run.stdout.toString('utf8'), new RegExp(`^Usage: ${name} `));
    });
  }
});

describe('when the command line is malformed', { concurrency: true }, () => {
  it('an unknown command exits 2 with one line on stderr', { timeout }, async () => {
    assert.match(assertFailure(await box.sotto(['frobnicate']), 2), /unknown command 'frobnicate'/);
  });
  it('a command group without its subcommand exits 2 with one line on stderr', { timeout }, async () => {
    assert.match(assertFailure(await box.sotto(['keys']), 2), /missing command/);
  });
  it('a missing required option exits 2 with one line naming it', { timeout }, async () => {
    assert.match(assertFailure(await box.sotto(['vault', 'put', '--tenant', 'acme']), 2), /--subject/);
  });
  // Before the fix the root's --version took `keys retire --version …`: printed 0.1.0, exit 0.
  it('a malformed subcommand option value exits 2 with one line naming the option, even one named like a root option', { timeout }, async () => {
    assert.match(assertFailure(await box.sotto(['keys', 'retire', '--version', 'one']), 2), /--version/);
  });
});

describe('when the data dir is fresh apart from keys init', () => {
  let fresh: Sandbox;
  before(async () => {
    fresh = await createSandbox();
  });
  after(async () => {
    await fresh.remove();
  });

  it('keys init --json prints exactly one JSON line on stdout and exits 0', { timeout }, async () => {
    const run = await fresh.sotto(['keys', 'init', '--tenant', 'acme', '--json']);
    assertSuccess(run);
    const result = jsonLine<{ provider: string; tenant: string; key: { primaryVersion: number } }>(run);
    assert.equal(result.provider, 'local');
    assert.equal(result.tenant, 'acme');
    assert.equal(result.key.primaryVersion, 1);
  });

  it('vault get of an unknown id exits 1 with one line "sotto: ARTIFACT_NOT_FOUND: …" and writes no file', { timeout }, async () => {
    const out = join(fresh.root, 'out.bin');
    const run = await fresh.sotto(['vault', 'get', 'art_AAAAAAAAAAAAAAAAAAAAAA', '--out', out]);
    assert.match(assertFailure(run, 1), /^sotto: ARTIFACT_NOT_FOUND: /);
    await assert.rejects(access(out), { code: 'ENOENT' });
  });
});

describe('when the data dir comes from --data or $SOTTO_DATA', () => {
  let envBox: Sandbox;
  let fromEnv = '';
  let fromFlag = '';
  before(async () => {
    envBox = await createSandbox();
    fromEnv = join(envBox.root, 'env-data');
    fromFlag = join(envBox.root, 'flag-data');
  });
  after(async () => {
    await envBox.remove();
  });

  it('$SOTTO_DATA selects the data dir when --data is absent', { timeout }, async () => {
    const run = await envBox.run(['keys', 'init', '--tenant', 'from-env'], { env: { SOTTO_DATA: fromEnv } });
    assertSuccess(run);
    await access(join(fromEnv, 'keys', 'keyring.sealed'));
    await access(join(fromEnv, 'sotto.db'));
    // envBox.data is <cwd>/data, the embedded default.
    await assert.rejects(access(envBox.data), { code: 'ENOENT' }, 'the default ./data was not used');
  });

  it('--data (after the subcommand) wins over $SOTTO_DATA', { timeout }, async () => {
    const ignored = join(envBox.root, 'ignored-env-data');
    const run = await envBox.run(['keys', 'init', '--tenant', 'from-flag', '--data', fromFlag], { env: { SOTTO_DATA: ignored } });
    assertSuccess(run);
    await access(join(fromFlag, 'keys', 'keyring.sealed'));
    await assert.rejects(access(ignored), { code: 'ENOENT' });
    await assert.rejects(access(envBox.data), { code: 'ENOENT' });
  });
});

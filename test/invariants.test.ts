// The invariants of DESIGN.md that this stage of Sotto can already break, each tried directly.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config/index.js';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../src/access/index.js';
import { createLogger } from '../src/log/index.js';
import { openRuntime } from '../src/runtime/index.js';
import { bytes, drain } from './support/vault-fixture.js';

const ROOT = new URL('..', import.meta.url).pathname;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

async function importers(pattern: RegExp): Promise<string[]> {
  const found: string[] = [];
  for (const file of await sourceFiles('src')) {
    if (pattern.test(await readFile(join(ROOT, file), 'utf8'))) found.push(file);
  }
  return found.sort();
}

describe('invariants 1 and 5: no plaintext on disk or in logs; no personal data in the audit log', () => {
  it('after a put and an audited read, neither the data directory, the log nor the audit log holds the content or the subject id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sotto-inv-'));
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
    const logger = createLogger({ level: 'trace', destination: sink });
    const config = loadConfig({ dataDir: dir, env: { SOTTO_MASTER_SECRET: 'invariant-test-master-secret-0123456789abcdef' } });
    const rt = await openRuntime(config, logger, { createKeys: true });
    let audit: string;
    try {
      const content = Buffer.from('my social is 078-05-1120 and my card is 4111 1111 1111 1111\n'.repeat(100));
      const { id } = await rt.vault.put({ tenantId: 'clinic', subjectId: 'patient-+15557654321', kind: 'transcript', body: bytes(content) });
      assert.deepEqual(await drain((await rt.gateway.readArtifact(LOCAL_OPERATOR, undefined, id, CLI_CONTEXT)).body), content);
      const entries = await rt.audit.entries({ from: 0, limit: 100 });
      assert.ok(entries.some(({ entry }) => entry.resource.id === id && entry.outcome === 'allowed'), 'the read was audited');
      audit = JSON.stringify(entries);
      // Invariant 5: the audit log names the subject only by its keyed hash.
      const subjectRef = await rt.vault.subjects.subjectRef('clinic', 'patient-+15557654321');
      assert.ok(audit.includes(subjectRef));
    } finally {
      await rt.close();
    }
    for (const needle of ['078-05-1120', '4111 1111', '15557654321', 'patient-']) assert.equal(audit.includes(needle), false, `${needle} in the audit log`);
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    assert.ok(files.length > 0);
    for (const entry of files) {
      const data = await readFile(join(entry.parentPath, entry.name));
      for (const needle of ['078-05-1120', '4111 1111', '15557654321']) {
        assert.equal(data.includes(Buffer.from(needle)), false, `${needle} found in ${entry.name}`);
      }
    }
    const log = lines.join('');
    for (const needle of ['078-05-1120', '4111 1111', '15557654321', 'patient-']) assert.equal(log.includes(needle), false, `${needle} in the log`);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('invariant 2: nothing reads conversation content except through the access gateway', () => {
  it('only the gateway imports the artifact reader', async () => {
    const users = await importers(/from '[./]*(vault\/)?artifact-reader\.js'/);
    assert.deepEqual(users, ['src/access/gateway.ts']);
  });

  it('the vault itself exposes no read method', async () => {
    const vault = await readFile(join(ROOT, 'src/vault/vault.ts'), 'utf8');
    assert.doesNotMatch(vault, /decryptArtifact|decryptRange/);
  });
});

describe('cryptography is confined to src/crypto (CONVENTIONS.md)', () => {
  it('no module outside src/crypto imports node:crypto', async () => {
    const users = (await importers(/from '(node:)?crypto'/)).filter((f) => !f.startsWith('src/crypto/'));
    assert.deepEqual(users, []);
  });
});

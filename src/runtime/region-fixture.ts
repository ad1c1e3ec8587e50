// Test support: two regions configured on one machine, as docs/residency.md describes them —
// 'us' (the default region: calls.region, top-level blobs and keys) and 'eu' (regions.eu),
// each with its own filesystem blob root and its own local keyring and master secret.
import { readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadConfig, type SottoConfig } from '../config/index.js';
import { createLogger } from '../log/index.js';
import { LocalKeyProvider } from '../vault/keys/index.js';
import { openRuntime, type Runtime } from './runtime.js';

export interface TwoRegions {
  dir: string;
  roots: { us: string; eu: string };
  keyrings: { us: string; eu: string };
  /** The configuration, optionally with regions.eu left out. */
  config(options?: { withoutEu?: boolean }): Promise<SottoConfig>;
  open(options?: { withoutEu?: boolean }): Promise<Runtime>;
}

export function twoRegions(dir: string): TwoRegions {
  const roots = { us: join(dir, 'us', 'blobs'), eu: join(dir, 'eu', 'blobs') };
  const keyrings = { us: join(dir, 'us', 'keys', 'keyring.sealed'), eu: join(dir, 'eu', 'keys', 'keyring.sealed') };
  const fixture: TwoRegions = {
    dir,
    roots,
    keyrings,
    async config(options = {}) {
      const file = {
        calls: { region: 'us' },
        blobs: { kind: 'fs', root: roots.us },
        keys: { provider: 'local', keyringPath: keyrings.us },
        regions: options.withoutEu === true ? {} : { eu: { blobs: { kind: 'fs', root: roots.eu }, keys: { provider: 'local', keyringPath: keyrings.eu } } },
      };
      const path = join(dir, options.withoutEu === true ? 'sotto-us-only.json' : 'sotto-us-eu.json');
      await writeFile(path, JSON.stringify(file));
      return loadConfig({ dataDir: dir, configFile: path, env: {} });
    },
    async open(options = {}) {
      return openRuntime(await fixture.config(options), createLogger({ level: 'silent' }), { createKeys: true });
    },
  };
  return fixture;
}

/** Every file under `root`, relative to it ('' entries for none). */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))).sort();
}

/**
 * The key ids held by one keyring, opened on its own (the runtime closed). The master secret is
 * the one the runtime generated beside it: <home>/keys/master.secret, home being the data dir
 * for the default region and <data>/regions/<name> for another.
 */
export async function keyIdsIn(keyringPath: string, home: string): Promise<string[]> {
  const provider = await LocalKeyProvider.open({ dataDir: home, keyringPath, createIfMissing: false, env: {} });
  try {
    return await provider.listKeys();
  } finally {
    await provider.close();
  }
}

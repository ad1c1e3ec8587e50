// The local key provider: KEKs live in a keyring file sealed under a master secret, and
// exist unsealed only in this process's memory.
//
// Several processes may share a data dir (server + CLI). Every mutation re-reads the file,
// changes it and writes it back atomically, serialized within this process; every other call
// first checks (one stat) whether the file was replaced and reloads it if so, so a rotation
// or retirement made by another process takes effect here on the next call. There is no lock
// across processes: two processes mutating at the same instant can lose one change (the
// later rename wins), e.g. a rotation. Run key administration from one place at a time; a
// cross-process lock file is the upgrade path if that ever changes.
import { dirname, join, resolve } from 'node:path';
import { GCM_NONCE_BYTES, gcmOpen, gcmSeal, randomBytes } from '../../crypto/index.js';
import { SottoError, isSottoError } from '../../errors/index.js';
import { assertKeyId, assertWrapPlaintext, assertWrappedFor, wrapAad } from './key-binding.js';
import { describeEntry, primaryOf, wipeKeyring, type Keyring, type KeyringEntry } from './keyring-body.js';
import {
  currentVersion,
  ensureSecretDir,
  readSnapshot,
  serializeOn,
  writeFileAtomic,
  writeNewFile,
  type FileVersion,
} from './keyring-file.js';
import {
  deriveSealingKey,
  isWeakerThanDefault,
  openKeyring,
  sealKeyring,
  wipeSealingKey,
  type KeyringKdfParams,
  type KeyringSealingKey,
} from './keyring-seal.js';
import { createMasterSecretFile, findMasterSecret } from './master-secret.js';
import type { KeyDescription, KeyProvider, WrapContext, WrappedKey } from './provider.js';

export interface LocalKeyProviderOptions {
  /** Sotto's data directory; the keyring lives in `<dataDir>/keys/`. */
  dataDir: string;
  /** Defaults to `<dataDir>/keys/keyring.sealed`. */
  keyringPath?: string;
  /** Create the keyring (and, if no secret is configured, a master.secret file). Default false. */
  createIfMissing?: boolean;
  /** Receives one-line operational warnings (generated secret, loose file permissions). */
  onWarning?: (message: string) => void;
  /** Where SOTTO_MASTER_SECRET(_FILE) are read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

const KEK_BYTES = 32;
const SECRET_SOURCES = 'SOTTO_MASTER_SECRET, SOTTO_MASTER_SECRET_FILE or <dataDir>/keys/master.secret';

export class LocalKeyProvider implements KeyProvider {
  readonly name = 'local';
  readonly #path: string;
  readonly #secret: Buffer;
  #sealingKey: KeyringSealingKey;
  #keyring: Keyring;
  /** Which file version #keyring was loaded from; undefined forces a reload. */
  #fileVersion: FileVersion | undefined;
  #closed = false;

  private constructor(path: string, secret: Buffer, sealingKey: KeyringSealingKey, keyring: Keyring, fileVersion?: FileVersion) {
    this.#path = path;
    this.#secret = secret;
    this.#sealingKey = sealingKey;
    this.#keyring = keyring;
    this.#fileVersion = fileVersion;
  }

  static async open(options: LocalKeyProviderOptions): Promise<LocalKeyProvider> {
    // Resolved, so that the in-process lock sees one file under one name.
    const path = resolve(options.keyringPath ?? join(options.dataDir, 'keys', 'keyring.sealed'));
    const warn = options.onWarning ?? (() => undefined);
    const env = options.env ?? process.env;
    return serializeOn(path, async () => {
      const found = await findMasterSecret(options.dataDir, env, warn).catch(asProviderError('read the master secret'));
      const snapshot = await readSnapshot(path).catch(asProviderError(`read the keyring ${path}`));
      if (snapshot) {
        if (!found) throw new SottoError('KEYRING_SECRET_MISSING', `the keyring ${path} exists but no master secret is set (${SECRET_SOURCES})`);
        return LocalKeyProvider.#openExisting(path, snapshot.bytes, found.secret, snapshot.version);
      }
      if (!options.createIfMissing) {
        if (!found) throw new SottoError('KEYRING_SECRET_MISSING', `no keyring and no master secret (${SECRET_SOURCES})`);
        found.secret.fill(0);
        throw new SottoError('KEY_PROVIDER_UNAVAILABLE', `no keyring at ${path}; create one with \`sotto keys init\``);
      }
      const master = found ?? (await createMasterSecretFile(options.dataDir).catch(asProviderError('create the master secret file')));
      if (!found) {
        warn(
          `generated a master secret in ${master.origin}: anyone who can read it can open the keyring; ` +
            'for production move it to a secret manager and pass it via SOTTO_MASTER_SECRET or SOTTO_MASTER_SECRET_FILE',
        );
      }
      return LocalKeyProvider.#createNew(path, master.secret);
    });
  }

  static async #openExisting(path: string, file: Buffer, secret: Buffer, version: FileVersion): Promise<LocalKeyProvider> {
    try {
      const opened = await openKeyring(file, (kdf, salt) => deriveSealingKey(secret, kdf, salt));
      return new LocalKeyProvider(path, secret, opened.key, opened.keyring, version);
    } catch (err) {
      secret.fill(0);
      throw err;
    }
  }

  static async #createNew(path: string, secret: Buffer): Promise<LocalKeyProvider> {
    const sealingKey = await deriveSealingKey(secret);
    const keyring: Keyring = new Map();
    try {
      await ensureSecretDir(dirname(path));
      // 'wx': if another process created the keyring meanwhile, fail rather than replace it.
      await writeNewFile(path, sealKeyring(keyring, sealingKey));
    } catch (err) {
      wipeSealingKey(sealingKey);
      secret.fill(0);
      throw asProviderError(`create the keyring ${path}`)(err);
    }
    return new LocalKeyProvider(path, secret, sealingKey, keyring);
  }

  async ensureKey(keyId: string): Promise<KeyDescription> {
    assertKeyId(keyId);
    await this.#refreshIfChanged();
    const known = this.#keyring.get(keyId);
    if (known) return describeEntry(known, this.name);
    return this.#mutate((keyring) => {
      const entry = keyring.get(keyId) ?? { keyId, versions: [newVersion(1)] };
      keyring.set(keyId, entry);
      return describeEntry(entry, this.name);
    });
  }

  async rotate(keyId: string): Promise<KeyDescription> {
    assertKeyId(keyId);
    return this.#mutate((keyring) => {
      const entry = entryOf(keyring, keyId);
      primaryOf(entry).state = 'active';
      entry.versions.push(newVersion(Math.max(...entry.versions.map((v) => v.version)) + 1));
      return describeEntry(entry, this.name);
    });
  }

  async retire(keyId: string, version: number): Promise<KeyDescription> {
    assertKeyId(keyId);
    return this.#mutate((keyring) => {
      const entry = entryOf(keyring, keyId);
      const target = entry.versions.find((v) => v.version === version);
      if (!target) throw new SottoError('KEY_NOT_FOUND', `key ${keyId} has no version ${String(version)}`);
      if (target.state === 'primary') {
        throw new SottoError('KEY_IN_USE', `version ${version} is the primary version of key ${keyId}; rotate before retiring it`);
      }
      target.key?.fill(0);
      target.key = undefined;
      target.state = 'retired';
      return describeEntry(entry, this.name);
    });
  }

  async describe(keyId: string): Promise<KeyDescription | undefined> {
    assertKeyId(keyId);
    await this.#refreshIfChanged();
    const entry = this.#keyring.get(keyId);
    return entry && describeEntry(entry, this.name);
  }

  async listKeys(): Promise<string[]> {
    await this.#refreshIfChanged();
    return [...this.#keyring.keys()].sort();
  }

  async wrap(keyId: string, plaintext: Uint8Array, context: WrapContext): Promise<WrappedKey> {
    assertKeyId(keyId);
    assertWrapPlaintext(plaintext);
    await this.#refreshIfChanged();
    const primary = primaryOf(entryOf(this.#keyring, keyId));
    if (!primary.key) throw new SottoError('KEYRING_CORRUPT', 'the primary key version has no key bytes');
    const nonce = randomBytes(GCM_NONCE_BYTES);
    const sealed = gcmSeal(primary.key, nonce, plaintext, wrapAad(this.name, keyId, primary.version, context));
    return { provider: this.name, keyId, version: primary.version, ciphertext: Buffer.concat([nonce, sealed]) };
  }

  async unwrap(wrapped: WrappedKey, context: WrapContext): Promise<Buffer> {
    assertWrappedFor(wrapped, this.name);
    await this.#refreshIfChanged();
    const { keyId, version } = wrapped;
    const entry = entryOf(this.#keyring, keyId);
    const kek = entry.versions.find((v) => v.version === version);
    if (!kek) throw new SottoError('KEY_NOT_FOUND', `key ${keyId} has no version ${version}`);
    if (kek.state === 'retired' || !kek.key) throw new SottoError('KEY_RETIRED', `version ${version} of key ${keyId} is retired`);
    if (wrapped.ciphertext.length < GCM_NONCE_BYTES) throw new SottoError('KEY_UNWRAP_FAILED', 'the wrapped key is too short');
    const nonce = wrapped.ciphertext.subarray(0, GCM_NONCE_BYTES);
    const sealed = wrapped.ciphertext.subarray(GCM_NONCE_BYTES);
    return gcmOpen(kek.key, nonce, sealed, wrapAad(this.name, keyId, version, context), 'KEY_UNWRAP_FAILED');
  }

  async close(): Promise<void> {
    await serializeOn(this.#path, async () => {
      if (this.#closed) return;
      this.#closed = true;
      wipeKeyring(this.#keyring);
      this.#keyring = new Map();
      wipeSealingKey(this.#sealingKey);
      this.#secret.fill(0);
    });
  }

  /**
   * Reload, change a fresh copy, write, and only then swap it in: a failed write leaves both
   * the file and this process's view as they were.
   */
  #mutate<T>(change: (keyring: Keyring) => T): Promise<T> {
    return serializeOn(this.#path, async () => {
      this.#assertOpen();
      const { keyring: fresh } = await this.#load();
      try {
        const result = change(fresh);
        if (isWeakerThanDefault(this.#sealingKey.kdf)) this.#swapSealingKey(await deriveSealingKey(this.#secret));
        await writeFileAtomic(this.#path, sealKeyring(fresh, this.#sealingKey)).catch(asProviderError(`write the keyring ${this.#path}`));
        this.#swapKeyring(fresh);
        // Another process may rename its own write in right after ours; reading our file's
        // identity now could record theirs. Leave it unknown: the next call reloads once.
        this.#fileVersion = undefined;
        return result;
      } catch (err) {
        wipeKeyring(fresh);
        throw err;
      }
    });
  }

  /** One stat per call: reload only when the file was replaced since we last read it. */
  async #refreshIfChanged(): Promise<void> {
    this.#assertOpen();
    const onDisk = await currentVersion(this.#path).catch(asProviderError(`read the keyring ${this.#path}`));
    if (onDisk !== undefined && onDisk === this.#fileVersion) return;
    await serializeOn(this.#path, async () => {
      this.#assertOpen();
      const { keyring, version } = await this.#load();
      this.#swapKeyring(keyring);
      this.#fileVersion = version;
    });
  }

  async #load(): Promise<{ keyring: Keyring; version: FileVersion }> {
    const snapshot = await readSnapshot(this.#path).catch(asProviderError(`read the keyring ${this.#path}`));
    if (!snapshot) throw new SottoError('KEY_PROVIDER_UNAVAILABLE', `the keyring ${this.#path} has disappeared`);
    const { keyring, key } = await openKeyring(snapshot.bytes, (kdf, salt) => this.#sealingKeyFor(kdf, salt));
    if (key !== this.#sealingKey) this.#swapSealingKey(key);
    return { keyring, version: snapshot.version };
  }

  /** Reuse the derived key while the file keeps its salt and parameters: scrypt is slow by design. */
  async #sealingKeyFor(kdf: KeyringKdfParams, salt: Buffer): Promise<KeyringSealingKey> {
    const current = this.#sealingKey;
    const same = current.salt.equals(salt) && current.kdf.log2N === kdf.log2N && current.kdf.r === kdf.r && current.kdf.p === kdf.p;
    return same ? current : deriveSealingKey(this.#secret, kdf, salt);
  }

  #swapSealingKey(next: KeyringSealingKey): void {
    wipeSealingKey(this.#sealingKey);
    this.#sealingKey = next;
  }

  #swapKeyring(next: Keyring): void {
    const previous = this.#keyring;
    this.#keyring = next;
    wipeKeyring(previous);
  }

  #assertOpen(): void {
    if (this.#closed) throw new SottoError('KEY_PROVIDER_UNAVAILABLE', 'the local key provider is closed');
  }
}

function entryOf(keyring: Keyring, keyId: string): KeyringEntry {
  const entry = keyring.get(keyId);
  if (!entry) throw new SottoError('KEY_NOT_FOUND', `no key ${keyId} in the local keyring`);
  return entry;
}

/** File-system failures (EACCES, ENOSPC, EEXIST on a racing create…) become coded errors. */
function asProviderError(what: string): (err: unknown) => never {
  return (err) => {
    if (isSottoError(err)) throw err;
    const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
    throw new SottoError('KEY_PROVIDER_UNAVAILABLE', `cannot ${what}: ${code}`, { cause: err });
  };
}

function newVersion(version: number) {
  return { version, state: 'primary' as const, createdAt: new Date().toISOString(), key: randomBytes(KEK_BYTES) };
}

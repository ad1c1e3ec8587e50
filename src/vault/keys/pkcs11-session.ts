// One logged-in PKCS#11 session per provider, over a module shared across the process.
//
// PKCS#11 state is per process, not per handle: C_Initialize may run once per library, and a
// login applies to every session of the application on that token. So the loaded module and
// the login are reference-counted here: the first open initializes and logs in, the last
// close logs out and finalizes. A second open on an already logged-in token must present the
// same PIN (the token itself would answer CKR_USER_ALREADY_LOGGED_IN without checking it).
import pkcs11js from 'pkcs11js';
import { constantTimeEqual, hmacSha256, randomBytes } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';

export interface Pkcs11SessionOptions {
  modulePath: string;
  /** Token label as set by `softhsm2-util --init-token --label` (trailing blanks ignored). */
  tokenLabel?: string;
  /** Slot id, as an alternative to tokenLabel. */
  slot?: number;
  pin: string;
}

interface LoadedModule {
  p11: pkcs11js.PKCS11;
  users: number;
  /** False when something else in the process had already initialized the library. */
  ownsInitialize: boolean;
  logins: Map<string, { pinTag: Buffer; sessions: number }>;
}

const modules = new Map<string, LoadedModule>();
/** Keys the in-memory PIN tags, so no plain PIN digest sits in the heap. */
const pinTagKey = randomBytes(32);

export class Pkcs11Session {
  readonly p11: pkcs11js.PKCS11;
  readonly handle: Buffer;
  readonly #modulePath: string;
  readonly #slotKey: string;
  #closed = false;

  private constructor(p11: pkcs11js.PKCS11, handle: Buffer, modulePath: string, slotKey: string) {
    this.p11 = p11;
    this.handle = handle;
    this.#modulePath = modulePath;
    this.#slotKey = slotKey;
  }

  static open(options: Pkcs11SessionOptions): Pkcs11Session {
    const modulePath = options.modulePath;
    const loaded = acquireModule(modulePath);
    let handle: Buffer | undefined;
    try {
      const slot = findSlot(loaded.p11, options);
      const slotKey = slot.toString('hex');
      handle = call('C_OpenSession', () => loaded.p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION));
      logIn(loaded, handle, slotKey, options.pin);
      return new Pkcs11Session(loaded.p11, handle, modulePath, slotKey);
    } catch (err) {
      if (handle) ignoreErrors(() => loaded.p11.C_CloseSession(handle as Buffer));
      releaseModule(modulePath);
      throw err;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Best effort: a token that vanished cannot refuse a logout, and the process must go on. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const loaded = modules.get(this.#modulePath);
    const login = loaded?.logins.get(this.#slotKey);
    if (login && --login.sessions === 0) {
      loaded?.logins.delete(this.#slotKey);
      ignoreErrors(() => this.p11.C_Logout(this.handle));
    }
    ignoreErrors(() => this.p11.C_CloseSession(this.handle));
    releaseModule(this.#modulePath);
  }
}

/** Runs a PKCS#11 call; library failures become KEY_PROVIDER_UNAVAILABLE naming the CKR code. */
export function call<T>(fn: string, run: () => T): T {
  try {
    return run();
  } catch (cause) {
    throw new SottoError('KEY_PROVIDER_UNAVAILABLE', `PKCS#11 ${fn} failed: ${ckrName(cause)}`, { cause });
  }
}

/** The CKR_* name of a pkcs11js error (they carry no secrets), or a generic word. */
export function ckrName(err: unknown): string {
  if (err instanceof pkcs11js.Pkcs11Error) return err.message;
  return err instanceof Error ? err.name : 'unknown error';
}

function acquireModule(modulePath: string): LoadedModule {
  const existing = modules.get(modulePath);
  if (existing) {
    existing.users++;
    return existing;
  }
  const p11 = new pkcs11js.PKCS11();
  try {
    p11.load(modulePath);
  } catch (cause) {
    throw new SottoError('KEY_PROVIDER_UNAVAILABLE', `cannot load the PKCS#11 module ${modulePath}`, { cause });
  }
  let ownsInitialize = true;
  try {
    p11.C_Initialize();
  } catch (cause) {
    if (!(cause instanceof pkcs11js.Pkcs11Error && cause.code === pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED)) {
      ignoreErrors(() => p11.close());
      throw new SottoError('KEY_PROVIDER_UNAVAILABLE', `cannot initialise the PKCS#11 module ${modulePath}: ${ckrName(cause)}`, { cause });
    }
    ownsInitialize = false;
  }
  const loaded: LoadedModule = { p11, users: 1, ownsInitialize, logins: new Map() };
  modules.set(modulePath, loaded);
  return loaded;
}

function releaseModule(modulePath: string): void {
  const loaded = modules.get(modulePath);
  if (!loaded || --loaded.users > 0) return;
  modules.delete(modulePath);
  if (loaded.ownsInitialize) ignoreErrors(() => loaded.p11.C_Finalize());
  ignoreErrors(() => loaded.p11.close());
}

function findSlot(p11: pkcs11js.PKCS11, options: Pkcs11SessionOptions): Buffer {
  if ((options.tokenLabel === undefined) === (options.slot === undefined)) {
    throw new SottoError('CONFIG_INVALID', 'PKCS#11 needs exactly one of tokenLabel or slot');
  }
  const slots = call('C_GetSlotList', () => p11.C_GetSlotList(true));
  const matches = slots.filter((slot) =>
    options.slot !== undefined
      ? slotId(slot) === BigInt(options.slot)
      : call('C_GetTokenInfo', () => p11.C_GetTokenInfo(slot)).label.trimEnd() === options.tokenLabel,
  );
  const wanted = options.slot !== undefined ? `slot ${options.slot}` : `token labelled '${options.tokenLabel}'`;
  if (matches.length === 0) throw new SottoError('KEY_PROVIDER_UNAVAILABLE', `no PKCS#11 ${wanted} with a token present`);
  if (matches.length > 1) throw new SottoError('KEY_PROVIDER_UNAVAILABLE', `more than one PKCS#11 ${wanted}; use slot instead`);
  return matches[0] as Buffer;
}

/** Slot handles are CK_ULONG in native byte order (little-endian on the platforms we run on). */
function slotId(handle: Buffer): bigint {
  return handle.length >= 8 ? handle.readBigUInt64LE(0) : BigInt(handle.readUInt32LE(0));
}

function logIn(loaded: LoadedModule, handle: Buffer, slotKey: string, pin: string): void {
  const pinTag = hmacSha256(pinTagKey, Buffer.from(pin, 'utf8'));
  const login = loaded.logins.get(slotKey);
  if (login) {
    if (!constantTimeEqual(login.pinTag, pinTag)) throw new SottoError('KEY_PROVIDER_UNAVAILABLE', 'the token refused the PIN');
    login.sessions++;
    return;
  }
  try {
    loaded.p11.C_Login(handle, pkcs11js.CKU_USER, pin);
  } catch (cause) {
    const code = cause instanceof pkcs11js.Pkcs11Error ? cause.code : undefined;
    const refused = [pkcs11js.CKR_PIN_INCORRECT, pkcs11js.CKR_PIN_LEN_RANGE, pkcs11js.CKR_PIN_LOCKED, pkcs11js.CKR_PIN_EXPIRED];
    const why = code !== undefined && refused.includes(code)
      ? `the token refused the PIN (${ckrName(cause)})`
      : code === pkcs11js.CKR_USER_ALREADY_LOGGED_IN
        ? 'the token is already logged in by another component of this process, so the PIN cannot be checked'
        : `PKCS#11 C_Login failed: ${ckrName(cause)}`;
    throw new SottoError('KEY_PROVIDER_UNAVAILABLE', why, { cause });
  }
  loaded.logins.set(slotKey, { pinTag, sessions: 1 });
}

function ignoreErrors(run: () => void): void {
  try {
    run();
  } catch {
    // see the callers: cleanup after a failure must not hide the failure
  }
}

// A real in-process Sotto for call tests (not a test file): a runtime on a temp data dir with the
// embedded defaults, tenant `acme` with an API token (developer, so it may mint stream tokens),
// `streamToken()` minting a one-time stream token per media stream, and `startSottoServer` on
// 127.0.0.1 port 0. The client trusts `ca` (the self-signed certificate).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type SottoConfig } from '../../src/config/index.js';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../src/access/index.js';
import { issueStreamToken } from '../../src/call/stream-tokens/index.js';
import { createLogger, type Logger } from '../../src/log/index.js';
import { openRuntime, type Runtime } from '../../src/runtime/index.js';
import { startSottoServer, type SottoServer, type SottoServerOptions } from '../../src/server/sotto-server.js';

export interface CallServer {
  dir: string;
  rt: Runtime;
  sotto: SottoServer;
  /** An API token of tenant `acme` (role developer: it holds call.connect). Not a stream token. */
  apiToken: string;
  /** A fresh one-time stream token of tenant `acme` (minted by the local operator, audited). */
  streamToken(options?: { agent?: string; ttlSeconds?: number }): Promise<string>;
  ca: Buffer;
  /** The media URL with the host the certificate names. */
  mediaUrl: string;
  close(): Promise<void>;
}

export async function startCallServer(options: {
  server?: Omit<SottoServerOptions, 'host' | 'port'>;
  configure?: (config: SottoConfig) => void;
  logger?: Logger;
}): Promise<CallServer> {
  const dir = await mkdtemp(join(tmpdir(), 'sotto-call-'));
  const config = loadConfig({ dataDir: dir, env: { SOTTO_MASTER_SECRET: 'call-server-test-master-secret-0123456789' } });
  options.configure?.(config);
  const rt = await openRuntime(config, options.logger ?? createLogger({ level: 'silent' }), { createKeys: true });
  let sotto: SottoServer | undefined;
  const close = async (): Promise<void> => {
    await sotto?.close();
    await rt.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await rt.vault.subjects.ensureTenant('acme');
    const { token: apiToken } = await rt.identity.createApiToken({ tenantId: 'acme', role: 'developer', name: 'carrier' });
    const runtime = rt;
    const streamToken = async (o: { agent?: string; ttlSeconds?: number } = {}): Promise<string> =>
      (await issueStreamToken(runtime, LOCAL_OPERATOR, { tenantId: 'acme', ...o }, CLI_CONTEXT)).token;
    sotto = await startSottoServer(rt, { host: '127.0.0.1', port: 0, ...options.server });
    const ca = await readFile(join(dir, 'tls', 'cert.pem'));
    return { dir, rt, sotto, apiToken, streamToken, ca, mediaUrl: sotto.mediaUrl.replace('127.0.0.1', 'localhost'), close };
  } catch (err) {
    await close();
    throw err;
  }
}

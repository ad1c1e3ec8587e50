// Test fixtures: a real HTTPS client with certificate verification on, and a server started
// on 127.0.0.1 port 0 in a fresh temporary directory.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { createLogger } from '../log/index.js';
import type { Logger } from '../log/index.js';
import { startServer } from './start.js';
import type { RunningServer, ServerOptions } from './start.js';

export interface HttpsAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  peerCertificate: PeerCertificate;
}

export interface HttpsCall {
  /** PEM the client trusts; verification stays on (no rejectUnauthorized: false anywhere). */
  ca: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function httpsRequest(url: string, call: HttpsCall): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: call.method ?? 'GET', ca: call.ca, headers: call.headers, agent: false }, (res) => {
      const peerCertificate = (res.socket as TLSSocket).getPeerCertificate();
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), peerCertificate }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(call.body);
  });
}

export interface LogCapture {
  logger: Logger;
  lines: () => Record<string, unknown>[];
  text: () => string;
}

export function captureLog(): LogCapture {
  const raw: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void raw.push(line) } });
  return {
    logger,
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => raw.join(''),
  };
}

export interface TestServer {
  server: RunningServer;
  /** The certificate the server presents, to use as the client's `ca`. */
  ca: string;
  tlsDir: string;
  log: LogCapture;
  stop(): Promise<void>;
}

export async function temporaryDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sotto-server-'));
}

export async function startTestServer(overrides: Partial<ServerOptions> = {}): Promise<TestServer> {
  const root = await temporaryDir();
  const tlsDir = overrides.tlsDir ?? join(root, 'tls');
  const log = captureLog();
  const server = await startServer({ host: '127.0.0.1', port: 0, tls: {}, tlsDir, logger: log.logger, ...overrides });
  const ca = await readFile(server.tls.certFile, 'utf8');
  return {
    server,
    ca,
    tlsDir,
    log,
    stop: async () => {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

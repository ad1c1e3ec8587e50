import type { AddressInfo } from 'node:net';
import { SottoError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { buildApp } from './app.js';
import type { SottoApp } from './app.js';
import { loadServerCertificate } from './tls-certificate.js';
import type { LoadedCertificate, TlsFileOptions } from './tls-certificate.js';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port; the chosen one is in RunningServer.url. */
  port: number;
  /** Operator-supplied certificate; when both are absent a self-signed one is kept in tlsDir. */
  tls: TlsFileOptions;
  tlsDir: string;
  logger: Logger;
  /** Adds routes and plugins (API, websocket upgrade) before the server listens. */
  routes?: (app: SottoApp) => void | Promise<void>;
}

export interface RunningServer {
  /** https://host:port, with the bracketed form for IPv6 and `localhost` for wildcard binds. */
  url: string;
  tls: Pick<LoadedCertificate, 'certFile' | 'origin' | 'fingerprint256' | 'validTo'>;
  close(): Promise<void>;
}

function urlOf(address: AddressInfo): string {
  // A wildcard bind has no name to put in a URL; localhost is what the self-signed cert covers.
  if (address.address === '0.0.0.0' || address.address === '::') return `https://localhost:${address.port}`;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `https://${host}:${address.port}`;
}

/** Loads (or creates) the certificate and starts the HTTPS server. There is no plain-HTTP listener. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const certificate = await loadServerCertificate({ tls: options.tls, tlsDir: options.tlsDir });
  if (certificate.origin !== 'configured') {
    options.logger.warn(
      { certFile: certificate.certFile, fingerprint256: certificate.fingerprint256 },
      `TLS: serving a self-signed certificate for localhost from ${certificate.certFile}; clients must trust it explicitly`,
    );
  }
  const app = buildApp({ certificate, logger: options.logger });
  try {
    await options.routes?.(app);
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    await app.close();
    if (isListenError(err)) {
      throw new SottoError('SERVER_LISTEN_FAILED', `cannot listen on ${options.host}:${options.port}`, { cause: err });
    }
    throw err;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    await app.close();
    throw new SottoError('INTERNAL', 'the HTTPS server has no network address');
  }
  return {
    url: urlOf(address),
    tls: {
      certFile: certificate.certFile,
      origin: certificate.origin,
      fingerprint256: certificate.fingerprint256,
      validTo: certificate.validTo,
    },
    close: () => app.close(),
  };
}

function isListenError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND';
}

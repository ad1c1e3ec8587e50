// Messages between bench/calls.ts (the server process) and bench/calls/driver.ts (the load
// generator, a child process so the server's event loop is measured alone).

export interface DriverSetup {
  type: 'setup';
  /** The caller timeline, mu-law 8 kHz, base64. */
  timeline: string;
  ca: string;
}

export interface DriverRun {
  type: 'run';
  id: number;
  url: string;
  calls: number;
  /** One one-time stream token per call (`sotto_m_…`), minted by the server process before the run. */
  tokens: string[];
  /** Calls start evenly spread over this window. */
  rampMs: number;
  /** 1 = real time; the warm-up call runs faster. */
  speed: number;
  /**
   * 'call': play the timeline, then silence, until the agent's final mark (echoed, and the
   * caller stops sending) or `tailMs` more; 'fixed': stream the timeline for `fixedMs`, then stop.
   */
  mode: 'call' | 'fixed';
  fixedMs: number;
  tailMs: number;
}

export type ToDriver = DriverSetup | DriverRun | { type: 'exit' };

export interface DriverReport {
  calls: number;
  connected: number;
  connectFailures: string[];
  /** Calls the server ended after the agent's final mark (the agent hung up). */
  endedByAgent: number;
  /** Calls the server closed before the caller was done. */
  closedEarly: number;
  framesSent: number;
  /** Send time minus scheduled time, ms. */
  slipP50Ms: number;
  slipP99Ms: number;
  slipMaxMs: number;
  /** The driver's own CPU time over the run (user + system), ms, and the run's wall time. */
  cpuMs: number;
  wallMs: number;
}

export type FromDriver = { type: 'ready' } | { type: 'done'; id: number; report: DriverReport };

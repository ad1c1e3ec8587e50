// npm run bench -- console/webrtc-setup  [--calls 5]
//
// webrtc_setup_ms (issue 7, goal ≤ 1,500): the time a browser waits from creating its offer to
// the first packet of the agent's voice, on loopback. Imported by bench/console.ts; runnable alone.
//
// Method.
// - A real `sotto serve` in process (startSottoServer on 127.0.0.1 port 0, embedded defaults:
//   PocketSphinx and Flite, the card-payment agent, its recording notice), a developer API token.
// - Warm, as a server that has been up a moment: the measurement starts after the server logs
//   its WebRTC warm-up (werift's DTLS certificate made, the handshake paths compiled).
// - The browser is a werift peer on 127.0.0.1 (src/transport/webrtc/loopback-caller.ts): full
//   ICE, non-trickle like the console page. Each call: create the peer and its offer (clock
//   starts), POST /v1/calls/webrtc over HTTPS, apply the answer, ICE + DTLS-SRTP, and stop the
//   clock at the first RTP packet from the agent (its greeting, synthesized by Flite).
//   Then DELETE hangs up, and the next call starts once the call is archived.
// - Reports the median (and each sample). Both ends share this process and its 2 shared
//   cores, so a browser on its own machine does better; the research's Chromium figures were
//   0.35–0.67 s warm.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';
import { openRuntime } from '../../src/runtime/index.js';
import { startSottoServer, type SottoServer } from '../../src/server/sotto-server.js';
import { openLoopbackCaller } from '../../src/transport/webrtc/index.js';

const TENANT = 'bench';
/** 20 ms of mu-law silence (0xff is mu-law's zero). */
const SILENT_FRAME = Buffer.alloc(160, 0xff);

function https(url: string, ca: string, method: string, token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) };
    const req = request(url, { method, ca, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

interface Sample {
  /** Offer → first agent RTP: the figure. */
  totalMs: number;
  /** Offer → the POST's answer (offer made, signalling, werift's answer, call record created). */
  answeredMs: number;
  /** Offer → ICE and DTLS done at the browser's end. */
  connectedMs: number;
}

/** One call, timed from just before the offer is made. */
async function oneCall(sotto: SottoServer, base: string, ca: string, token: string): Promise<Sample> {
  const started = performance.now();
  const caller = await openLoopbackCaller({ address: '127.0.0.1' });
  const onClose: (() => void)[] = [];
  try {
    const firstAudio = new Promise<number>((resolve) => caller.onRtp(() => resolve(performance.now())));
    const answer = await https(`${base}/v1/calls/webrtc`, ca, 'POST', token, { sdp: caller.offerSdp });
    if (answer.status !== 201) throw new Error(`POST /v1/calls/webrtc answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    const answeredMs = performance.now() - started;
    await caller.accept(answer.json.sdp as string);
    const connectedMs = performance.now() - started;
    // A microphone that never stops, as a browser's: without audio the server's no-audio timeout
    // would end a call whose greeting is slow to come on a busy machine.
    const mic = setInterval(() => {
      if (caller.queuedFrames < 5) caller.send(Array.from({ length: 5 }, () => SILENT_FRAME));
    }, 40);
    onClose.push(() => clearInterval(mic));
    const at = await Promise.race([firstAudio, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no agent audio within 15 s')), 15_000).unref())]);
    await https(`${base}/v1/calls/webrtc/${answer.json.callId as string}`, ca, 'DELETE', token);
    return { totalMs: at - started, answeredMs, connectedMs };
  } finally {
    for (const close of onClose) close();
    await caller.close();
    await sotto.pipeline.service.drain();
  }
}

const median = (values: number[]): number => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN);

/** The median webrtc_setup_ms over `calls` warm calls, with each sample and the medians of its parts. */
export async function measureWebrtcSetup(options: { calls?: number } = {}): Promise<{ medianMs: number; samplesMs: number[]; answeredMs: number; connectedMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'sotto-bench-webrtc-'));
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } as never });
  const config = loadConfig({ dataDir: dir, env: { SOTTO_MASTER_SECRET: 'bench-webrtc-setup-master-secret-0123456789' } });
  const rt = await openRuntime(config, logger, { createKeys: true });
  let sotto: SottoServer | undefined;
  try {
    await rt.vault.subjects.ensureTenant(TENANT);
    const { token } = await rt.identity.createApiToken({ tenantId: TENANT, role: 'developer', name: 'webrtc bench' });
    sotto = await startSottoServer(rt, { host: '127.0.0.1', port: 0, warmWebrtc: true });
    const deadline = Date.now() + 60_000;
    while (!lines.some((l) => l.includes('WebRTC warm'))) {
      if (Date.now() > deadline) throw new Error('the server did not warm WebRTC up within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ca = await readFile(join(dir, 'tls', 'cert.pem'), 'utf8');
    const base = sotto.server.url.replace('127.0.0.1', 'localhost');
    const samples: Sample[] = [];
    for (let i = 0; i < (options.calls ?? 5); i++) samples.push(await oneCall(sotto, base, ca, token));
    return {
      medianMs: median(samples.map((s) => s.totalMs)),
      samplesMs: samples.map((s) => Math.round(s.totalMs)),
      answeredMs: median(samples.map((s) => s.answeredMs)),
      connectedMs: median(samples.map((s) => s.connectedMs)),
    };
  } finally {
    await sotto?.close();
    await rt.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** bench/console.ts's figure: the median of a few warm calls. */
export async function measureWebrtcSetupMs(): Promise<number> {
  return (await measureWebrtcSetup()).medianMs;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--calls');
  const calls = at > 0 ? Number(process.argv[at + 1]) : 5;
  if (!Number.isInteger(calls) || calls < 1) {
    console.error('usage: npm run bench -- console/webrtc-setup [--calls N]');
    process.exit(2);
  }
  const r = await measureWebrtcSetup({ calls });
  console.log(`webrtc setup (offer → first agent RTP, loopback, warm): ${r.samplesMs.join(', ')} ms`);
  console.log(`medians: answer received ${r.answeredMs} ms, ICE + DTLS done ${r.connectedMs} ms, first agent audio ${r.medianMs} ms`);
  console.log(JSON.stringify({ webrtc_setup_ms: r.medianMs, samples_ms: r.samplesMs, answered_ms: r.answeredMs, connected_ms: r.connectedMs, goal_ms: 1500 }));
}

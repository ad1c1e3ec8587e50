// The load generator for bench/calls.ts, in a child process of its own: many carrier-side
// media streams (Sotto's own client, real TLS WebSockets), each sending one 20 ms mu-law frame
// per 20 ms of wall time. One pacer serves every call: each tick sends every frame that is due,
// so all calls are interleaved the way independent carrier streams would be. It echoes marks
// as a carrier does; the agent's final mark ends the caller's sending (the caller "heard the
// goodbye"), so every frame sent precedes the server's hang-up and should be processed.
import { connectMediaStream, type MediaStreamClient } from '../../src/transport/index.js';
import type { DriverReport, DriverRun, DriverSetup, FromDriver, ToDriver } from './protocol.js';
import { Samples, spread } from './stats.js';

const FRAME_BYTES = 160;
const FRAME_MS = 20;
const TICK_MS = 4;
/** The agent's last reply carries this mark (src/call/session/call-session.ts: reply.end). */
const END_MARK = 'end';
const CLOSE_WAIT_MS = 15_000;

interface LiveCall {
  client: MediaStreamClient;
  t0: number;
  frame: number;
  stopAtFrame: number;
  sending: boolean;
  endedByAgent: boolean;
  closedEarly: boolean;
  closed: Promise<void>;
}

let setup: DriverSetup | undefined;

function send(message: FromDriver): void {
  process.send?.(message);
}

async function run(r: DriverRun): Promise<DriverReport> {
  if (!setup) throw new Error('the driver was not set up');
  const { ca } = setup;
  const timeline = Buffer.from(setup.timeline, 'base64');
  const timelineFrames = timeline.length / FRAME_BYTES;
  const silence = timeline.subarray(timeline.length - FRAME_BYTES);
  const frameMs = FRAME_MS / r.speed;
  const stopAtFrame = r.mode === 'fixed' ? Math.ceil(r.fixedMs / FRAME_MS) : timelineFrames + Math.ceil(r.tailMs / FRAME_MS);
  const live = new Set<LiveCall>();
  const finished: Promise<void>[] = [];
  const slip = new Samples();
  const connectFailures: string[] = [];
  let framesSent = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();

  const tick = (): void => {
    const now = performance.now();
    for (const call of live) {
      while (call.sending && call.t0 + call.frame * frameMs <= now) {
        if (call.frame >= call.stopAtFrame) {
          stopSending(call, false);
          break;
        }
        const k = call.frame;
        const payload = k < timelineFrames ? timeline.subarray(k * FRAME_BYTES, (k + 1) * FRAME_BYTES) : silence;
        call.client.sendMedia(payload, k * FRAME_MS);
        slip.push(now - (call.t0 + k * frameMs));
        framesSent++;
        call.frame++;
      }
    }
  };

  const stopSending = (call: LiveCall, byAgent: boolean): void => {
    if (!call.sending) return;
    call.sending = false;
    live.delete(call);
    if (byAgent) {
      call.endedByAgent = true;
      return; // the server hangs up after the echoed mark
    }
    call.client.stop();
  };

  const start = async (index: number): Promise<void> => {
    let client: MediaStreamClient;
    try {
      const token = r.tokens[index];
      if (token === undefined) throw new Error(`no stream token for call ${index}`);
      client = await connectMediaStream({ url: r.url, token, ca });
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      connectFailures.push(`${err instanceof Error ? err.message : String(err)}${cause}`);
      return;
    }
    const call: LiveCall = {
      client,
      t0: 0,
      frame: 0,
      stopAtFrame,
      sending: true,
      endedByAgent: false,
      closedEarly: false,
      closed: new Promise((resolve) => client.on('close', () => resolve())),
    };
    client.on('mark', (name) => {
      client.sendMark(name);
      if (name === END_MARK) stopSending(call, true);
    });
    client.on('close', () => {
      if (call.sending) call.closedEarly = true;
      call.sending = false;
      live.delete(call);
    });
    client.start({ customParameters: { agent: 'card-payment', from: `+1555${String(r.id).padStart(3, '0')}${String(index).padStart(4, '0')}` } });
    call.t0 = performance.now();
    live.add(call);
    tick();
    // Wait for the server to close (after the agent's goodbye, or our stop), within reason.
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, (stopAtFrame * frameMs) + CLOSE_WAIT_MS).unref());
    await Promise.race([call.closed, timeout]);
    if (call.sending) stopSending(call, false);
    await Promise.race([client.close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    calls.push(call);
  };

  const calls: LiveCall[] = [];
  const pacer = setInterval(tick, TICK_MS);
  for (let i = 0; i < r.calls; i++) {
    const delayMs = (i * r.rampMs) / r.calls;
    finished.push(new Promise<void>((resolve) => setTimeout(() => void start(i).finally(resolve), delayMs)));
  }
  await Promise.all(finished);
  clearInterval(pacer);
  const cpu = process.cpuUsage(cpu0);
  const s = spread(slip.sorted());
  return {
    calls: r.calls,
    connected: calls.length,
    connectFailures: [...new Set(connectFailures)],
    endedByAgent: calls.filter((c) => c.endedByAgent).length,
    closedEarly: calls.filter((c) => c.closedEarly).length,
    framesSent,
    slipP50Ms: s.p50,
    slipP99Ms: s.p99,
    slipMaxMs: s.max,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - wall0,
  };
}

process.on('message', (raw) => {
  const message = raw as ToDriver;
  if (message.type === 'setup') {
    setup = message;
    send({ type: 'ready' });
  } else if (message.type === 'run') {
    run(message).then(
      (report) => send({ type: 'done', id: message.id, report }),
      (err: unknown) => {
        console.error('driver failed:', err);
        process.exit(1);
      },
    );
  } else {
    process.exit(0);
  }
});

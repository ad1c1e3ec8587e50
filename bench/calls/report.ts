// The human-readable table bench/calls.ts prints, one row per level and path, as it goes.
import type { LevelFigures } from './level-probe.js';
import type { PocketsphinxFigures, RecognitionFigures } from './pocketsphinx-rtf.js';
import type { DriverReport } from './protocol.js';
import type { StageCosts } from './stage-costs.js';
import { round, type Spread } from './stats.js';

export interface LevelResult {
  calls: number;
  path: 'pipeline' | 'bare';
  driver: DriverReport;
  figures: LevelFigures;
  /** Sent mid-call and never processed (negative would mean a counting error). */
  lostFrames: number;
  droppedFrames: number;
  completed: number;
  charged: number;
  ttsMisses: number;
  archive: Spread;
  rssPerCallKb: number;
  load1: number;
  passed: boolean;
}

const COLUMNS: [string, number][] = [
  ['calls', 5], ['path', 8], ['ok', 4], ['frames', 7], ['drop', 5], ['setup', 5],
  ['frame p50/p99/max ms', 21], ['late p99/max ms', 15], ['loop p99/max ms', 15],
  ['srv cpu', 7], ['us/frame', 8], ['drv cpu', 7], ['slip p99', 8], ['rss/call', 8], ['archive p50/p99', 15], ['load1', 5],
];

let headerPrinted = false;
const f = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '-');

export function printLevel(r: LevelResult): void {
  if (!headerPrinted) {
    headerPrinted = true;
    console.log(COLUMNS.map(([name, width]) => name.padStart(width)).join(' '));
    console.log('(ok: calls completed and archived; drop: frames lost mid-call or late; setup: frames sent before the session listened;');
    console.log(' cpu: % of one core over the level; us/frame: server CPU per inbound frame; slip: driver send lateness; rss/call: KiB)');
  }
  const g = r.figures;
  const cells = [
    String(r.calls),
    r.path,
    r.path === 'pipeline' ? `${r.completed}` : `${r.driver.connected}`,
    String(g.frames),
    String(r.droppedFrames),
    String(g.setupLostFrames),
    r.path === 'bare' ? '-' : `${f(g.processing.p50, 3)}/${f(g.processing.p99, 3)}/${f(g.processing.max, 1)}`,
    `${f(g.lateness.p99, 1)}/${f(g.lateness.max, 1)}`,
    `${f(g.eventLoopDelay.p99, 1)}/${f(g.eventLoopDelay.max, 1)}`,
    `${f((100 * g.cpuMs) / g.wallMs, 0)}%`,
    f((g.cpuMs * 1000) / Math.max(1, g.frames), 1),
    `${f((100 * r.driver.cpuMs) / r.driver.wallMs, 0)}%`,
    f(r.driver.slipP99Ms, 1),
    f(r.rssPerCallKb, 0),
    r.path === 'pipeline' ? `${f(r.archive.p50, 0)}/${f(r.archive.p99, 0)}` : '-',
    f(r.load1, 2),
  ];
  console.log(cells.map((c, i) => c.padStart(COLUMNS[i]?.[1] ?? 0)).join(' ') + (r.passed ? '' : '  ✗'));
  if (r.driver.connectFailures.length) console.log(`  connect failures: ${r.driver.connectFailures.join('; ')}`);
  const st = g.stalls;
  const late = Object.entries(g.lateBySecond).map(([s, n]) => `${s}s:${n}`).join(' ');
  if (late) console.log(`  late frames by second of the level: ${late}`);
  if (r.path === 'pipeline') console.log(`  lateness p99 ms by 4 s window: ${Object.entries(g.latenessP99ByWindow).map(([w, ms]) => `${w}s:${ms}`).join(' ')}`);
  if (st.own || st.descheduled) {
    console.log(`  loop stalls > 50 ms: ${st.own} own work (max ${f(st.ownMaxMs, 0)} ms), ${st.descheduled} descheduled by the OS (max ${f(st.descheduledMaxMs, 0)} ms); gc ${f(g.gc.totalMs, 0)} ms in all (major ${f(g.gc.majorMs, 0)}), longest pause ${f(g.gc.maxMs, 1)} ms (major ${f(g.gc.majorMaxMs, 1)})`);
  }
  if (r.path === 'pipeline' && (r.driver.closedEarly || r.ttsMisses || r.charged !== r.calls || r.lostFrames)) {
    console.log(`  closed early ${r.driver.closedEarly}, agent hung up ${r.driver.endedByAgent}/${r.calls}, charged ${r.charged}, tts misses ${r.ttsMisses}, lost mid-call ${r.lostFrames}`);
  }
}

export function printStageCosts(s: StageCosts): void {
  console.log('stages of a frame, each alone in the idle server process (median of 5 runs):');
  console.log(`  inbound media message: parse + validate + base64  ${s.parseMediaUs.toFixed(1)} us`);
  console.log(`  mu-law decode (160 bytes)                         ${s.mulawDecodeUs.toFixed(2)} us`);
  console.log(`  CallerAudio.push, recognizer at 16 kHz            ${s.callerPush16kUs.toFixed(1)} us  (at 8 kHz, no resampling: ${s.callerPush8kUs.toFixed(1)} us)`);
  console.log(`  agent's longest line (${(s.agentLineAudioMs / 1000).toFixed(1)} s): 16 -> 8 kHz in one piece ${s.agentLineMs.toFixed(1)} ms (in the Flite process, off the server's event loop), mu-law + media messages ${s.agentLineEncodeMs.toFixed(1)} ms (on the event loop)`);
}

export function printPocketsphinx(ps: PocketsphinxFigures): void {
  if (ps.error || !ps.phone || !ps.clean) {
    console.log(`PocketSphinx: not measured (${ps.error ?? 'no figures'})`);
    return;
  }
  const line = (name: string, r: RecognitionFigures): string =>
    `  ${name}: ${(r.audioMs / 1000).toFixed(1)} s decoded in ${(r.elapsedMs / 1000).toFixed(2)} s, real-time factor ${r.realTimeFactor.toFixed(3)}, word accuracy ${r.wordAccuracy.toFixed(3)}`;
  console.log('PocketSphinx alone (Flite lines, as fast as it decodes):');
  console.log(line('phone path (16 -> 8 kHz mu-law -> 16 kHz)', ps.phone));
  console.log(line('clean 16 kHz', ps.clean));
}

/** One level's figures for the JSON line. */
export function levelSummary(r: LevelResult): Record<string, unknown> {
  return {
    calls: r.calls,
    passed: r.passed,
    frames: r.figures.frames,
    dropped_frames: r.droppedFrames,
    lost_frames: r.lostFrames,
    late_frames: r.figures.lateFrames,
    setup_lost_frames: r.figures.setupLostFrames,
    frame_p50_ms: r.path === 'bare' ? null : round(r.figures.processing.p50, 4),
    frame_p99_ms: r.path === 'bare' ? null : round(r.figures.processing.p99, 4),
    frame_max_ms: r.path === 'bare' ? null : round(r.figures.processing.max),
    late_p99_ms: round(r.figures.lateness.p99),
    late_max_ms: round(r.figures.lateness.max),
    event_loop_p99_ms: round(r.figures.eventLoopDelay.p99),
    event_loop_max_ms: round(r.figures.eventLoopDelay.max),
    stalls_own: r.figures.stalls.own,
    stalls_own_max_ms: round(r.figures.stalls.ownMaxMs),
    stalls_descheduled: r.figures.stalls.descheduled,
    stalls_descheduled_max_ms: round(r.figures.stalls.descheduledMaxMs),
    gc_total_ms: round(r.figures.gc.totalMs),
    gc_max_ms: round(r.figures.gc.maxMs, 1),
    gc_major_ms: round(r.figures.gc.majorMs),
    gc_major_max_ms: round(r.figures.gc.majorMaxMs, 1),
    server_cpu_us_per_frame: round((r.figures.cpuMs * 1000) / Math.max(1, r.figures.frames), 1),
    server_cpu_pct: round((100 * r.figures.cpuMs) / r.figures.wallMs, 1),
    driver_cpu_pct: round((100 * r.driver.cpuMs) / r.driver.wallMs, 1),
    driver_slip_p99_ms: round(r.driver.slipP99Ms),
    completed_calls: r.completed,
    charged: r.charged,
    archive_p50_ms: round(r.archive.p50, 1),
    archive_p99_ms: round(r.archive.p99, 1),
    rss_per_call_kb: Number.isFinite(r.rssPerCallKb) ? Math.round(r.rssPerCallKb) : null,
    tts_misses: r.ttsMisses,
    load1: round(r.load1, 2),
  };
}

import type { LiveEvent } from './session/call-session.js';

interface ActiveCall {
  tenantId: string;
  /** The carrier's id for the call (Twilio's callSid), which the caller's side knows. */
  carrierCallId: string | undefined;
  listeners: Set<(event: LiveEvent) => void>;
}

/**
 * The redacted live transcript of the calls this process is running, for those allowed to
 * follow one (GET /v1/calls/:id/live). Only calls in progress are held, in memory; events
 * carry redacted text only (the session redacts before it publishes), and a call's entry is
 * dropped when it ends.
 */
export class LiveFeed {
  private readonly calls = new Map<string, ActiveCall>();
  private readonly byCarrierId = new Map<string, string>();
  private readonly everything = new Set<(callId: string, event: LiveEvent) => void>();
  /** watchAll listeners that want the caller's partial hypotheses. */
  private partialWatchers = 0;

  /** A call started: followable from now until its 'ended' event. */
  open(call: { callId: string; tenantId: string; carrierCallId: string | undefined }): void {
    this.calls.set(call.callId, { tenantId: call.tenantId, carrierCallId: call.carrierCallId, listeners: new Set() });
    // A carrier id seen twice (a replayed start) points at the newest call only.
    if (call.carrierCallId !== undefined) this.byCarrierId.set(call.carrierCallId, call.callId);
  }

  publish(callId: string, event: LiveEvent): void {
    const call = this.calls.get(callId);
    if (call === undefined) return;
    for (const listener of this.everything) listener(callId, event);
    for (const listener of call.listeners) listener(event);
    if (event.type === 'ended') {
      this.calls.delete(callId);
      if (call.carrierCallId !== undefined && this.byCarrierId.get(call.carrierCallId) === callId) this.byCarrierId.delete(call.carrierCallId);
    }
  }

  /** The call id of a call in progress, by its own id or the carrier's. */
  find(ref: { callId: string } | { carrierCallId: string }): { callId: string; tenantId: string } | undefined {
    const callId = 'callId' in ref ? ref.callId : this.byCarrierId.get(ref.carrierCallId);
    const call = callId === undefined ? undefined : this.calls.get(callId);
    return call && callId !== undefined ? { callId, tenantId: call.tenantId } : undefined;
  }

  /** Follow a call in progress; undefined when it is not (or no longer) running here. */
  subscribe(callId: string, listener: (event: LiveEvent) => void): (() => void) | undefined {
    const call = this.calls.get(callId);
    if (call === undefined) return undefined;
    call.listeners.add(listener);
    return () => call.listeners.delete(listener);
  }

  /**
   * Every call's events, in-process only (the demo's console, the calls bench). With
   * `partials: false` the watcher gets no partial hypotheses of the caller and does not count as
   * following the calls (isFollowed), so the sessions need not detect values in them.
   */
  watchAll(listener: (callId: string, event: LiveEvent) => void, options: { partials?: boolean } = {}): () => void {
    const partials = options.partials !== false;
    const wrapped = (callId: string, event: LiveEvent): void => {
      if (partials || event.type !== 'caller' || event.final) listener(callId, event);
    };
    this.everything.add(wrapped);
    if (partials) this.partialWatchers++;
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      this.everything.delete(wrapped);
      if (partials) this.partialWatchers--;
    };
  }

  /**
   * Someone follows this call's live transcript as it is spoken. The session detects sensitive
   * values in partial hypotheses only for them: finals are always detected, partials are not
   * kept, and most calls are never watched live.
   */
  isFollowed(callId: string): boolean {
    return this.partialWatchers > 0 || (this.calls.get(callId)?.listeners.size ?? 0) > 0;
  }

  get activeCalls(): number {
    return this.calls.size;
  }
}

// The redacted live transcript of the call being placed (GET /v1/calls/:id/live, server-sent
// events; the session cookie authorizes it). Events carry redacted text only: values were
// replaced by `[TYPE]` placeholders on the server before they were published.

export interface LiveLine {
  key: number;
  speaker: 'caller' | 'agent' | 'keypad';
  text: string;
  /** A caller line is replaced while the recognizer revises it, until it is final. */
  final: boolean;
}

export interface LiveEnd {
  status: 'completed' | 'failed';
  reason: string | null;
}

export interface LiveHandlers {
  onLine(line: Omit<LiveLine, 'key'>): void;
  onEnded(end: LiveEnd): void;
  /** The stream was refused or lost for good (EventSource gives no status code to say which). */
  onUnavailable(): void;
}

/** Parses an event's data defensively: a line that is not what the server sends is skipped. */
function parse(data: unknown): Record<string, unknown> | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Follows the call until it ends; returns a function that stops following. */
export function followLive(callId: string, handlers: LiveHandlers): () => void {
  const source = new EventSource(`/v1/calls/${encodeURIComponent(callId)}/live`);
  let over = false;
  const stop = (): void => {
    over = true;
    source.close();
  };
  source.addEventListener('caller', (event) => {
    const data = parse(event.data);
    if (data) handlers.onLine({ speaker: 'caller', text: text(data['text']), final: data['final'] === true });
  });
  source.addEventListener('agent', (event) => {
    const data = parse(event.data);
    if (data) handlers.onLine({ speaker: 'agent', text: text(data['text']), final: true });
  });
  source.addEventListener('keypad', (event) => {
    const data = parse(event.data);
    // A keypad press is shown as the type it was taken for, never the digit.
    const type = typeof data?.['entityType'] === 'string' ? `[${data['entityType']}]` : 'a key';
    if (data) handlers.onLine({ speaker: 'keypad', text: `pressed ${type}`, final: true });
  });
  source.addEventListener('ended', (event) => {
    const data = parse(event.data);
    stop();
    handlers.onEnded({ status: data?.['status'] === 'failed' ? 'failed' : 'completed', reason: typeof data?.['reason'] === 'string' ? data['reason'] : null });
  });
  source.addEventListener('error', () => {
    // CONNECTING means the browser retries by itself; CLOSED means it has given up (e.g. 403).
    if (!over && source.readyState === EventSource.CLOSED) {
      stop();
      handlers.onUnavailable();
    }
  });
  return stop;
}

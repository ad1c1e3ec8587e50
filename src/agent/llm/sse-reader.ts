import { SottoError } from '../../errors/index.js';

/** One server-sent event: its `event:` name (default "message") and its joined `data:` lines. */
export interface SseEvent {
  event: string;
  data: string;
}

export interface SseReader {
  /** Bytes as they arrive, split anywhere (inside a line, inside a UTF-8 sequence); returns the events completed. */
  push(chunk: Uint8Array): SseEvent[];
  /** At end of stream: an event without its blank line is discarded, as the standard says. */
  end(): SseEvent[];
}

export interface SseReaderOptions {
  /** The model endpoint is outside our trust boundary: bound what it can make us buffer. */
  maxLineBytes?: number;
  maxTotalBytes?: number;
}

const invalid = (why: string, cause?: unknown): SottoError => new SottoError('LLM_RESPONSE_INVALID', `the model's event stream ${why}`, cause === undefined ? undefined : { cause });

/**
 * A small reader for text/event-stream (WHATWG HTML §9.2.6 "Interpreting an event stream"):
 * lines end in CRLF, LF or CR; a blank line dispatches the event; `:` starts a comment; a
 * field's value loses one leading space; `data` lines join with LF. Invalid UTF-8 is refused
 * rather than replaced, since the text becomes what the agent says.
 */
export function createSseReader(options: SseReaderOptions = {}): SseReader {
  const maxLine = options.maxLineBytes ?? 1024 * 1024;
  const maxTotal = options.maxTotalBytes ?? 8 * 1024 * 1024;
  // TextDecoder drops the one leading BOM the standard allows.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let total = 0;
  let pending = '';
  let data: string[] = [];
  let event = '';

  const line = (text: string, out: SseEvent[]): void => {
    if (text === '') {
      if (data.length > 0) out.push({ event: event || 'message', data: data.join('\n') });
      data = [];
      event = '';
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    // id and retry are for reconnecting EventSource clients; one completion is never resumed.
  };

  const drain = (final: boolean): SseEvent[] => {
    const out: SseEvent[] = [];
    let at = 0;
    for (;;) {
      const match = /\r\n|\r|\n/g;
      match.lastIndex = at;
      const found = match.exec(pending);
      if (found === null) break;
      // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
      if (found[0] === '\r' && found.index === pending.length - 1 && !final) break;
      line(pending.slice(at, found.index), out);
      at = found.index + found[0].length;
    }
    pending = pending.slice(at);
    if (pending.length > maxLine) throw invalid(`has a line longer than ${maxLine} bytes`);
    return out;
  };

  return {
    push(chunk) {
      total += chunk.byteLength;
      if (total > maxTotal) throw invalid(`is longer than ${maxTotal} bytes`);
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch (cause) {
        throw invalid('is not valid UTF-8', cause);
      }
      pending += text;
      return drain(false);
    },
    end() {
      try {
        pending += decoder.decode();
      } catch (cause) {
        throw invalid('ends inside a UTF-8 sequence', cause);
      }
      const out = drain(true);
      pending = '';
      return out;
    },
  };
}

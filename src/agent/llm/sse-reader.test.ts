import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../../errors/index.js';
import { createSseReader, type SseEvent } from './sse-reader.js';

function readAll(pieces: readonly Uint8Array[]): SseEvent[] {
  const reader = createSseReader();
  return [...pieces.flatMap((p) => reader.push(p)), ...reader.end()];
}

const STREAM = ': keep-alive\n\ndata: {"a":"héllo 👋"}\n\nevent: error\ndata: line one\ndata:line two\n\ndata: [DONE]\n\n';
const EXPECTED: SseEvent[] = [
  { event: 'message', data: '{"a":"héllo 👋"}' },
  { event: 'error', data: 'line one\nline two' },
  { event: 'message', data: '[DONE]' },
];

describe('the event-stream reader', () => {
  it('reads events, comments and multi-line data per the standard', () => {
    assert.deepEqual(readAll([Buffer.from(STREAM)]), EXPECTED);
  });

  it('gives the same events for every split point, inside lines and inside UTF-8 sequences', () => {
    const bytes = Buffer.from(STREAM);
    for (let at = 0; at <= bytes.length; at += 1) {
      assert.deepEqual(readAll([bytes.subarray(0, at), bytes.subarray(at)]), EXPECTED, `split at byte ${at}`);
    }
  });

  it('gives the same events when fed one byte at a time', () => {
    const bytes = Buffer.from(STREAM);
    assert.deepEqual(readAll([...bytes].map((b) => Uint8Array.of(b))), EXPECTED);
  });

  it('accepts CRLF and CR line endings, also when a CRLF is split across reads', () => {
    const crlf = Buffer.from('data: x\r\n\r\ndata: y\r\r');
    for (let at = 0; at <= crlf.length; at += 1) {
      assert.deepEqual(readAll([crlf.subarray(0, at), crlf.subarray(at)]), [{ event: 'message', data: 'x' }, { event: 'message', data: 'y' }], `split at ${at}`);
    }
  });

  it('drops a leading BOM and an unfinished last event', () => {
    assert.deepEqual(readAll([Buffer.from('\uFEFFdata: a\n\ndata: unfinished')]), [{ event: 'message', data: 'a' }]);
  });

  describe('when the stream is hostile or broken', () => {
    it('refuses invalid UTF-8 with LLM_RESPONSE_INVALID', () => {
      assert.throws(() => readAll([Buffer.from([0x64, 0x61, 0xff, 0x0a])]), (err) => isSottoError(err, 'LLM_RESPONSE_INVALID'));
    });

    it('refuses a stream that ends inside a UTF-8 sequence', () => {
      const bytes = Buffer.from('data: 👋');
      assert.throws(() => readAll([bytes.subarray(0, bytes.length - 1)]), (err) => isSottoError(err, 'LLM_RESPONSE_INVALID'));
    });

    it('bounds the length of a line and of the stream', () => {
      const reader = createSseReader({ maxLineBytes: 16, maxTotalBytes: 64 });
      assert.throws(() => reader.push(Buffer.from(`data: ${'x'.repeat(20)}`)), (err) => isSottoError(err, 'LLM_RESPONSE_INVALID'));
      const bounded = createSseReader({ maxTotalBytes: 64 });
      assert.throws(() => bounded.push(Buffer.alloc(65, 0x0a)), (err) => isSottoError(err, 'LLM_RESPONSE_INVALID'));
    });
  });
});

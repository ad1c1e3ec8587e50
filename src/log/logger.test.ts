import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSottoError } from '../errors/index.js';
import { createLogger, resolveLogLevel } from './logger.js';
import { REDACT_CENSOR, REDACT_MAX_DEPTH, SENSITIVE_KEYS } from './redaction.js';

function capture(): { write(line: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
}

// Nests `leaf` under `depth` levels of plain objects: { l1: { l2: leaf } }.
function nestedUnder(depth: number, leaf: Record<string, unknown>): Record<string, unknown> {
  let value = leaf;
  for (let level = depth; level >= 1; level -= 1) value = { [`l${level}`]: value };
  return value;
}

describe('createLogger', () => {
  describe('when an object with sensitive fields is logged', () => {
    it('prints none of their values, at the top level or nested', () => {
      const out = capture();
      const logger = createLogger({ level: 'info', destination: out });
      const secrets: string[] = [];
      for (let depth = 0; depth <= REDACT_MAX_DEPTH; depth += 1) {
        const leaf: Record<string, unknown> = { callId: `call-${depth}` };
        for (const key of SENSITIVE_KEYS) {
          const value = `sensitive-${key}-at-${depth}`;
          secrets.push(value);
          leaf[key] = value;
        }
        logger.info(nestedUnder(depth, leaf), 'fields');
      }
      const printed = out.lines.join('');
      for (const value of secrets) assert.ok(!printed.includes(value), `${value} leaked`);
      assert.ok(printed.includes(REDACT_CENSOR));
      assert.ok(printed.includes('call-0') && printed.includes(`call-${REDACT_MAX_DEPTH}`), 'non-sensitive fields stay');
    });

    it('censors credential headers on a request-shaped object', () => {
      const out = capture();
      const logger = createLogger({ level: 'info', destination: out });
      logger.info({
        req: {
          method: 'POST',
          headers: { authorization: 'Bearer abc.def', cookie: 'sid=s3cr3t', 'x-twilio-signature': 'c2lnbmF0dXJl' },
        },
        card: { cardNumber: '4111111111111111', cvv: '123' },
        cardNumber: '5555555555554444',
        masterSecret: 'hunter2hunter2',
      });
      const printed = out.lines.join('');
      for (const value of ['abc.def', 's3cr3t', 'c2lnbmF0dXJl', '4111111111111111', '123"', '5555555555554444', 'hunter2']) {
        assert.ok(!printed.includes(value), `${value} leaked`);
      }
      assert.ok(printed.includes('"method":"POST"'));
    });

    it('censors sensitive bindings of a child logger', () => {
      const out = capture();
      const logger = createLogger({ level: 'info', destination: out }).child({ token: 'tok_child_value' });
      logger.info({ nested: { transcript: 'my card number is four one one one' } }, 'turn');
      const printed = out.lines.join('');
      assert.ok(!printed.includes('tok_child_value'));
      assert.ok(!printed.includes('four one one one'));
    });
  });

  describe('when the level is silent', () => {
    it('writes nothing', () => {
      const out = capture();
      createLogger({ level: 'silent', destination: out }).error({ a: 1 }, 'boom');
      assert.equal(out.lines.length, 0);
    });
  });
});

describe('resolveLogLevel', () => {
  it('prefers the option over env SOTTO_LOG_LEVEL', () => {
    assert.equal(resolveLogLevel('debug', { SOTTO_LOG_LEVEL: 'warn' }), 'debug');
  });

  it('falls back to env SOTTO_LOG_LEVEL, then to info', () => {
    assert.equal(resolveLogLevel(undefined, { SOTTO_LOG_LEVEL: 'silent' }), 'silent');
    assert.equal(resolveLogLevel(undefined, {}), 'info');
  });

  describe('when the level name is unknown', () => {
    it('throws CONFIG_INVALID', () => {
      assert.throws(() => resolveLogLevel(undefined, { SOTTO_LOG_LEVEL: 'verbose' }), (err) => isSottoError(err, 'CONFIG_INVALID'));
    });
  });
});

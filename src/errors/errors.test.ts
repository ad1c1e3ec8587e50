import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES, SottoError, isSottoError } from './index.js';

describe('the error-code registry', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

  for (const [code, { status }] of Object.entries(ERROR_CODES)) {
    it(`documents ${code} with its HTTP status ${status} in docs/errors.md`, () => {
      assert.match(doc, new RegExp(`^\\| \`${code}\` \\| ${status} \\|`, 'm'));
    });
  }

  it('gives every code a 4xx or 5xx status', () => {
    for (const { status } of Object.values(ERROR_CODES)) assert.ok(status >= 400 && status < 600);
  });

  describe('when a SottoError is built without a message', () => {
    it('uses the registry text and keeps the cause', () => {
      const cause = new Error('low-level');
      const err = new SottoError('VAULT_TRUNCATED', undefined, { cause });
      assert.equal(err.message, ERROR_CODES.VAULT_TRUNCATED.text);
      assert.equal(err.cause, cause);
      assert.equal(err.httpStatus, 422);
      assert.ok(isSottoError(err, 'VAULT_TRUNCATED'));
      assert.ok(!isSottoError(err, 'VAULT_BAD_HEADER'));
      assert.ok(!isSottoError(new Error('x')));
    });
  });
});

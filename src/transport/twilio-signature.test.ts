import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { isValidTwilioSignature, twilioSignature } from './twilio-signature.js';

// Twilio's published request-validation example (its helper libraries' test suites, e.g.
// twilio-php RequestValidatorTest and twilio-csharp RequestValidatorTest).
const DOC_TOKEN = '12345';
const DOC_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DOC_PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
const DOC_SIGNATURE = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

/** An independent computation: OpenSSL's HMAC-SHA1, base64-encoded here. */
function opensslSignature(key: string, data: string): string {
  return execFileSync('openssl', ['dgst', '-sha1', '-hmac', key, '-binary'], { input: data }).toString('base64');
}

describe('twilioSignature', () => {
  it('reproduces the signature of Twilio’s documented example', () => {
    assert.equal(twilioSignature(DOC_TOKEN, DOC_URL, DOC_PARAMS), DOC_SIGNATURE);
  });

  it('sorts parameters by name whatever order they are given in', () => {
    const reversed = Object.fromEntries(Object.entries(DOC_PARAMS).reverse());
    assert.equal(twilioSignature(DOC_TOKEN, DOC_URL, reversed), DOC_SIGNATURE);
  });

  it('signs a media stream upgrade URL exactly as OpenSSL computes HMAC-SHA1 over it', () => {
    const url = 'wss://voice.example.com/v1/media-stream';
    assert.equal(twilioSignature('f00dfeedf00dfeedf00dfeedf00dfeed', url), opensslSignature('f00dfeedf00dfeedf00dfeedf00dfeed', url));
  });
});

describe('isValidTwilioSignature', () => {
  const token = 'f00dfeedf00dfeedf00dfeedf00dfeed';
  const url = 'wss://voice.example.com/v1/media-stream';
  const signature = opensslSignature(token, url);

  it('accepts the signature of the exact URL', () => {
    assert.equal(isValidTwilioSignature(token, url, signature), true);
  });

  it('accepts the URL with or without its default port, as Twilio’s helpers do', () => {
    assert.equal(isValidTwilioSignature(token, 'wss://voice.example.com:443/v1/media-stream', signature), true);
    const withPort = opensslSignature(token, 'wss://voice.example.com:443/v1/media-stream');
    assert.equal(isValidTwilioSignature(token, url, withPort), true);
  });

  describe('when anything differs', () => {
    it('rejects another URL, another token, a non-default port, a truncated or empty signature', () => {
      assert.equal(isValidTwilioSignature(token, 'wss://voice.example.com/v1/media-stream/x', signature), false);
      assert.equal(isValidTwilioSignature('another-token', url, signature), false);
      assert.equal(isValidTwilioSignature(token, 'wss://voice.example.com:8443/v1/media-stream', signature), false);
      assert.equal(isValidTwilioSignature(token, url, signature.slice(0, -1)), false);
      assert.equal(isValidTwilioSignature(token, url, ''), false);
      assert.equal(isValidTwilioSignature(token, url, undefined), false);
    });

    it('rejects everything when the auth token is empty', () => {
      assert.equal(isValidTwilioSignature('', url, opensslSignature('', url)), false);
    });
  });
});

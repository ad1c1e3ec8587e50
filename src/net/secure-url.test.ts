import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SottoError } from '../errors/index.js';
import { isLoopbackHost, requireSecureUrl } from './secure-url.js';

const refused = (fn: () => unknown): void => {
  assert.throws(fn, (err) => err instanceof SottoError && err.code === 'PROVIDER_INSECURE_URL');
};

describe('requireSecureUrl', () => {
  it('accepts https and wss', () => {
    assert.equal(requireSecureUrl('https://api.example.com/v1').hostname, 'api.example.com');
    assert.equal(requireSecureUrl('wss://api.example.com/listen').protocol, 'wss:');
  });
  it('refuses http and ws to a remote host even when loopback plain is allowed', () => {
    refused(() => requireSecureUrl('http://api.example.com', { allowInsecureLoopback: true }));
    refused(() => requireSecureUrl('ws://10.0.0.1:8080', { allowInsecureLoopback: true }));
  });
  it('refuses plain loopback unless explicitly allowed', () => {
    refused(() => requireSecureUrl('http://127.0.0.1:1234'));
    assert.equal(requireSecureUrl('http://127.0.0.1:1234', { allowInsecureLoopback: true }).port, '1234');
    assert.equal(requireSecureUrl('ws://[::1]:99', { allowInsecureLoopback: true }).port, '99');
  });
  it('refuses other schemes and unparseable URLs', () => {
    refused(() => requireSecureUrl('ftp://example.com'));
    refused(() => requireSecureUrl('not a url'));
    refused(() => requireSecureUrl('file:///etc/passwd', { allowInsecureLoopback: true }));
  });
  it('does not take a host that merely starts with 127 or localhost as loopback', () => {
    assert.equal(isLoopbackHost('127.0.0.1'), true);
    assert.equal(isLoopbackHost('localhost'), true);
    assert.equal(isLoopbackHost('127.0.0.1.evil.example'), false);
    assert.equal(isLoopbackHost('localhost.evil.example'), false);
  });
});

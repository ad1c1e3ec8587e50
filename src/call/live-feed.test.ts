import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveFeed } from './live-feed.js';
import type { LiveEvent } from './session/call-session.js';

const agent = (text: string): LiveEvent => ({ type: 'agent', text });

void describe('the live feed of calls in progress', () => {
  void it('delivers a call’s events to its followers until it ends, then forgets it', () => {
    const feed = new LiveFeed();
    feed.open({ callId: 'call_1', tenantId: 'acme', carrierCallId: 'CA1' });
    const seen: LiveEvent[] = [];
    const stop = feed.subscribe('call_1', (e) => seen.push(e));
    assert.ok(stop);
    feed.publish('call_1', agent('hello'));
    feed.publish('call_2', agent('another call'));
    feed.publish('call_1', { type: 'ended', status: 'completed', reason: undefined });
    assert.deepEqual(seen.map((e) => e.type), ['agent', 'ended']);
    assert.equal(feed.find({ callId: 'call_1' }), undefined);
    assert.equal(feed.find({ carrierCallId: 'CA1' }), undefined);
    assert.equal(feed.subscribe('call_1', () => undefined), undefined, 'an ended call cannot be followed');
    assert.equal(feed.activeCalls, 0);
  });

  void it('finds a call by the carrier’s id, with its tenant for the caller to be checked against', () => {
    const feed = new LiveFeed();
    feed.open({ callId: 'call_1', tenantId: 'acme', carrierCallId: 'CA1' });
    assert.deepEqual(feed.find({ carrierCallId: 'CA1' }), { callId: 'call_1', tenantId: 'acme' });
    assert.equal(feed.find({ carrierCallId: 'CA2' }), undefined);
  });

  void it('stops delivering to a follower that unsubscribed', () => {
    const feed = new LiveFeed();
    feed.open({ callId: 'call_1', tenantId: 'acme', carrierCallId: undefined });
    const seen: LiveEvent[] = [];
    const stop = feed.subscribe('call_1', (e) => seen.push(e));
    stop?.();
    feed.publish('call_1', agent('hello'));
    assert.equal(seen.length, 0);
  });

  void it('lets in-process code watch every call', () => {
    const feed = new LiveFeed();
    feed.open({ callId: 'call_1', tenantId: 'acme', carrierCallId: undefined });
    feed.open({ callId: 'call_2', tenantId: 'globex', carrierCallId: undefined });
    const seen: string[] = [];
    const stop = feed.watchAll((callId, e) => seen.push(`${callId} ${e.type}`));
    feed.publish('call_1', agent('a'));
    feed.publish('call_2', agent('b'));
    stop();
    feed.publish('call_1', agent('c'));
    assert.deepEqual(seen, ['call_1 agent', 'call_2 agent']);
  });

  void it('tells the session whether anyone follows a call, so partials are detected only then', () => {
    const feed = new LiveFeed();
    feed.open({ callId: 'call_1', tenantId: 'acme', carrierCallId: undefined });
    feed.open({ callId: 'call_2', tenantId: 'acme', carrierCallId: undefined });
    assert.equal(feed.isFollowed('call_1'), false);
    const seen: LiveEvent[] = [];
    const endsOnly = feed.watchAll((_id, e) => seen.push(e), { partials: false });
    assert.equal(feed.isFollowed('call_1'), false, 'a watcher of call ends only does not follow partials');
    const unsubscribe = feed.subscribe('call_1', () => undefined);
    assert.equal(feed.isFollowed('call_1'), true);
    assert.equal(feed.isFollowed('call_2'), false);
    unsubscribe?.();
    assert.equal(feed.isFollowed('call_1'), false);
    const stop = feed.watchAll(() => undefined);
    assert.equal(feed.isFollowed('call_2'), true);
    stop();
    stop(); // twice: counted once
    assert.equal(feed.isFollowed('call_2'), false);
    const partial: LiveEvent = { type: 'caller', text: '[CREDIT_CARD]', final: false, entities: ['CREDIT_CARD'] };
    const final: LiveEvent = { type: 'caller', text: '[CREDIT_CARD_1]', final: true, entities: ['CREDIT_CARD'] };
    feed.publish('call_1', partial);
    feed.publish('call_1', final);
    assert.deepEqual(seen, [final], 'the watcher without partials got the final only');
    endsOnly();
    assert.equal(feed.isFollowed('nope'), false);
  });
});

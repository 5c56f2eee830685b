import { expect } from '@open-wc/testing';
import { effectiveConsent } from '../../src/core/consent.js';
import { pageOf } from '../../src/core/page-views.js';
import { SESSION_TIMEOUT_MS, sessionEndedAt, sessionStep } from '../../src/core/session.js';
import { VISITOR_LIFETIME_MS, visitorAt, visitorExpired } from '../../src/core/visitor-lifetime.js';
import { BEFORE_CONTACT, mergedNotes, mergeRequests } from '../../src/core/visitor-merge.js';
import { LEAD_ID_PLACEHOLDER } from '../../src/core/dispatcher.js';

describe('Visitor decisions (pure, with an injected clock)', () => {
  const t0 = Date.UTC(2026, 0, 1, 12);

  describe('sessionStep', () => {
    it('the first activity starts a session', () => {
      expect(sessionStep(undefined, t0)).to.deep.equal({ session: { startedAt: t0, lastActivityAt: t0 }, ended: undefined, started: true });
    });
    it('an activity under 30 minutes after the last continues it', () => {
      const step = sessionStep({ startedAt: t0, lastActivityAt: t0 + 5 }, t0 + 5 + SESSION_TIMEOUT_MS - 1);
      expect(step).to.deep.equal({ session: { startedAt: t0, lastActivityAt: t0 + 4 + SESSION_TIMEOUT_MS }, started: false });
    });
    it('30 minutes without activity ends it: the next activity starts another, and says when the last ended', () => {
      const old = { startedAt: t0, lastActivityAt: t0 + 60_000 };
      const step = sessionStep(old, t0 + 60_000 + SESSION_TIMEOUT_MS);
      expect(step.started).to.equal(true);
      expect(step.ended).to.deep.equal(old);
      expect(sessionEndedAt(old)).to.equal(t0 + 60_000 + SESSION_TIMEOUT_MS);
    });
    it('a clock that went back before the session began starts a new one', () => {
      expect(sessionStep({ startedAt: t0, lastActivityAt: t0 }, t0 - 1).started).to.equal(true);
    });
  });

  describe('the visitor lifetime', () => {
    const visitor = { id: 'v1', lastActivityAt: t0 };
    it('lives 45 days from the last activity', () => {
      expect(visitorExpired(visitor, t0 + VISITOR_LIFETIME_MS)).to.equal(false);
      expect(visitorExpired(visitor, t0 + VISITOR_LIFETIME_MS + 1)).to.equal(true);
      expect(visitorExpired(undefined, t0)).to.equal(false);
    });
    it('activity keeps the same visitor alive; after expiry a new random one starts', () => {
      expect(visitorAt(visitor, t0 + 1000)).to.deep.equal({ id: 'v1', lastActivityAt: t0 + 1000 });
      const renewed = visitorAt(visitor, t0 + VISITOR_LIFETIME_MS + 1);
      expect(renewed.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(renewed.lastActivityAt).to.equal(t0 + VISITOR_LIFETIME_MS + 1);
    });
  });

  describe('merge requests', () => {
    const activities = [
      { id: 'b', seq: 2, at: t0 + 1000, body: { action: 'ContactViewedListing', listing: { id: 'L2' }, notes: 'n' } },
      { id: 'a', seq: 1, at: t0, body: { action: 'ContactViewedPage' } },
    ];
    it('go oldest first to the lead, keyed by each activity\'s id, with the original time in notes', () => {
      const requests = mergeRequests(activities, { leadId: 'lead 1' }, 'https://api.example');
      expect(requests).to.deep.equal([
        { kind: 'activity', apiUrl: 'https://api.example', method: 'POST', path: '/leads/lead%201/timeline', id: 'a',
          body: { action: 'ContactViewedPage', notes: `${BEFORE_CONTACT}2026-01-01T12:00:00.000Z` } },
        { kind: 'activity', apiUrl: 'https://api.example', method: 'POST', path: '/leads/lead%201/timeline', id: 'b',
          body: { action: 'ContactViewedListing', listing: { id: 'L2' }, notes: `${BEFORE_CONTACT}2026-01-01T12:00:01.000Z: n` } },
      ]);
    });
    it('wait for a capture still queued', () => {
      const [request] = mergeRequests(activities, { pendingCapture: 'rec-1' }, 'https://api.example');
      expect(request!.path).to.equal(`/leads/${LEAD_ID_PLACEHOLDER}/timeline`);
      expect(request!.awaitsCapture).to.equal('rec-1');
    });
    it('notes without notes of their own are the time alone', () => {
      expect(mergedNotes(t0, '')).to.equal(`${BEFORE_CONTACT}2026-01-01T12:00:00.000Z`);
    });
  });

  describe('consent in force', () => {
    it('is the state given, unless Global Privacy Control refuses and the visitor has not granted', () => {
      expect(effectiveConsent('granted', false, false)).to.equal('granted');
      expect(effectiveConsent('pending', false, false)).to.equal('pending');
      expect(effectiveConsent('granted', false, true)).to.equal('denied');
      expect(effectiveConsent('pending', false, true)).to.equal('denied');
      expect(effectiveConsent('granted', true, true)).to.equal('granted');
    });
  });

  it('a page is its URL without the hash', () => {
    expect(pageOf('https://x.example/a?b=1#c')).to.equal('https://x.example/a?b=1');
  });
});

import { LEAD_ID_PLACEHOLDER, type Dispatched, type OutboundRequest } from './dispatcher.js';
import type { TrackingTarget } from './tracking-id.js';
import type { KeptActivity } from './visitor-record.js';

/** A request with a caller-given id: the outbox's idempotency key, so a repeat is a no-op. */
export type KeyedRequest = OutboundRequest & { id?: string };

/**
 * What a merge needs of the layer under the SDK: `dispatch` taking an optional `id`, and
 * whether requests dispatched together reach the API in the order given (the outbox's
 * do; separate `fetch`es do not, so without it they go one after another).
 */
export interface MergeDispatcher {
  dispatch(request: KeyedRequest): Promise<Dispatched>;
  inOrder?: boolean;
}

/** The prefix of a merged activity's notes, before its original time (ISO 8601, UTC). */
export const BEFORE_CONTACT = 'Before contact, ';

/** A merged activity's notes: its original time, then its own notes. */
export function mergedNotes(at: number, notes: unknown): string {
  const time = BEFORE_CONTACT + new Date(at).toISOString();
  return typeof notes === 'string' && notes ? `${time}: ${notes}` : time;
}

/**
 * The timeline requests that put kept activity on a lead, oldest first, each keyed by the
 * activity's own id. For a capture still queued they wait for it (`awaitsCapture`) and
 * name its lead once it exists.
 */
export function mergeRequests(activities: KeptActivity[], target: TrackingTarget, apiUrl: string): KeyedRequest[] {
  const leadId = 'leadId' in target ? target.leadId : undefined;
  return [...activities]
    .sort((a, b) => a.seq - b.seq)
    .map((activity) => {
      const request: KeyedRequest = {
        kind: 'activity',
        apiUrl,
        method: 'POST',
        path: `/leads/${leadId ? encodeURIComponent(leadId) : LEAD_ID_PLACEHOLDER}/timeline`,
        body: { ...activity.body, notes: mergedNotes(activity.at, activity.body.notes) },
        id: activity.id,
      };
      if (!leadId) request.awaitsCapture = (target as { pendingCapture: string }).pendingCapture;
      return request;
    });
}

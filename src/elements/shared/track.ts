import { NO_TRACKING_ID_MESSAGE, RechatError } from '../../core/errors.js';
import type { Listing, Search, TrackResult } from '../../core/types.js';
import { attributeProperties, readFields, RechatElement, type Attributes, type Declaration } from './base.js';
import { documentParsed } from './parsed.js';
import { sdkOf } from './sdk-context.js';
import { VISIBLE, watchVisibility } from './visibility.js';

/** When a tracking element records its activity. */
export type Trigger = 'load' | 'visible' | 'click' | 'none';

// What load/visible triggers sent on this page view: the same view is recorded once,
// however many elements on the page show that listing.
const sent = new Set<string>();

// The rejection of a call that the tracker says cannot do anything yet (no lead identified,
// no visitor phase): one error for them all, such as the views of every card on screen at
// load (each new error costs a stack trace), reported by each element.
let anonymous: RechatError | undefined;

// One listener function for every element with trigger="click".
function trackClick(this: TrackElement) {
  void this.track();
}

const SHARED_FIELDS = ['notes'] as const;

/**
 * What `<rechat-track-listing>` and `<rechat-track-search>` share: the triggers, the
 * once-per-page-view rule, the Sdk lookup and the events. A subclass says which actions
 * it knows, which fields it has, and how they become the payload.
 */
export abstract class TrackElement<Action extends string = string> extends RechatElement {
  // The one reactive, observed property: it decides how the element is wired. The payload
  // attributes are read when the element sends (see `attributeProperties`).
  static override properties: Record<string, Declaration> = {
    trigger: { converter: (v) => (['load', 'visible', 'click', 'none'].includes(v!) ? v : null), default: 'load' },
  };
  /** The timeline action of each `action` value; the first is the default. */
  static actions: Record<string, string>;
  /** The payload fields, in snake case; the first `identity` of them say which thing it is. */
  static fields: readonly string[];
  static identity: number;

  static {
    attributeProperties(this, SHARED_FIELDS);
  }

  /** Which activity to record. An unknown value reads (and records) as the default. */
  declare action: Action;
  /**
   * When to record: `load` (once connected), `visible` (the first time it is at least half
   * on screen), `click` (each click inside it) or `none` (only when `track()` is called).
   * `load` and `visible` record the same activity once per page view.
   */
  declare trigger: Trigger;

  // The trigger the element is wired for now (listened to, or watched); none when disconnected.
  #wired?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#wire();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#wire();
  }

  // `trigger` is the only reactive property: an update means it may have changed.
  protected override updated(): void {
    this.#wire();
  }

  protected override firstUpdated(): void {
    if (this.trigger === 'load') this.#trackOnce();
  }

  // Wired directly rather than through a controller per element: a page of a thousand
  // cards pays for each object and listener (see bench/pages/elements-upgrade.js).
  #wire(): void {
    const trigger = this.isConnected ? this.trigger : '';
    const wired = this.#wired;
    if (trigger === wired) return;
    this.#wired = trigger;
    if (wired === 'visible' || trigger === 'visible') watchVisibility(this, trigger === 'visible');
    if (wired === 'click') this.removeEventListener('click', trackClick);
    if (trigger === 'click') this.addEventListener('click', trackClick);
  }

  /** @internal The shared observer saw it half on screen. */
  [VISIBLE](): void {
    this.#trackOnce();
  }

  /** `{ listing }` or `{ search }`, as it is sent. Throws `invalid_input` for a bad value. */
  protected abstract payload(): { listing: Listing } | { search: Search };

  /**
   * Records the activity now. Resolves with the result, or with `undefined` when it
   * failed (no lead identified yet, a bad value): failures are reported by the
   * `rechat-track-error` event, never as a rejection.
   */
  async track(): Promise<TrackResult | undefined> {
    const { actions } = this.constructor as typeof TrackElement;
    try {
      const payload = this.payload();
      const { Tracker } = sdkOf(this).Leads;
      if (!Tracker.ready) throw (anonymous ??= new RechatError('no_tracking_id', NO_TRACKING_ID_MESSAGE));
      const result = await Tracker.capture({ action: actions[this.action]!, notes: this.notes, ...payload });
      // Consent denied: nothing was recorded, so nothing is announced.
      if (!result.skipped) {
        this.emit('rechat-track', { action: result.action, queued: result.queued, ...(result.visitor && { visitor: true }), ...payload });
      }
      return result;
    } catch (error) {
      this.emit('rechat-track-error', { error: error as RechatError });
    }
  }

  #trackOnce(): void {
    const { identity, fields } = this.constructor as typeof TrackElement;
    const ids = readFields(this, fields.slice(0, identity));
    const key = this.action + JSON.stringify(Object.keys(ids).length ? ids : readFields(this, fields));
    if (sent.has(key)) return;
    sent.add(key);
    // Sent once the page is parsed, so that its scripts' listeners hear the outcome. A view
    // that failed (no lead yet) may be recorded by a later element.
    void documentParsed()
      .then(() => this.track())
      .then((result) => result || sent.delete(key));
  }
}

// Declared after the class: the manifest analyzer takes the first declaration of the name for the base class.
/** Notes sent with the activity. */
export interface TrackElement<Action extends string = string> extends Attributes<typeof SHARED_FIELDS> {}

import { NO_TRACKING_ID_MESSAGE, RechatError } from '../../core/errors.js';
import type { Listing, Search, TrackResult } from '../../core/types.js';
import { attributeProperties, camel, emit, readFields, RechatElement, type Attributes } from './base.js';
import { documentParsed } from './parsed.js';
import { sdkOf } from './sdk-context.js';
import { adoptDefaultStyles } from './styles.js';
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

// Elements connected for the first time, waiting for their load-time view to be decided.
const connecting: TrackElement[] = [];

// One listener function for every element with trigger="click".
function trackClick(this: TrackElement) {
  void this.track();
}

const SHARED_FIELDS = ['notes'] as const;
const TRIGGERS = ['load', 'visible', 'click', 'none'] as const;

/**
 * What `<rechat-track-listing>` and `<rechat-track-search>` share: the triggers, the
 * once-per-page-view rule, the Sdk lookup and the events. A subclass says which actions
 * it knows, which fields it has, and how they become the payload.
 *
 * A plain custom element, not a lit one: it renders nothing and has no state to update,
 * and a page of listing cards upgrades many of them at load, so each does no more than
 * read its `trigger` and start listening or watching (issue 12). Every property reads
 * its attribute when it is needed.
 */
export abstract class TrackElement<Action extends string = string> extends HTMLElement {
  /** The element's default tag name, which `define()` registers it as (each element sets its own). */
  declare static tagName: string;
  /** The timeline action of each `action` value; the first is the default. */
  static actions: Record<string, string>;
  /** The payload fields, in snake case; the first `identity` of them say which thing it is. */
  static fields: readonly string[];
  static identity: number;
  // The one attribute that changes what the element does at once: it decides the wiring.
  static observedAttributes = ['trigger'];

  static {
    attributeProperties(this, SHARED_FIELDS);
    attributeProperties(this, ['trigger'], TRIGGERS);
  }

  /** Registers the element as `tag` in `registry`, and returns the class (as every Rechat element's `define`). */
  static define = RechatElement.define;

  /** Which activity to record. An unknown value reads (and records) as the default. */
  declare action: Action;
  /**
   * When to record: `load` (once connected), `visible` (the first time it is at least half
   * on screen), `click` (each click inside it) or `none` (only when `track()` is called).
   * `load` and `visible` record the same activity once per page view. An unknown value
   * reads as `load`.
   */
  declare trigger: Trigger;

  // The trigger the element is wired for now (listened to, or watched); none when disconnected.
  #wired?: string;
  // Whether it was connected before: `load` records when it is first connected.
  #connected = false;

  connectedCallback(): void {
    adoptDefaultStyles(this.getRootNode());
    const first = !this.#connected;
    if (first) this.#takeEarlyProperties();
    this.#wire();
    if (!first) return;
    this.#connected = true;
    // Whether it records a view at load is decided after the microtasks already queued (a
    // page builder that appends the element and then sets its attributes in the same script
    // has set them all by then), in one microtask for every element connected meanwhile.
    if (!connecting.length) queueMicrotask(() => TrackElement.#viewsAtLoad());
    connecting.push(this);
  }

  static #viewsAtLoad(): void {
    for (const element of connecting.splice(0)) if (element.isConnected && element.trigger === 'load') element.#trackOnce();
  }

  disconnectedCallback(): void {
    this.#wire();
  }

  // Values a framework set as properties before the element was defined (the script loads
  // late) sit on the element itself, hiding the accessors: they are moved to the attributes.
  #takeEarlyProperties(): void {
    // Most elements have none: a page of cards pays one call each.
    if (!Object.keys(this).length) return;
    const { fields } = this.constructor as typeof TrackElement;
    const self = this as unknown as Record<string, unknown>;
    for (const name of ['trigger', 'action', 'notes', ...fields.map(camel)]) {
      if (!Object.hasOwn(this, name)) continue;
      const value = self[name];
      delete self[name];
      self[name] = value;
    }
  }

  attributeChangedCallback(): void {
    this.#wire();
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
    return this.#record();
  }

  // `view`: the key of a view recorded at load (see `#trackOnce`); one that fails is
  // forgotten before it is reported, so that a later element may record it. Whether there
  // is a lead is asked first: on a page without one, that is all a card does.
  async #record(view?: string): Promise<TrackResult | undefined> {
    const { actions } = this.constructor as typeof TrackElement;
    try {
      const { Tracker } = sdkOf(this).Leads;
      if (!Tracker.ready) throw (anonymous ??= new RechatError('no_tracking_id', NO_TRACKING_ID_MESSAGE));
      const payload = this.payload();
      const result = await Tracker.capture({ action: actions[this.action]!, notes: this.notes, ...payload });
      // Consent denied: nothing was recorded, so nothing is announced.
      if (!result.skipped) {
        emit(this, 'rechat-track', { action: result.action, queued: result.queued, ...(result.visitor && { visitor: true }), ...payload });
      }
      return result;
    } catch (error) {
      if (view) sent.delete(view);
      emit(this, 'rechat-track-error', { error: error as RechatError });
    }
  }

  #trackOnce(): void {
    const { identity, fields } = this.constructor as typeof TrackElement;
    const ids = readFields(this, fields.slice(0, identity));
    const key = this.action + JSON.stringify(Object.keys(ids).length ? ids : readFields(this, fields));
    if (sent.has(key)) return;
    sent.add(key);
    // Sent once the page is parsed, so that its scripts' listeners hear the outcome.
    void documentParsed().then(() => this.#record(key));
  }
}

// Declared after the class: the manifest analyzer takes the first declaration of the name for the base class.
/** Notes sent with the activity. */
export interface TrackElement<Action extends string = string> extends Attributes<typeof SHARED_FIELDS> {}

/**
 * Stable error codes. Code against these, not against messages.
 * - `invalid_channel`: the channel has no `lead_channel`, or it is not a UUID.
 * - `invalid_input`: a lead, listing, search or assignee is not of the documented shape.
 * - `no_tracking_id`: a tracker call was made before any lead was identified.
 * - `http`: the API answered with an error status (see {@link RechatError.status}).
 * - `network`: the request never got an answer (offline, DNS, CORS, timeout).
 * - `storage`: the offline store could not keep the request.
 */
export type RechatErrorCode =
  | 'invalid_channel'
  | 'invalid_input'
  | 'no_tracking_id'
  | 'http'
  | 'network'
  | 'storage';

/** The message of the rejection of tracker calls with no lead identified, word for word as documented. */
export const NO_TRACKING_ID_MESSAGE = 'No tracking id is found';

/** Every error the SDK rejects or throws with. */
export class RechatError extends Error {
  /** A stable, machine-readable code. */
  readonly code: RechatErrorCode;
  /** For `http` errors: the HTTP status of the API's reply. */
  readonly status?: number;
  /** For `http` errors: the API's reply body, as parsed JSON where it was JSON. */
  readonly body?: unknown;

  constructor(
    code: RechatErrorCode,
    message: string,
    details: { status?: number; body?: unknown; cause?: unknown } = {},
  ) {
    // Error reads only `cause` from its options.
    super(message, details);
    this.name = 'RechatError';
    this.code = code;
    this.status = details.status;
    this.body = details.body;
  }
}

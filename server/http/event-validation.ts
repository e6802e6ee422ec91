/**
 * Validation on request (issue 13 part 1): an event sent with
 * `Content-Type: application/vnd.cairn.event+json` must be the documented audit event
 * (docs/events.md, proofs/audit-event.ts), or the request is refused with a 422 problem naming
 * the field, before anything is appended. Other content types are not looked at.
 */
import { AUDIT_EVENT_CONTENT_TYPE, AuditEventError, parseAuditEvent } from '../../proofs/index.js';
import { ServerError } from '../errors.js';
import type { AppendInput } from '../sequencer/types.js';
import type { Place } from './append-input.js';

/** True when the writer asked for validation (parameters such as charset ignored). */
export function asksForValidation(contentType: string): boolean {
  return contentType.split(';', 1)[0]!.trim().toLowerCase() === AUDIT_EVENT_CONTENT_TYPE;
}

/**
 * Refuses `input` with ServerError INVALID_EVENT (422, problem members `field` and, in a batch,
 * `entry`) when its content type asks for validation and its payload is not an audit event.
 * Returns the input unchanged otherwise.
 */
export function checkAuditEvent<T extends Pick<AppendInput, 'payload' | 'contentType'>>(input: T, place: Place): T {
  if (!asksForValidation(input.contentType)) return input;
  try {
    parseAuditEvent(input.payload);
  } catch (err) {
    if (!(err instanceof AuditEventError)) throw err;
    const what = place.entry === undefined ? 'The event' : `The event in entries[${place.entry}]`;
    const field = err.field === '' ? 'the whole event' : `the field ${err.field}`;
    throw new ServerError(
      'INVALID_EVENT',
      `${what} is not a valid ${AUDIT_EVENT_CONTENT_TYPE} audit event, at ${field}: ${err.message}. Fix it (see docs/events.md), or send it as application/json to log it without validation. Nothing was appended.`,
      { cause: err, extra: { field: err.field, reason: err.code, ...(place.entry === undefined ? {} : { entry: place.entry }) } },
    );
  }
  return input;
}

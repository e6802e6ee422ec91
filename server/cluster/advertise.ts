/**
 * The URL a process announces to the others of its log (`--advertise-url`, issue 11): where they
 * forward writes. By default the address it listens on; a wildcard address is replaced by the
 * machine's host name, which the other processes must be able to resolve (else pass the flag).
 */
import { hostname } from 'node:os';

/** `http://HOST:PORT` of the bound URL, with 0.0.0.0 / :: replaced by the host name. */
export function defaultAdvertiseUrl(boundUrl: string): string {
  const url = new URL(boundUrl);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = hostname();
  return url.origin;
}

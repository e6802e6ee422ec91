/**
 * The one error base class of Cairn (in the style of sigstore-js's BaseError): every area's
 * error class extends it with its own string-literal union of codes, so a caller tells failures
 * apart by `err.code` (stable, documented) and never by parsing `err.message` (a sentence for
 * people). It lives in merkle/, the root package every other folder may import, and is
 * browser-safe.
 */

/**
 * An error with a stable `code` from a closed union `C` and an optional `cause` (the
 * underlying error, kept for logs). Subclasses set `name` to their own class name and keep
 * their constructor signatures; `instanceof` works for the subclass and for CodedError.
 */
export class CodedError<C extends string> extends Error {
  override readonly name: string = 'CodedError';
  /** What went wrong, from the subclass's union of codes. */
  readonly code: C;

  /** Requires a non-empty `message` that says what was wrong and, where it helps, what to do. */
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    // Pass no options object at all without a cause, so `'cause' in err` stays false.
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** An error caused by the user's input: printed as one line, never with a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * True for a UserError from any copy of this module (the bundled CLI and the lazily loaded ESM
 * modules each have their own class object, so `instanceof` is not enough).
 */
export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && e.name === 'UserError' && typeof (e as UserError).exitCode === 'number';
}

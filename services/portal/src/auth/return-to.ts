// eslint-disable-next-line no-control-regex -- control characters are exactly what must not pass
const UNSAFE = /[\u0000-\u001f\\]/;

/** A same-origin path to return to after sign-in; anything else (another origin, `//host`, `/\host`) becomes `/`. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2_000 || !value.startsWith('/') || /^\/[/\\]/.test(value) || UNSAFE.test(value)) {
    return '/';
  }
  return value;
}

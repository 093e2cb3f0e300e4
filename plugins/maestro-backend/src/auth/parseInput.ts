import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Characters no Maestro input may carry, in any string field: C0 controls
 * other than tab, line feed, carriage return and escape (ANSI colours in test
 * output), DEL, the C1 controls, and the bidirectional overrides and isolates
 * that make text read differently from what is stored ("Trojan Source").
 * PostgreSQL also refuses NUL in text, which would otherwise surface as a 500.
 */
const FORBIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const MAX_DEPTH = 64;

function describe(char: string): string {
  return `U+${char
    .codePointAt(0)!
    .toString(16)
    .toUpperCase()
    .padStart(4, '0')}`;
}

/** The path and character of the first forbidden character in `value`, if any. */
export function findForbiddenCharacter(
  value: unknown,
  path: Array<string | number> = [],
): { path: Array<string | number>; char: string } | undefined {
  if (path.length > MAX_DEPTH) return undefined;
  if (typeof value === 'string') {
    const match = FORBIDDEN_CHARACTERS.exec(value);
    return match ? { path, char: match[0] } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenCharacter(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found =
        findForbiddenCharacter(key, [...path, key]) ??
        findForbiddenCharacter(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Validates request input with a zod schema; a failure becomes an InputError
 * (HTTP 400) that says which field is wrong and why. Control and
 * bidirectional-override characters are refused in every string before the
 * schema runs, so nothing stored can hide or reorder text.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const forbidden = findForbiddenCharacter(value);
  if (forbidden) {
    const where =
      forbidden.path.length > 0 ? `${forbidden.path.join('.')}: ` : '';
    throw new InputError(
      `Invalid ${what}: ${where}contains the control character ${describe(
        forbidden.char,
      )}, which Maestro does not store`,
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const reasons = result.error.issues
      .map(issue =>
        issue.path.length > 0
          ? `${issue.path.join('.')}: ${issue.message}`
          : issue.message,
      )
      .join('; ');
    throw new InputError(`Invalid ${what}: ${reasons}`);
  }
  return result.data;
}

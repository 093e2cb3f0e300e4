import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Validates request input with a zod schema; a failure becomes an InputError
 * (HTTP 400) that says which field is wrong and why.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
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

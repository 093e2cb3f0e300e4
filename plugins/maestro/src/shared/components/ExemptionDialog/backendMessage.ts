import { ResponseError } from '@backstage/errors';

/**
 * What the backend said about a failed request ("Invalid policy exemption:
 * …"), rather than the client's "Request failed with 400 Bad Request".
 */
export function backendMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.body?.error?.message || error.cause.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

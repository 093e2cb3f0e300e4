/**
 * Image references. Maestro tracks images by repository and `sha256:` digest;
 * tags are labels that may move, so they never identify an artifact.
 */

// host[:port]/path with lower-case path components, as the OCI distribution
// spec allows; at least one slash, so `nginx` alone is refused (ambiguous registry).
const REPOSITORY_PATTERN =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?)(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$/;

const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

/**
 * Checks an image repository (`ghcr.io/acme/payments-api`, no tag or digest)
 * and returns why it is not one, or undefined when it is.
 *
 * @public
 */
export function explainInvalidImageRepository(
  value: string,
): string | undefined {
  if (value.includes('@')) {
    return `'${value}' contains a digest; give the repository only`;
  }
  const lastSegment = value.slice(value.lastIndexOf('/') + 1);
  if (lastSegment.includes(':')) {
    return `'${value}' contains a tag; give the repository only (Maestro promotes digests, never tags)`;
  }
  if (value.length > 255 || !REPOSITORY_PATTERN.test(value)) {
    return `'${value}' is not an image repository such as ghcr.io/acme/payments-api (registry host, then lower-case path)`;
  }
  return undefined;
}

/** True for a `sha256:` digest of 64 lower-case hex digits. @public */
export function isImageDigest(value: string): boolean {
  return DIGEST_PATTERN.test(value);
}

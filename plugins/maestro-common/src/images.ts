/**
 * Image references. Maestro tracks images by repository and `sha256:` digest;
 * tags are labels that may move, so they never identify an artifact.
 *
 * Repositories are compared and stored in their normalized form, the one the
 * distribution reference grammar gives (github.com/distribution/reference,
 * normalize.go `ParseNormalizedNamed`), so `nginx`, `library/nginx`,
 * `docker.io/nginx` and `index.docker.io/library/nginx` are one repository:
 * - the first path component is a registry host only when it contains a `.`
 *   or a `:`, is `localhost`, or has upper-case letters (a Docker Hub
 *   namespace never does); otherwise the host is `docker.io`;
 * - `index.docker.io` is `docker.io`, and a Docker Hub repository of one path
 *   component is in `library/`;
 * - the path after the host must be lower-case.
 * One deliberate difference: the host is lower-cased (DNS names are
 * case-insensitive), and a first component that would be a host only
 * because of its capitals (`Acme/api`) is refused rather than read as a
 * registry called `acme`. IPv6 literal hosts are not accepted.
 */

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPOSITORY_PREFIX = 'library/';
const MAX_NAME_LENGTH = 255;

// domain-name [":" port], lower-cased before it is checked.
const DOMAIN_PATTERN =
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]+)?$/;
// path-component ("/" path-component)*, lower-case only.
const PATH_PATTERN =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const IMAGE_ID_PATTERN = /^[a-f0-9]{64}$/;
const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

type ReadRepository = { repository: string } | { invalid: string };

function notARepository(value: string, why?: string): { invalid: string } {
  return {
    invalid: `'${value}' is not an image repository such as ghcr.io/acme/payments-api or nginx${
      why ? `: ${why}` : ' (registry host, then lower-case path)'
    }`,
  };
}

function readImageRepository(value: string): ReadRepository {
  if (value.includes('@')) {
    return {
      invalid: `'${value}' contains a digest; give the repository only`,
    };
  }
  if (IMAGE_ID_PATTERN.test(value)) {
    return notARepository(
      value,
      '64 hexadecimal digits are an image ID, not a name',
    );
  }
  const slash = value.indexOf('/');
  const first = slash < 0 ? '' : value.slice(0, slash);
  const isDomain =
    slash >= 0 &&
    (/[.:]/.test(first) ||
      first === 'localhost' ||
      first.toLowerCase() !== first);
  let domain = isDomain ? first.toLowerCase() : DEFAULT_DOMAIN;
  let path = isDomain ? value.slice(slash + 1) : value;
  if (path.includes(':')) {
    return {
      invalid: `'${value}' contains a tag; give the repository only (Maestro promotes digests, never tags)`,
    };
  }
  if (isDomain && !/[.:]/.test(domain) && domain !== 'localhost') {
    return notARepository(
      value,
      `'${first}' is neither a registry host (it has no dot or port) nor a lower-case Docker Hub namespace`,
    );
  }
  if (path.toLowerCase() !== path) {
    return notARepository(
      value,
      'the path after the registry host must be lower-case',
    );
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) {
    domain = DEFAULT_DOMAIN;
  }
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) {
    path = `${OFFICIAL_REPOSITORY_PREFIX}${path}`;
  }
  if (!DOMAIN_PATTERN.test(domain) || !PATH_PATTERN.test(path)) {
    return notARepository(value);
  }
  const repository = `${domain}/${path}`;
  if (repository.length > MAX_NAME_LENGTH) {
    return notARepository(
      value,
      `longer than ${MAX_NAME_LENGTH} characters once normalized`,
    );
  }
  return { repository };
}

/**
 * The normalized form of an image repository (no tag or digest):
 * `nginx` → `docker.io/library/nginx`, `keycloak/keycloak` and
 * `index.docker.io/keycloak/keycloak` → `docker.io/keycloak/keycloak`,
 * `GHCR.io/acme/api` → `ghcr.io/acme/api`. Normalizing twice changes nothing.
 *
 * @throws Error with the reason when the value is not an image repository
 * @public
 */
export function normalizeImageRepository(value: string): string {
  const read = readImageRepository(value);
  if ('invalid' in read) {
    throw new Error(read.invalid);
  }
  return read.repository;
}

/**
 * Checks an image repository (`ghcr.io/acme/payments-api` or `nginx`, no tag
 * or digest) and returns why it is not one, or undefined when it is.
 *
 * @public
 */
export function explainInvalidImageRepository(
  value: string,
): string | undefined {
  const read = readImageRepository(value);
  return 'invalid' in read ? read.invalid : undefined;
}

/** True for a `sha256:` digest of 64 lower-case hex digits. @public */
export function isImageDigest(value: string): boolean {
  return DIGEST_PATTERN.test(value);
}

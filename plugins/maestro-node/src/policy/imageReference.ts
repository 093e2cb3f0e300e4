import {
  explainInvalidImageRepository,
  normalizeImageRepository,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/** A container image reference split into the parts rules compare. */
export type ImageReference = {
  raw: string;
  /** Registry and path without tag or digest, e.g. `ghcr.io/acme/api`. */
  repository: string;
  /** Empty when absent. */
  tag: string;
  /** Empty when absent, e.g. `sha256:…`. */
  digest: string;
};

/**
 * Splits `registry/path:tag@digest`. A colon only starts a tag after the last
 * slash, because `registry:5000/app` carries a port, not a tag.
 */
export function parseImageReference(raw: string): ImageReference {
  const trimmed = raw.trim();
  const at = trimmed.indexOf('@');
  const digest = at >= 0 ? trimmed.slice(at + 1) : '';
  const nameAndTag = at >= 0 ? trimmed.slice(0, at) : trimmed;
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > nameAndTag.lastIndexOf('/');
  return {
    raw: trimmed,
    repository: hasTag ? nameAndTag.slice(0, colon) : nameAndTag,
    tag: hasTag ? nameAndTag.slice(colon + 1) : '',
    digest,
  };
}

/**
 * Repository equality ignoring tag and digest, by the normalization the
 * supply chain stores (`nginx` is `docker.io/library/nginx`). A name that is
 * no valid repository (a Dockerfile's `${BASE}/app`) compares as written,
 * case-insensitively.
 */
export function sameRepository(a: string, b: string): boolean {
  return (
    canonicalRepository(parseImageReference(a).repository) ===
    canonicalRepository(parseImageReference(b).repository)
  );
}

function canonicalRepository(repository: string): string {
  return explainInvalidImageRepository(repository)
    ? repository.toLowerCase()
    : normalizeImageRepository(repository);
}

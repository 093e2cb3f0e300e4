/**
 * Where evidence documents state which image they describe: package URLs
 * (`pkg:oci/alpine@sha256%3A…?repository_url=…`, `pkg:docker/…?digest=…`),
 * repository digests (`alpine@sha256:…`) and hashes. Only `sha256` digests
 * are kept, the algorithm Maestro identifies images by.
 */
import {
  EvidenceSubject,
  explainInvalidImageRepository,
  ImageArtifactRef,
  normalizeImageRepository,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { unique } from './documentShape';

const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** The parts of a package URL the parsers use. */
export type PackageUrlParts = {
  type: string;
  /** Namespace and name, decoded, joined by `/`. */
  path: string;
  version?: string;
  qualifiers: Record<string, string>;
};

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Splits `pkg:type/namespace/name@version?qualifiers#subpath`; undefined when it is not a purl. */
export function parsePackageUrl(purl: string): PackageUrlParts | undefined {
  const match = /^pkg:([a-zA-Z][a-zA-Z0-9.+-]*)\/([^?#]+)(?:\?([^#]*))?/.exec(
    purl,
  );
  if (!match) {
    return undefined;
  }
  const [, type, rest, query] = match;
  // The version starts at the last `@` of the path (npm scopes are `%40`-encoded).
  const at = rest.lastIndexOf('@');
  const path = at >= 0 ? rest.slice(0, at) : rest;
  const qualifiers: Record<string, string> = {};
  for (const pair of (query ?? '').split('&')) {
    const equals = pair.indexOf('=');
    if (equals > 0) {
      qualifiers[pair.slice(0, equals).toLowerCase()] = decode(
        pair.slice(equals + 1),
      );
    }
  }
  return {
    type: type.toLowerCase(),
    path: path.split('/').map(decode).join('/'),
    version: at >= 0 ? decode(rest.slice(at + 1)) : undefined,
    qualifiers,
  };
}

/** The purl type (`npm`, `deb`, `oci`), or undefined for anything else. */
export function packageUrlType(purl: string | undefined): string | undefined {
  return purl ? parsePackageUrl(purl)?.type : undefined;
}

/** `sha256:<hex>` from the forms tools write: `sha256:…`, `sha256%3A…`, upper-case hex. */
export function normalizeSha256(value: string | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  const candidate = decode(value).trim().toLowerCase();
  return SHA256_DIGEST.test(candidate) ? candidate : undefined;
}

/**
 * The image a purl names by digest: `pkg:oci/<name>@sha256:…` (repository
 * from `repository_url`), or `pkg:docker/<ns>/<name>@sha256:…` or
 * `…?digest=sha256:…` (registry from `repository_url`).
 */
export function imageFromPackageUrl(
  purl: string | undefined,
): { digest: string; repository?: string } | undefined {
  const parts = purl ? parsePackageUrl(purl) : undefined;
  if (!parts || (parts.type !== 'oci' && parts.type !== 'docker')) {
    return undefined;
  }
  const digest =
    normalizeSha256(parts.version) ?? normalizeSha256(parts.qualifiers.digest);
  if (!digest) {
    return undefined;
  }
  const registry = parts.qualifiers.repository_url;
  if (parts.type === 'oci') {
    return { digest, repository: registry ?? parts.path };
  }
  return {
    digest,
    repository: registry ? `${registry}/${parts.path}` : parts.path,
  };
}

/** Splits a repository digest such as `alpine@sha256:…`; undefined when it has no sha256 digest. */
export function parseRepoDigest(value: string): ImageArtifactRef | undefined {
  const at = value.lastIndexOf('@');
  if (at <= 0) {
    return undefined;
  }
  const digest = normalizeSha256(value.slice(at + 1));
  return digest ? { repository: value.slice(0, at), digest } : undefined;
}

/**
 * A stated repository in the form artifacts are stored in (`alpine` and
 * `index.docker.io/library/alpine` are `docker.io/library/alpine`); one that
 * is no valid repository stays as the document wrote it.
 */
function normalizedRepository(repository: string): string {
  return explainInvalidImageRepository(repository)
    ? repository
    : normalizeImageRepository(repository);
}

/**
 * Builds a subject from what a document states, leaving out what it does
 * not. Image repositories are normalized, so one image stated twice (a repo
 * digest and a purl) is listed once.
 */
export function buildSubject(stated: {
  name?: string;
  version?: string;
  purl?: string;
  repoDigests?: string[];
  digest?: string;
  imageId?: string;
}): EvidenceSubject {
  const images: ImageArtifactRef[] = [];
  const seen = new Set<string>();
  const addImage = (found: ImageArtifactRef | undefined) => {
    if (!found) return;
    const image = {
      repository: normalizedRepository(found.repository),
      digest: found.digest,
    };
    const key = `${image.repository}@${image.digest}`;
    if (!seen.has(key)) {
      seen.add(key);
      images.push(image);
    }
  };
  for (const repoDigest of unique(stated.repoDigests ?? [])) {
    addImage(parseRepoDigest(repoDigest));
  }
  const fromPurl = imageFromPackageUrl(stated.purl);
  if (fromPurl?.repository) {
    addImage({ repository: fromPurl.repository, digest: fromPurl.digest });
  }
  const subject: EvidenceSubject = {
    images,
    // What a registry reference resolves to first (purl, repo digest), then a
    // platform manifest digest or hash the document states.
    digest:
      fromPurl?.digest ?? images[0]?.digest ?? normalizeSha256(stated.digest),
  };
  if (stated.name) subject.name = stated.name;
  if (stated.version) subject.version = stated.version;
  if (stated.purl) subject.purl = stated.purl;
  const imageId = normalizeSha256(stated.imageId);
  if (imageId) subject.imageId = imageId;
  if (!subject.digest) delete subject.digest;
  return subject;
}

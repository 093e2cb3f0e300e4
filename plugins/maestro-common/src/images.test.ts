import {
  explainInvalidImageRepository,
  isImageDigest,
  normalizeImageRepository,
} from './images';

describe('image references', () => {
  it.each([
    'ghcr.io/acme/payments-api',
    'registry.internal:5000/team/sub/service_name',
    'docker.io/library/nginx',
    'nginx',
    'keycloak/keycloak',
    'localhost/app',
  ])('accepts the repository %s', repository => {
    expect(explainInvalidImageRepository(repository)).toBeUndefined();
  });

  it.each([
    ['ghcr.io/acme/payments-api:1.2.3', /contains a tag/],
    ['nginx:1.25', /contains a tag/],
    ['localhost:5000', /contains a tag/],
    ['ghcr.io/acme/payments-api@sha256:abc', /contains a digest/],
    ['ghcr.io/Acme/Payments', /not an image repository.*must be lower-case/],
    ['Nginx', /not an image repository.*must be lower-case/],
    ['Acme/api', /'Acme' is neither a registry host/],
    ['ghcr.io/acme/../x', /not an image repository/],
    ['ghcr.io/', /not an image repository/],
    ['', /not an image repository/],
    [' nginx', /not an image repository/],
    ['a'.repeat(64), /an image ID, not a name/],
    [`ghcr.io/${'a'.repeat(250)}`, /longer than 255 characters/],
  ])('refuses %j and says why', (value, reason) => {
    expect(explainInvalidImageRepository(value)).toMatch(reason);
    expect(() => normalizeImageRepository(value)).toThrow(reason);
  });

  describe('normalizeImageRepository, as the distribution reference grammar reads names', () => {
    it.each([
      ['nginx', 'docker.io/library/nginx'],
      ['library/nginx', 'docker.io/library/nginx'],
      ['docker.io/nginx', 'docker.io/library/nginx'],
      ['index.docker.io/library/nginx', 'docker.io/library/nginx'],
      ['keycloak/keycloak', 'docker.io/keycloak/keycloak'],
      ['docker.io/keycloak/keycloak', 'docker.io/keycloak/keycloak'],
      ['index.docker.io/keycloak/keycloak', 'docker.io/keycloak/keycloak'],
      ['localhost/app', 'localhost/app'],
      ['LOCALHOST/app', 'localhost/app'],
      ['localhost:5001/team/app', 'localhost:5001/team/app'],
      ['registry:5000/app', 'registry:5000/app'],
      ['GHCR.io/acme/api', 'ghcr.io/acme/api'],
      ['ghcr.io/acme/payments-api', 'ghcr.io/acme/payments-api'],
      ['quay.io/keycloak/keycloak', 'quay.io/keycloak/keycloak'],
    ])('%s → %s', (value, normalized) => {
      expect(normalizeImageRepository(value)).toBe(normalized);
      expect(normalizeImageRepository(normalized)).toBe(normalized);
    });
  });

  it('recognizes sha256 digests only', () => {
    expect(isImageDigest(`sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isImageDigest(`sha256:${'A'.repeat(64)}`)).toBe(false);
    expect(isImageDigest(`sha512:${'a'.repeat(64)}`)).toBe(false);
    expect(isImageDigest('latest')).toBe(false);
  });
});

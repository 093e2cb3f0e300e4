import { explainInvalidImageRepository, isImageDigest } from './images';

describe('image references', () => {
  it.each([
    'ghcr.io/acme/payments-api',
    'registry.internal:5000/team/sub/service_name',
    'docker.io/library/nginx',
  ])('accepts the repository %s', repository => {
    expect(explainInvalidImageRepository(repository)).toBeUndefined();
  });

  it.each([
    ['ghcr.io/acme/payments-api:1.2.3', /contains a tag/],
    ['ghcr.io/acme/payments-api@sha256:abc', /contains a digest/],
    ['nginx', /not an image repository/],
    ['ghcr.io/Acme/Payments', /not an image repository/],
    ['ghcr.io/acme/../x', /not an image repository/],
  ])('refuses %s and says why', (value, reason) => {
    expect(explainInvalidImageRepository(value)).toMatch(reason);
  });

  it('recognizes sha256 digests only', () => {
    expect(isImageDigest(`sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isImageDigest(`sha256:${'A'.repeat(64)}`)).toBe(false);
    expect(isImageDigest(`sha512:${'a'.repeat(64)}`)).toBe(false);
    expect(isImageDigest('latest')).toBe(false);
  });
});

import { parseImageReference, sameRepository } from './imageReference';

describe('image references in policy inputs', () => {
  it('splits a reference into repository, tag and digest, keeping a registry port', () => {
    expect(
      parseImageReference(`registry:5000/app:1.2@sha256:${'a'.repeat(64)}`),
    ).toEqual({
      raw: `registry:5000/app:1.2@sha256:${'a'.repeat(64)}`,
      repository: 'registry:5000/app',
      tag: '1.2',
      digest: `sha256:${'a'.repeat(64)}`,
    });
    expect(parseImageReference('registry:5000/app').tag).toBe('');
  });

  it.each([
    ['keycloak/keycloak', 'docker.io/keycloak/keycloak'],
    ['keycloak/keycloak:26.0', 'index.docker.io/keycloak/keycloak'],
    ['nginx:1.25', 'docker.io/library/nginx'],
    [`nginx@sha256:${'b'.repeat(64)}`, 'index.docker.io/library/nginx:latest'],
    ['GHCR.io/acme/api:1', 'ghcr.io/acme/api'],
    ['${REGISTRY}/app', '${registry}/app'],
  ])('treats %s and %s as one repository', (a, b) => {
    expect(sameRepository(a, b)).toBe(true);
  });

  it.each([
    ['keycloak/keycloak', 'quay.io/keycloak/keycloak'],
    ['ghcr.io/library/nginx', 'nginx'],
    ['localhost/app', 'docker.io/library/app'],
    ['keycloak', 'keycloak/keycloak'],
  ])('tells %s and %s apart', (a, b) => {
    expect(sameRepository(a, b)).toBe(false);
  });
});

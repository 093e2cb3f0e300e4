import { Entity } from '@backstage/catalog-model';
import {
  getImageRepository,
  getReleaseChannels,
  isMaestroAvailable,
} from './annotations';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', annotations },
});

describe('annotations', () => {
  it('puts a component under Maestro when it names its image repository', () => {
    expect(
      isMaestroAvailable(entity({ 'maestro.io/image': 'ghcr.io/acme/x' })),
    ).toBe(true);
    expect(isMaestroAvailable(entity({ 'maestro.io/image': '  ' }))).toBe(
      false,
    );
    expect(isMaestroAvailable(entity({}))).toBe(false);
  });

  it('reads the image repository normalized, and none when it is invalid', () => {
    const imageOf = (value: string) =>
      getImageRepository(entity({ 'maestro.io/image': value }));
    expect(imageOf(' keycloak/keycloak ')).toBe('docker.io/keycloak/keycloak');
    expect(imageOf('nginx')).toBe('docker.io/library/nginx');
    expect(imageOf('ghcr.io/acme/x')).toBe('ghcr.io/acme/x');
    expect(imageOf('ghcr.io/acme/x:latest')).toBeUndefined();
    expect(getImageRepository(entity({}))).toBeUndefined();
  });

  it('reads release channels in order and falls back to dev, staging, prod', () => {
    expect(
      getReleaseChannels(entity({ 'maestro.io/channels': ' dev, prod ,' })),
    ).toEqual(['dev', 'prod']);
    expect(getReleaseChannels(entity({}))).toEqual(['dev', 'staging', 'prod']);
  });
});

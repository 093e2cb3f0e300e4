import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogImageOwnership, readImageOwners } from './ImageOwnership';

const component = (name: string, image?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    ...(image && { annotations: { 'maestro.io/image': image } }),
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:team' },
});

const readOwners = (imageOwners: unknown) =>
  readImageOwners(
    new ConfigReader({ maestro: { supplyChain: { imageOwners } } } as any),
  );

describe('readImageOwners', () => {
  it('reads grants with normalized refs and repositories, merging repeated entities', () => {
    const grants = readOwners([
      {
        entityRef: 'Component:default/Keycloak',
        repositories: ['keycloak/keycloak'],
      },
      {
        entityRef: 'component:keycloak',
        repositories: ['quay.io/keycloak/keycloak'],
      },
    ]);
    expect([...grants.entries()]).toEqual([
      [
        'component:default/keycloak',
        ['docker.io/keycloak/keycloak', 'quay.io/keycloak/keycloak'],
      ],
    ]);
    expect(readImageOwners(new ConfigReader({})).size).toBe(0);
  });

  it.each([
    [
      [{ entityRef: 'group:default/team', repositories: ['nginx'] }],
      /^Invalid config maestro.supplyChain.imageOwners\[0\].entityRef: group:default\/team is a group; only component and resource entities own images/,
    ],
    [
      [{ entityRef: 'component:default/a', repositories: ['nginx:latest'] }],
      /^Invalid config maestro.supplyChain.imageOwners\[0\].repositories\[0\]: 'nginx:latest' contains a tag/,
    ],
    [[{ entityRef: 'component:default/a' }], /repositories/],
  ])(
    'fails startup on a wrong entry, naming the key',
    (imageOwners, reason) => {
      expect(() => readOwners(imageOwners)).toThrow(reason);
    },
  );
});

describe('CatalogImageOwnership', () => {
  const ownership = new CatalogImageOwnership({
    catalog: catalogServiceMock({
      entities: [
        component('keycloak', 'index.docker.io/keycloak/keycloak'),
        component('payments-api', 'ghcr.io/acme/payments-api'),
        component('docs-site'),
        component('broken', 'ghcr.io/acme/broken:latest'),
      ],
    }),
    auth: mockServices.auth(),
    grants: new Map([
      ['component:default/payments-api', ['registry.internal:5000/payments']],
    ]),
  });

  it('lets an entity own the repository its annotation names, compared normalized', async () => {
    await expect(
      ownership.assertOwns(
        'component:default/keycloak',
        'docker.io/keycloak/keycloak',
      ),
    ).resolves.toBeUndefined();
  });

  it('lets an entity own what maestro.supplyChain.imageOwners grants it', async () => {
    await expect(
      ownership.assertOwns(
        'component:default/payments-api',
        'registry.internal:5000/payments',
      ),
    ).resolves.toBeUndefined();
  });

  it.each([
    [
      'component:default/payments-api',
      'docker.io/keycloak/keycloak',
      'component:default/payments-api may not own images of docker.io/keycloak/keycloak: its maestro.io/image annotation names ghcr.io/acme/payments-api, and maestro.supplyChain.imageOwners grants it only registry.internal:5000/payments',
    ],
    [
      'component:default/docs-site',
      'ghcr.io/acme/docs-site',
      'component:default/docs-site may not own images of ghcr.io/acme/docs-site: it has no maestro.io/image annotation, so it owns no images, and maestro.supplyChain.imageOwners grants it none. Annotate the entity with maestro.io/image: ghcr.io/acme/docs-site, or list the repository for it in maestro.supplyChain.imageOwners',
    ],
    [
      'component:default/broken',
      'ghcr.io/acme/broken',
      "component:default/broken may not own images of ghcr.io/acme/broken: its maestro.io/image annotation is invalid ('ghcr.io/acme/broken:latest' contains a tag; give the repository only (Maestro promotes digests, never tags)), so it owns no images, and maestro.supplyChain.imageOwners grants it none",
    ],
    [
      'component:default/ghost',
      'ghcr.io/acme/ghost',
      'component:default/ghost may not own images of ghcr.io/acme/ghost: the catalog has no such entity, and maestro.supplyChain.imageOwners grants it none',
    ],
  ])(
    'refuses %s the repository %s and says why',
    async (ref, repo, message) => {
      const refused = ownership.assertOwns(ref, repo);
      await expect(refused).rejects.toThrow(NotAllowedError);
      await expect(refused).rejects.toThrow(message);
    },
  );
});

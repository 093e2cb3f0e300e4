import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogHudEntityResolver, repositorySlug } from './HudEntityResolver';

const entity = (
  kind: string,
  name: string,
  annotations: Record<string, string>,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, annotations },
  spec: {},
});

function setup() {
  const catalog = catalogServiceMock({
    entities: [
      entity('Component', 'payments-api', {
        'github.com/project-slug': 'Acme/Payments-API',
      }),
      entity('API', 'payments-openapi', {
        'github.com/project-slug': 'acme/payments-api',
      }),
      entity('Component', 'nightly', {
        'maestro.io/tekton-pipeline': 'nightly-build',
      }),
    ],
  });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  let now = 1_000_000;
  const resolver = new CatalogHudEntityResolver({
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    now: () => now,
  });
  return { resolver, getEntities, advance: (ms: number) => (now += ms) };
}

describe('CatalogHudEntityResolver', () => {
  it('finds the component with the project slug, whatever its case or URL form', async () => {
    const { resolver } = setup();
    for (const repository of [
      'acme/payments-api',
      'https://github.com/ACME/payments-api.git',
      'git@github.com:acme/payments-api',
    ]) {
      expect(await resolver.resolve({ repository })).toEqual({
        entityRef: 'component:default/payments-api',
      });
    }
  });

  it('caches answers, "no entity" included, for a minute', async () => {
    const { resolver, getEntities, advance } = setup();
    await resolver.resolve({ repository: 'acme/payments-api' });
    await resolver.resolve({ repository: 'acme/unknown' });
    await resolver.resolve({ repository: 'acme/payments-api' });
    await resolver.resolve({ repository: 'acme/unknown' });
    expect(getEntities).toHaveBeenCalledTimes(2);
    advance(60_001);
    await resolver.resolve({ repository: 'acme/payments-api' });
    expect(getEntities).toHaveBeenCalledTimes(3);
  });

  it('checks an entity ref the event gives, and falls back to the Tekton pipeline', async () => {
    const { resolver } = setup();
    expect(
      await resolver.resolve({ entityRef: 'Component:default/Nightly' }),
    ).toEqual({
      entityRef: 'component:default/nightly',
    });
    expect(
      await resolver.resolve({ entityRef: 'component:default/gone' }),
    ).toEqual({
      reason: 'No catalog entity component:default/gone',
    });
    expect(
      await resolver.resolve({
        repository: 'acme/other',
        tektonPipeline: 'nightly-build',
      }),
    ).toEqual({ entityRef: 'component:default/nightly' });
    expect(await resolver.resolve({})).toEqual({
      reason: expect.stringMatching(/names no entity/),
    });
  });

  it('reads owner/name from slugs and URLs only', () => {
    expect(repositorySlug('https://github.com/acme/payments-api/')).toBe(
      'acme/payments-api',
    );
    expect(repositorySlug('payments-api')).toBeUndefined();
    expect(
      repositorySlug('https://github.com/acme/payments-api/tree/main'),
    ).toBeUndefined();
  });
});

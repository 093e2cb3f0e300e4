import { ConfigReader, JsonObject } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { resolve } from 'node:path';
import { CatalogHudEntityResolver, repositorySlug } from './HudEntityResolver';
import { readTrustedLocations } from './trustedLocations';

/** Where the platform's catalog.locations put their entities. */
const PLATFORM = `file:${resolve('catalog/entities.yaml')}`;
const STRANGER =
  'url:https://github.com/stranger/fork/blob/main/catalog-info.yaml';

const entity = (
  kind: string,
  name: string,
  annotations: Record<string, string>,
  origin: string | null = PLATFORM,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    annotations: {
      ...annotations,
      ...(origin && { 'backstage.io/managed-by-origin-location': origin }),
    },
  },
  spec: {},
});

const slug = (value: string) => ({ 'github.com/project-slug': value });

function setup(extra: ReturnType<typeof entity>[] = [], hud: JsonObject = {}) {
  const catalog = catalogServiceMock({
    entities: [
      entity('Component', 'payments-api', slug('Acme/Payments-API')),
      entity('API', 'payments-openapi', slug('acme/payments-api')),
      entity('Component', 'nightly', {
        'maestro.io/tekton-pipeline': 'nightly-build',
      }),
      ...extra,
    ],
  });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const logger = mockServices.logger.mock();
  let now = 1_000_000;
  const resolver = new CatalogHudEntityResolver({
    catalog,
    auth: mockServices.auth(),
    trusted: readTrustedLocations(
      new ConfigReader({
        catalog: {
          locations: [{ type: 'file', target: './catalog/entities.yaml' }],
        },
        maestro: { hud },
      }),
    ),
    logger,
    now: () => now,
  });
  return {
    resolver,
    getEntities,
    logger,
    advance: (ms: number) => (now += ms),
  };
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

  it('refuses a repository two trusted components claim, naming both, instead of picking one by name', async () => {
    const { resolver } = setup([
      entity('Component', 'ledger-worker', slug('acme/ledger-worker')),
      entity('Component', 'aaa-ledger-copy', slug('acme/ledger-worker')),
    ]);
    expect(
      await resolver.resolve({ repository: 'acme/ledger-worker' }),
    ).toEqual({
      reason:
        'component:default/aaa-ledger-copy and component:default/ledger-worker both claim github.com/project-slug: acme/ledger-worker; its events go to none of them until only one does',
      conflict: {
        annotation: 'github.com/project-slug',
        value: 'acme/ledger-worker',
        problem: 'ambiguous',
        claimants: [
          'component:default/aaa-ledger-copy',
          'component:default/ledger-worker',
        ],
      },
    });
  });

  it('gives the event to the one trusted claimant and ignores, with a warning, entities from other locations', async () => {
    const { resolver, logger } = setup([
      entity('Component', 'ledger-worker', slug('acme/ledger-worker')),
      entity('Component', 'aaa-takeover', slug('acme/ledger-worker'), STRANGER),
      entity('Component', 'no-origin', slug('acme/ledger-worker'), null),
    ]);
    expect(
      await resolver.resolve({ repository: 'acme/ledger-worker' }),
    ).toEqual({
      entityRef: 'component:default/ledger-worker',
    });
    expect(logger.warn).toHaveBeenCalledWith(
      'Build HUD: component:default/aaa-takeover and component:default/no-origin also claim github.com/project-slug: acme/ledger-worker from untrusted catalog locations, ignored; its events go to component:default/ledger-worker',
    );
  });

  it('refuses a repository only untrusted entities claim, saying their location is not trusted', async () => {
    const { resolver } = setup([
      entity('Component', 'lonely', slug('acme/lonely'), STRANGER),
    ]);
    expect(await resolver.resolve({ repository: 'acme/lonely' })).toEqual({
      reason: `github.com/project-slug: acme/lonely is claimed only by component:default/lonely, from a catalog location Maestro does not trust (${STRANGER}); list it in catalog.locations or maestro.hud.trustedLocations`,
      conflict: {
        annotation: 'github.com/project-slug',
        value: 'acme/lonely',
        problem: 'untrusted',
        claimants: ['component:default/lonely'],
      },
    });
  });

  it('trusts locations matching maestro.hud.trustedLocations patterns', async () => {
    const { resolver } = setup(
      [
        entity(
          'Component',
          'discovered',
          slug('acme/discovered'),
          'url:https://github.com/acme/discovered/blob/main/catalog-info.yaml',
        ),
        entity(
          'Component',
          'lookalike',
          slug('acme/lookalike'),
          'url:https://github.com/acme-evil/x/blob/main/catalog-info.yaml',
        ),
      ],
      { trustedLocations: ['url:https://github.com/acme/*'] },
    );
    expect(await resolver.resolve({ repository: 'acme/discovered' })).toEqual({
      entityRef: 'component:default/discovered',
    });
    expect(
      await resolver.resolve({ repository: 'acme/lookalike' }),
    ).toMatchObject({ conflict: { problem: 'untrusted' } });
  });

  it('applies the same rule to Tekton pipelines, and asks the pipeline only when nothing routable claims the repository', async () => {
    const { resolver } = setup([
      entity('Component', 'etl-a', { 'maestro.io/tekton-pipeline': 'etl' }),
      entity('Component', 'etl-b', { 'maestro.io/tekton-pipeline': 'etl' }),
      entity('Component', 'fork', slug('acme/forked'), STRANGER),
      entity('Component', 'mono-a', slug('acme/mono')),
      entity('Component', 'mono-b', slug('acme/mono')),
    ]);
    expect(await resolver.resolve({ tektonPipeline: 'etl' })).toMatchObject({
      conflict: {
        annotation: 'maestro.io/tekton-pipeline',
        problem: 'ambiguous',
        claimants: ['component:default/etl-a', 'component:default/etl-b'],
      },
    });
    // An untrusted claim of the repository does not keep the event from the pipeline's entity.
    expect(
      await resolver.resolve({
        repository: 'acme/forked',
        tektonPipeline: 'nightly-build',
      }),
    ).toEqual({ entityRef: 'component:default/nightly' });
    // An ambiguous repository ends the search.
    expect(
      await resolver.resolve({
        repository: 'acme/mono',
        tektonPipeline: 'nightly-build',
      }),
    ).toMatchObject({
      conflict: {
        value: 'acme/mono',
        claimants: ['component:default/mono-a', 'component:default/mono-b'],
      },
    });
  });

  it('prefers a component to other kinds of the same repository', async () => {
    const { resolver } = setup([
      entity('API', 'ledger-api', slug('acme/ledger')),
      entity('System', 'ledger', slug('acme/ledger')),
    ]);
    // payments-api (Component) beside payments-openapi (API).
    expect(await resolver.resolve({ repository: 'acme/payments-api' })).toEqual(
      {
        entityRef: 'component:default/payments-api',
      },
    );
    expect(await resolver.resolve({ repository: 'acme/ledger' })).toMatchObject(
      {
        conflict: {
          problem: 'ambiguous',
          claimants: ['api:default/ledger-api', 'system:default/ledger'],
        },
      },
    );
  });

  it('caches answers, refusals and "no entity" included, for a minute', async () => {
    const { resolver, getEntities, advance } = setup([
      entity('Component', 'twin-a', slug('acme/twin')),
      entity('Component', 'twin-b', slug('acme/twin')),
    ]);
    for (let n = 0; n < 2; n++) {
      await resolver.resolve({ repository: 'acme/payments-api' });
      await resolver.resolve({ repository: 'acme/unknown' });
      expect(await resolver.resolve({ repository: 'acme/twin' })).toMatchObject(
        { conflict: { problem: 'ambiguous' } },
      );
    }
    expect(getEntities).toHaveBeenCalledTimes(3);
    advance(60_001);
    await resolver.resolve({ repository: 'acme/payments-api' });
    expect(getEntities).toHaveBeenCalledTimes(4);
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

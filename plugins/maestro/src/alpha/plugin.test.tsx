import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { ArtifactListQuery, HudTimelineQuery, maestroApiRef } from '../api';
import {
  artifactSummary,
  buildRun,
  entityTimeline,
  maestroService,
  mockMaestroApi,
} from '../testing/fixtures';
import maestroPlugin from './index';

function component(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
  };
}

describe('maestro plugin for the new frontend system', () => {
  it('renders the Maestro page at /maestro with a title and icon for the nav', async () => {
    const api = mockMaestroApi({
      listServices: jest.fn(async () => ({ items: [maestroService()] })),
    });
    const tester = createExtensionTester(
      maestroPlugin.getExtension('page:maestro'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe('/maestro');
    expect(tester.get(coreExtensionData.title)).toBe('Maestro');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();

    renderInTestApp(tester.reactElement(), {
      apis: [[maestroApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    expect(
      await screen.findByText('ghcr.io/acme/payments-api'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Chain intact: 0 entries verified'),
    ).toBeInTheDocument();
  });

  it('offers the entity tab only on entities that carry maestro.io/image', () => {
    const tester = createExtensionTester(
      maestroPlugin.getExtension('entity-content:maestro'),
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;

    expect(tester.get(coreExtensionData.routePath)).toBe('maestro');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Maestro');
    expect(
      filter(component({ 'maestro.io/image': 'ghcr.io/acme/payments-api' })),
    ).toBe(true);
    expect(filter(component())).toBe(false);
  });

  it('offers the Supply chain tab at supply-chain on the same entities', () => {
    const tester = createExtensionTester(
      maestroPlugin.getExtension('entity-content:maestro/supply-chain'),
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;

    expect(tester.get(coreExtensionData.routePath)).toBe('supply-chain');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Supply chain',
    );
    expect(
      filter(component({ 'maestro.io/image': 'ghcr.io/acme/payments-api' })),
    ).toBe(true);
    expect(filter(component())).toBe(false);
  });

  it("renders the Supply chain tab with the entity's artifacts", async () => {
    const api = mockMaestroApi({
      listArtifacts: jest.fn(async (_query: ArtifactListQuery) => ({
        items: [artifactSummary()],
        totalCount: 1,
      })),
    });
    const tester = createExtensionTester(
      maestroPlugin.getExtension('entity-content:maestro/supply-chain'),
    );

    renderInTestApp(
      <EntityProvider
        entity={component({ 'maestro.io/image': 'ghcr.io/acme/payments-api' })}
      >
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[maestroApiRef, api]] },
    );

    expect(await screen.findByText('prod: blocked')).toBeInTheDocument();
    expect(api.listArtifacts).toHaveBeenCalledWith({
      entityRef: 'component:default/payments-api',
      limit: 20,
      offset: 0,
    });
  });

  it('offers the Builds tab at builds on the same entities', () => {
    const tester = createExtensionTester(
      maestroPlugin.getExtension('entity-content:maestro/builds'),
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;

    expect(tester.get(coreExtensionData.routePath)).toBe('builds');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Builds');
    expect(
      filter(component({ 'maestro.io/image': 'ghcr.io/acme/payments-api' })),
    ).toBe(true);
    expect(filter(component())).toBe(false);
  });

  it("renders the Builds tab with the entity's runs", async () => {
    const api = mockMaestroApi({
      getHudTimeline: jest.fn(async ({ entityRef }: HudTimelineQuery) =>
        entityTimeline({ entityRef, runs: [buildRun({ branch: 'main' })] }),
      ),
    });
    const tester = createExtensionTester(
      maestroPlugin.getExtension('entity-content:maestro/builds'),
    );

    renderInTestApp(
      <EntityProvider
        entity={component({ 'maestro.io/image': 'ghcr.io/acme/payments-api' })}
      >
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[maestroApiRef, api]] },
    );

    expect(
      await screen.findByRole('list', { name: 'Stages of CI #9001' }),
    ).toBeInTheDocument();
    expect(api.getHudTimeline).toHaveBeenCalledWith({
      entityRef: 'component:default/payments-api',
      limit: 20,
    });
  });

  it('provides the Maestro API', () => {
    expect(maestroPlugin.getExtension('api:maestro')).toBeDefined();
  });
});

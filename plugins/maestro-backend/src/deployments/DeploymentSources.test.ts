import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  DeploymentSource,
  DeploymentSourceRequest,
  ObservedDeployment,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { DeploymentSources } from './DeploymentSources';

const request: DeploymentSourceRequest = {
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default' },
  },
  entityRef: 'component:default/payments-api',
  channel: 'prod',
  credentials: mockCredentials.user(),
};

const synced: ObservedDeployment = {
  images: [
    {
      repository: 'ghcr.io/acme/payments-api',
      digest: `sha256:${'a'.repeat(64)}`,
    },
  ],
  sync: { status: 'synced', revision: '3f2c1e9' },
  health: { status: 'healthy' },
  revision: '42',
  observedAt: '2026-12-02T18:00:00.000Z',
};

const source = (
  id: string,
  getDeployment: DeploymentSource['getDeployment'],
): DeploymentSource => ({ id, displayName: `Source ${id}`, getDeployment });

const create = (sources: DeploymentSource[]) =>
  DeploymentSources.create({ sources, logger: mockServices.logger.mock() });

describe('DeploymentSources', () => {
  it('asks every source and keeps apart observed, not configured and failed', async () => {
    const sources = create([
      source('argocd', async () => synced),
      source('argo-rollouts', async () => null),
      source('broken', async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:443');
      }),
    ]);
    await expect(sources.observe(request)).resolves.toEqual([
      {
        source: { id: 'argocd', displayName: 'Source argocd' },
        state: 'observed',
        deployment: synced,
      },
      {
        source: { id: 'argo-rollouts', displayName: 'Source argo-rollouts' },
        state: 'not-configured',
      },
      {
        source: { id: 'broken', displayName: 'Source broken' },
        state: 'failed',
        reason: 'connect ECONNREFUSED 10.0.0.7:443',
      },
    ]);
  });

  it('passes the entity, channel and credentials to the source', async () => {
    const getDeployment = jest.fn(async () => synced);
    await create([source('argocd', getDeployment)]).observe(request);
    expect(getDeployment).toHaveBeenCalledWith(request);
  });

  it('answers nothing when no source is installed', async () => {
    const sources = create([]);
    expect(sources.list()).toEqual([]);
    await expect(sources.observe(request)).resolves.toEqual([]);
  });

  it('lists sources in the order they were added', () => {
    const sources = create([
      source('argocd', async () => null),
      source('argo-rollouts', async () => null),
    ]);
    expect(sources.list().map(s => s.id)).toEqual(['argocd', 'argo-rollouts']);
    expect(sources.get('argo-rollouts')?.displayName).toBe(
      'Source argo-rollouts',
    );
  });

  it('refuses two sources with one id, naming both', () => {
    expect(() =>
      create([
        source('argocd', async () => null),
        { ...source('argocd', async () => null), displayName: 'Other Argo CD' },
      ]),
    ).toThrow(
      "Two Maestro deployment sources have the id 'argocd' (Source argocd, Other Argo CD)",
    );
  });

  it('refuses a source without an id', () => {
    expect(() => create([source('  ', async () => null)])).toThrow(
      'A Maestro deployment source has no id (display name: Source   )',
    );
  });
});

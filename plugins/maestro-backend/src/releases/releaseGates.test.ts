import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DeploymentSources } from '../deployments/DeploymentSources';
import { DatabaseReleaseStore } from './DatabaseReleaseStore';
import { releaseGates } from './releaseGates';
import { readReleasesConfig } from './releasesConfig';
import { PromotionSubject } from './ReleaseService';

const ENTITY = 'component:default/payments-api';
const DIGEST = `sha256:${'a'.repeat(64)}`;
const NOW = new Date('2026-12-02T12:00:00.000Z');

function gates(options: { channels: object; reachedPreviousAt?: string }) {
  const config = readReleasesConfig(
    new ConfigReader({
      maestro: {
        releases: { gitops: { repository: '/tmp/x.git' }, ...options },
      },
    }),
  )!;
  const store = {
    firstReached: async (_: string, channel: string) =>
      channel === 'staging' && options.reachedPreviousAt
        ? { revision: 4, createdAt: options.reachedPreviousAt }
        : undefined,
    listApprovals: async () => [],
  } as unknown as DatabaseReleaseStore;
  return releaseGates({
    store,
    config,
    deployments: DeploymentSources.create({
      sources: [],
      logger: mockServices.logger.mock(),
    }),
    now: () => NOW,
  });
}

const subject = {
  target: {
    entity: {} as any,
    entityRef: ENTITY,
    channels: ['dev', 'staging', 'prod'],
    channel: 'prod',
    channelIndex: 2,
  },
  artifact: { digest: DIGEST },
  requester: 'user:default/ada-lovelace',
} as unknown as PromotionSubject;

describe('releaseGates', () => {
  it('keeps a promotion pending while the digest soaks in the previous channel', async () => {
    const items = await gates({
      channels: { prod: { soakMinutes: 60 } },
      reachedPreviousAt: '2026-12-02T11:30:00.000Z',
    }).evaluate(subject);
    expect(items.find(i => i.id === 'previous-channel')).toEqual(
      expect.objectContaining({
        status: 'pending',
        reason:
          'Soaking in staging until 2026-12-02T12:30:00.000Z (60 minutes)',
      }),
    );
  });

  it('passes once soaked', async () => {
    const items = await gates({
      channels: { prod: { soakMinutes: 60 } },
      reachedPreviousAt: '2026-12-02T10:00:00.000Z',
    }).evaluate(subject);
    expect(items.find(i => i.id === 'previous-channel')?.status).toBe('pass');
  });

  it('fails during a freeze, naming its end and reason, and passes outside it', async () => {
    const freezes = [
      {
        start: '2026-12-01T00:00:00Z',
        end: '2026-12-03T00:00:00Z',
        reason: 'Black Friday week',
      },
    ];
    const frozen = await gates({
      channels: { prod: { freezes } },
      reachedPreviousAt: '2026-12-01T00:00:00Z',
    }).evaluate(subject);
    expect(frozen.find(i => i.id === 'freeze')).toEqual(
      expect.objectContaining({
        status: 'fail',
        reason: 'Frozen until 2026-12-03T00:00:00.000Z: Black Friday week',
      }),
    );
    const later = await gates({
      channels: {
        prod: { freezes: [{ ...freezes[0], end: '2026-12-02T11:00:00Z' }] },
      },
      reachedPreviousAt: '2026-12-01T00:00:00Z',
    }).evaluate(subject);
    expect(later.find(i => i.id === 'freeze')?.status).toBe('pass');
  });

  it('refuses a freeze whose dates are not ISO 8601 at startup', () => {
    expect(() =>
      gates({
        channels: {
          prod: { freezes: [{ start: 'Friday', end: 'Monday', reason: 'x' }] },
        },
      }),
    ).toThrow(
      "maestro.releases.channels.prod.freezes: start 'Friday' is not an ISO 8601 date-time",
    );
  });

  it('asks for approvals from someone other than the requester', async () => {
    const items = await gates({
      channels: { prod: { approvals: 2 } },
      reachedPreviousAt: '2026-12-01T00:00:00Z',
    }).evaluate(subject);
    expect(items.find(i => i.id === 'approvals')).toEqual(
      expect.objectContaining({
        status: 'pending',
        title: '2 approvals from the owning group',
      }),
    );
  });
});

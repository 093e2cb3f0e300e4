import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { MaestroEntitySignal } from '@maestro-conductor/backstage-plugin-maestro-common';
import { act, screen, within } from '@testing-library/react';
import { maestroApiRef } from '../../api';
import {
  mockMaestroApi,
  policyEvaluation,
  policyExemption,
  policyFinding,
} from '../../testing/fixtures';
import { EntityPolicyCard } from './EntityPolicyCard';

const entityRef = 'component:default/payments-api';
const DAY = 24 * 3600 * 1000;

function inDays(days: number) {
  return new Date(
    Date.now() + days * DAY + Math.sign(days) * 3600_000,
  ).toISOString();
}

function failingEvaluation() {
  return policyEvaluation({
    report: {
      passed: false,
      findings: [
        policyFinding({
          ruleId: 'MAESTRO-DF-001',
          location: { file: 'services/api/Dockerfile', line: 3 },
        }),
        policyFinding({
          ruleId: 'MAESTRO-K8S-014',
          message: 'Container app may run as root',
          location: {
            file: 'charts/payments-api',
            resource: {
              kind: 'Deployment',
              namespace: 'payments',
              name: 'api',
            },
            jsonPath: '$.spec.template.spec.containers[0].securityContext',
            template: 'payments-api/templates/deployment.yaml',
          },
          exemption: {
            status: 'expired',
            owner: 'group:default/payments-team',
            reason: 'vendor sidecar',
            ticket: 'SEC-9',
            expiresAt: inDays(-2),
          },
        }),
        policyFinding({
          ruleId: 'MAESTRO-DF-003',
          severity: 'warn',
          message: 'No HEALTHCHECK',
          location: { file: 'services/api/Dockerfile' },
        }),
      ],
      summary: {
        deny: 2,
        warn: 1,
        exempted: 0,
        expiredExemptions: 1,
        resources: 4,
        rules: 20,
      },
      profile: 'default',
      evaluatedAt: '2026-11-23T10:00:00.000Z',
    },
  });
}

function manualSignalApi() {
  let listener: ((message: MaestroEntitySignal) => void) | undefined;
  const api: SignalApi = {
    subscribe: (_name, onMessage) => {
      listener = onMessage as unknown as (message: MaestroEntitySignal) => void;
      return { unsubscribe: () => (listener = undefined) };
    },
  };
  const send = (message: MaestroEntitySignal) => act(() => listener?.(message));
  return { api, send };
}

async function renderCard(
  api: ReturnType<typeof mockMaestroApi>,
  signalApi: SignalApi = manualSignalApi().api,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [maestroApiRef, api],
        [signalApiRef, signalApi],
      ]}
    >
      <EntityPolicyCard entityRef={entityRef} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityPolicyCard', () => {
  it('shows a failing evaluation with its deny findings and where they are', async () => {
    const api = mockMaestroApi();
    api.listPolicyResults.mockResolvedValue({ items: [failingEvaluation()] });
    await renderCard(api);

    expect(
      await screen.findByText('Failed: 2 deny findings block release'),
    ).toBeInTheDocument();
    expect(api.listPolicyResults).toHaveBeenCalledWith({ entityRef, limit: 1 });
    expect(screen.getByText('2 deny')).toBeInTheDocument();
    expect(screen.getByText('1 warn')).toBeInTheDocument();
    expect(screen.getByText('0 exempted')).toBeInTheDocument();
    expect(screen.getByText('1 expired exemption')).toBeInTheDocument();

    const dockerfile = screen.getByRole('row', { name: /MAESTRO-DF-001/ });
    expect(within(dockerfile).getByText('deny')).toBeInTheDocument();
    expect(
      within(dockerfile).getByText('services/api/Dockerfile:3'),
    ).toBeInTheDocument();

    const manifest = screen.getByRole('row', { name: /MAESTRO-K8S-014/ });
    expect(
      within(manifest).getByText(
        'Deployment payments/api $.spec.template.spec.containers[0].securityContext (payments-api/templates/deployment.yaml)',
      ),
    ).toBeInTheDocument();
    expect(
      within(manifest).getByText('expired 2 days ago'),
    ).toBeInTheDocument();

    const warning = screen.getByRole('row', { name: /MAESTRO-DF-003/ });
    expect(within(warning).getByText('warn')).toBeInTheDocument();
  });

  it("lists the entity's active exemptions with their expiry", async () => {
    const api = mockMaestroApi({
      listPolicyExemptions: jest.fn(async () => ({
        items: [policyExemption({ expiresAt: inDays(5) })],
      })),
    });
    api.listPolicyResults.mockResolvedValue({ items: [policyEvaluation()] });
    await renderCard(api);

    expect(await screen.findByText('Passed')).toBeInTheDocument();
    expect(api.listPolicyExemptions).toHaveBeenCalledWith({
      entityRef,
      status: 'active',
    });
    const exemptions = await screen.findByRole('list', {
      name: 'Active exemptions',
    });
    expect(within(exemptions).getByText('in 5 days')).toBeInTheDocument();
    expect(within(exemptions).getByText(/SEC-1234/)).toBeInTheDocument();
  });

  it('explains that nothing was evaluated yet', async () => {
    await renderCard(mockMaestroApi());

    expect(
      await screen.findByText('No policy evaluation yet'),
    ).toBeInTheDocument();
    expect(screen.getByText('No active exemptions.')).toBeInTheDocument();
  });

  it('shows the error when the results cannot be read', async () => {
    const api = mockMaestroApi();
    api.listPolicyResults.mockRejectedValue(
      new Error('policy store unavailable'),
    );
    await renderCard(api);

    expect(
      await screen.findByText('Error: policy store unavailable'),
    ).toBeInTheDocument();
  }, 15_000);

  it('refetches when Maestro signals a policy change for the entity', async () => {
    const api = mockMaestroApi();
    const listPolicyResults = api.listPolicyResults
      .mockResolvedValueOnce({ items: [] })
      .mockResolvedValueOnce({ items: [failingEvaluation()] });
    const signals = manualSignalApi();
    await renderCard(api, signals.api);
    expect(
      await screen.findByText('No policy evaluation yet'),
    ).toBeInTheDocument();

    await signals.send({ topic: 'policy', entityRef, at: inDays(0) });

    expect(
      await screen.findByText('Failed: 2 deny findings block release'),
    ).toBeInTheDocument();
    expect(listPolicyResults).toHaveBeenCalledTimes(2);
  });
});

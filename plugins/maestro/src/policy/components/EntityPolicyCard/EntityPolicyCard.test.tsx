import { Entity } from '@backstage/catalog-model';
import { alertApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { MaestroEntitySignal } from '@maestro-conductor/backstage-plugin-maestro-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { maestroApiRef, PolicyExemptionRequest } from '../../../api';
import {
  mockMaestroApi,
  policyEvaluation,
  policyExemption,
  policyFinding,
} from '../../../testing/fixtures';
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

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api' },
  spec: { type: 'service', owner: 'payments-team' },
};

/**
 * The card on the entity's page, with a permission API answering
 * `maestro.exemption.manage`. usePermission caches answers per entity for
 * the whole file, so tests that are refused use another entity.
 */
async function renderOnEntityPage(
  api: ReturnType<typeof mockMaestroApi>,
  options: { result?: 'ALLOW' | 'DENY'; ref?: string } = {},
) {
  const authorize = jest.fn((_request: unknown) => options.result ?? 'ALLOW');
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [maestroApiRef, api],
        [signalApiRef, manualSignalApi().api],
        [permissionApiRef, mockApis.permission({ authorize })],
        [alertApiRef, alertApi],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityPolicyCard entityRef={options.ref ?? entityRef} />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { authorize, alertApi };
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

  it('marks an active exemption that duplicates an older one', async () => {
    const original = policyExemption({
      id: 'ex-old',
      ticket: 'SEC-1',
      createdAt: '2026-11-01T09:00:00.000Z',
      expiresAt: inDays(5),
    });
    const api = mockMaestroApi({
      listPolicyExemptions: jest.fn(async () => ({
        items: [
          policyExemption({
            id: 'ex-new',
            ticket: 'SEC-2',
            reason: 'Filed twice by a double click',
            createdAt: '2026-11-02T09:00:00.000Z',
            expiresAt: inDays(6),
          }),
          original,
          policyExemption({
            id: 'ex-other',
            ticket: 'SEC-3',
            reason: 'Another resource entirely',
            selector: { resourceName: 'worker' },
            expiresAt: inDays(7),
          }),
        ],
      })),
    });
    api.listPolicyResults.mockResolvedValue({ items: [policyEvaluation()] });
    await renderCard(api);

    const exemptions = await screen.findByRole('list', {
      name: 'Active exemptions',
    });
    const items = within(exemptions).getAllByRole('listitem');
    const duplicate = items.find(item =>
      item.textContent?.includes('Filed twice'),
    )!;
    const note = `duplicate of SEC-1, added ${new Date(
      original.createdAt,
    ).toLocaleDateString()}`;
    expect(within(duplicate).getByText(note)).toBeInTheDocument();
    expect(within(exemptions).getAllByText(/^duplicate of/)).toHaveLength(1);
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

  it('exempts a finding from where it is, then shows the new exemption', async () => {
    const evaluation = failingEvaluation();
    evaluation.report.findings.push(
      policyFinding({
        ruleId: 'MAESTRO-DF-007',
        location: { file: 'services/api/Dockerfile', line: 9 },
        exemption: {
          status: 'active',
          owner: 'group:default/payments-team',
          reason: 'legacy',
          ticket: 'SEC-5',
          expiresAt: inDays(10),
        },
      }),
    );
    const created = policyExemption({ id: 'ex-new', ticket: 'SEC-77' });
    const api = mockMaestroApi({
      listPolicyExemptions: jest
        .fn()
        .mockResolvedValueOnce({ items: [] })
        .mockResolvedValue({ items: [created] }),
      createPolicyExemption: jest.fn(
        async (_request: PolicyExemptionRequest) => created,
      ),
    });
    api.listPolicyResults.mockResolvedValue({ items: [evaluation] });
    const { alertApi } = await renderOnEntityPage(api);

    const manifest = await screen.findByRole('row', {
      name: /MAESTRO-K8S-014/,
    });
    // Only findings no active exemption covers offer the action.
    const covered = screen.getByRole('row', { name: /MAESTRO-DF-007/ });
    expect(
      within(covered).queryByRole('button', { name: /^Exempt / }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      await within(manifest).findByRole('button', { name: /^Exempt / }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Add exemption',
    });
    await userEvent.click(within(dialog).getByLabelText(/^Reason/));
    await userEvent.paste('Vendor sidecar needs root until 2.0');
    await userEvent.click(within(dialog).getByLabelText(/^Ticket/));
    await userEvent.paste('SEC-77');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add exemption' }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    const expiresOn = new Date();
    expiresOn.setDate(expiresOn.getDate() + 30);
    expiresOn.setHours(0, 0, 0, 0);
    expect(api.createPolicyExemption).toHaveBeenCalledWith(
      {
        entityRef,
        ruleId: 'MAESTRO-K8S-014',
        selector: {
          resourceKind: 'Deployment',
          namespace: 'payments',
          resourceName: 'api',
        },
        // From the entity page: spec.owner, read as a group.
        owner: 'group:default/payments-team',
        reason: 'Vendor sidecar needs root until 2.0',
        ticket: 'SEC-77',
        expiresAt: expiresOn.toISOString(),
      },
      { idempotencyKey: expect.any(String) },
    );
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ severity: 'success' }),
    );
    const exemptions = await screen.findByRole('list', {
      name: 'Active exemptions',
    });
    expect(within(exemptions).getByText(/SEC-77/)).toBeInTheDocument();
    expect(api.listPolicyExemptions).toHaveBeenCalledTimes(2);
    expect(api.listPolicyResults).toHaveBeenCalledTimes(2);
  }, 20_000);

  it('opens a blank form for the entity from "Add exemption"', async () => {
    const api = mockMaestroApi();
    await renderOnEntityPage(api);

    const add = await screen.findByRole('button', { name: 'Add exemption' });
    await waitFor(() => expect(add).toBeEnabled());
    await userEvent.click(add);

    const dialog = await screen.findByRole('dialog', {
      name: 'Add exemption',
    });
    expect(within(dialog).getByRole('combobox', { name: /^Rule/ })).toHaveValue(
      '',
    );
    expect(within(dialog).getByLabelText(/^Owner/)).toHaveValue(
      'group:default/payments-team',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.createPolicyExemption).not.toHaveBeenCalled();
  }, 20_000);

  it('revokes an active exemption only after confirmation', async () => {
    const api = mockMaestroApi({
      listPolicyExemptions: jest
        .fn()
        .mockResolvedValueOnce({
          items: [policyExemption({ id: 'ex-42', expiresAt: inDays(5) })],
        })
        .mockResolvedValue({ items: [] }),
    });
    await renderOnEntityPage(api);

    const revoke = await screen.findByRole('button', {
      name: 'Revoke exemption from MAESTRO-K8S-014 (SEC-1234)',
    });
    await userEvent.click(revoke);
    let confirm = await screen.findByRole('dialog', {
      name: 'Revoke exemption?',
    });
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.revokePolicyExemption).not.toHaveBeenCalled();

    await userEvent.click(revoke);
    confirm = await screen.findByRole('dialog', { name: 'Revoke exemption?' });
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Revoke' }),
    );

    expect(
      await screen.findByText('No active exemptions.'),
    ).toBeInTheDocument();
    expect(api.revokePolicyExemption).toHaveBeenCalledTimes(1);
    expect(api.revokePolicyExemption).toHaveBeenCalledWith('ex-42');
  }, 20_000);

  it('keeps the exemption actions from people the permission refuses', async () => {
    const billing = 'component:default/billing-api';
    const api = mockMaestroApi({
      listPolicyExemptions: jest.fn(async () => ({
        items: [policyExemption({ entityRef: billing, expiresAt: inDays(5) })],
      })),
    });
    api.listPolicyResults.mockResolvedValue({ items: [failingEvaluation()] });
    const { authorize } = await renderOnEntityPage(api, {
      result: 'DENY',
      ref: billing,
    });

    await screen.findByRole('row', { name: /MAESTRO-K8S-014/ });
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'maestro.exemption.manage',
          }),
          resourceRef: billing,
        }),
      ),
    );
    const add = screen.getByRole('button', { name: 'Add exemption' });
    await waitFor(() =>
      expect(add.parentElement).toHaveAttribute(
        'title',
        "Only the entity's owners and policy administrators may manage its exemptions (permission maestro.exemption.manage).",
      ),
    );
    expect(add).toBeDisabled();
    expect(
      screen.queryByRole('button', { name: /^Exempt / }),
    ).not.toBeInTheDocument();
    expect(await screen.findByText(/SEC-1234/)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Revoke/ }),
    ).not.toBeInTheDocument();
  });

  it('offers no exemption actions where the app has no permission API', async () => {
    const api = mockMaestroApi({
      listPolicyExemptions: jest.fn(async () => ({
        items: [policyExemption({ expiresAt: inDays(5) })],
      })),
    });
    api.listPolicyResults.mockResolvedValue({ items: [failingEvaluation()] });
    await renderCard(api);

    await screen.findByRole('row', { name: /MAESTRO-K8S-014/ });
    expect(await screen.findByText(/SEC-1234/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Add exemption' }),
    ).toBeDisabled();
    expect(
      screen.queryByRole('button', { name: /^(Exempt|Revoke) / }),
    ).not.toBeInTheDocument();
  });
});

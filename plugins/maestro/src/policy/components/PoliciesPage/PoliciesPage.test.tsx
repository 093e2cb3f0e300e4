import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { maestroApiRef } from '../../../api';
import {
  mockMaestroApi,
  policyExemption,
  policyRule,
} from '../../../testing/fixtures';
import { PoliciesPage } from './PoliciesPage';

const DAY = 24 * 3600 * 1000;
const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

function inDays(days: number) {
  // An hour of slack so the test does not race the clock.
  return new Date(
    Date.now() + days * DAY + Math.sign(days) * 3600_000,
  ).toISOString();
}

async function renderPage(api: ReturnType<typeof mockMaestroApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[maestroApiRef, api]]}>
      <PoliciesPage />
    </TestApiProvider>,
    { mountedRoutes },
  );
}

/**
 * The page with a permission API that answers `maestro.exemption.manage`
 * per entity. usePermission caches answers per entity for the whole file,
 * so each entity gets one answer throughout.
 */
async function renderPageWithPermissions(
  api: ReturnType<typeof mockMaestroApi>,
  allowed: (entityRef: string) => boolean,
) {
  const authorize = jest.fn((request: { resourceRef?: string }) =>
    allowed(request.resourceRef ?? '') ? ('ALLOW' as const) : ('DENY' as const),
  );
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [maestroApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      <PoliciesPage />
    </TestApiProvider>,
    { mountedRoutes },
  );
  return { authorize };
}

describe('PoliciesPage', () => {
  it('lists the rules with severity and how often each fired', async () => {
    await renderPage(
      mockMaestroApi({
        listPolicyRules: jest.fn(async () => ({
          items: [
            policyRule({ fired: 7, evaluations: 3 }),
            policyRule({
              id: 'MAESTRO-DF-003',
              kind: 'dockerfile',
              severity: 'warn',
              title: 'HEALTHCHECK declared',
              remediation: 'Add a HEALTHCHECK instruction.',
              fired: 0,
              evaluations: 0,
            }),
          ],
        })),
      }),
    );

    const fired = await screen.findByRole('row', { name: /MAESTRO-K8S-014/ });
    expect(within(fired).getByText('deny')).toBeInTheDocument();
    expect(within(fired).getByText('kubernetes')).toBeInTheDocument();
    expect(
      within(fired).getByText('7 findings in 3 evaluations'),
    ).toBeInTheDocument();
    const quiet = screen.getByRole('row', { name: /MAESTRO-DF-003/ });
    expect(within(quiet).getByText('warn')).toBeInTheDocument();
    expect(within(quiet).getByText('Not fired')).toBeInTheDocument();
    expect(within(quiet).getByText('HEALTHCHECK declared')).toHaveAttribute(
      'title',
      'Add a HEALTHCHECK instruction.',
    );
  });

  it('highlights expired exemptions and marks revoked ones', async () => {
    await renderPage(
      mockMaestroApi({
        listPolicyExemptions: jest.fn(async () => ({
          items: [
            policyExemption({ id: 'a', ticket: 'SEC-1', expiresAt: inDays(5) }),
            policyExemption({
              id: 'b',
              ticket: 'SEC-2',
              expiresAt: inDays(-2),
              status: 'expired',
            }),
            policyExemption({
              id: 'c',
              ticket: 'SEC-3',
              status: 'revoked',
              revokedAt: inDays(-1),
            }),
          ],
        })),
      }),
    );

    const active = await screen.findByRole('row', { name: /SEC-1/ });
    expect(within(active).getByText('in 5 days')).toBeInTheDocument();
    expect(
      within(active).getByRole('link', { name: /payments-api/ }),
    ).toBeInTheDocument();

    const expired = screen.getByRole('row', { name: /SEC-2/ });
    expect(within(expired).getByText('expired 2 days ago')).toBeInTheDocument();
    expect(expired.getAttribute('style')).toMatch(/background-color/);
    expect(active.getAttribute('style') ?? '').not.toMatch(/background-color/);

    const revoked = screen.getByRole('row', { name: /SEC-3/ });
    expect(within(revoked).getByText(/^revoked/)).toBeInTheDocument();
  });

  it('asks the backend for the exemptions in the chosen status', async () => {
    const api = mockMaestroApi();
    await renderPage(api);
    await waitFor(() =>
      expect(api.listPolicyExemptions).toHaveBeenCalledWith({
        entityRef: undefined,
        status: undefined,
      }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Expired' }));

    await waitFor(() =>
      expect(api.listPolicyExemptions).toHaveBeenLastCalledWith({
        entityRef: undefined,
        status: 'expired',
      }),
    );
    expect(
      await screen.findByText('No expired exemptions.'),
    ).toBeInTheDocument();
  });

  it('shows the backend error when the rules cannot be read', async () => {
    const failure = new Error('policy store unavailable');
    await renderPage(
      mockMaestroApi({
        listPolicyRules: jest.fn(async () => Promise.reject(failure)),
      }),
    );

    expect(
      await screen.findByText('Error: policy store unavailable'),
    ).toBeInTheDocument();
  }, 15_000);

  it('revokes an active exemption from the table after confirmation', async () => {
    const api = mockMaestroApi({
      listPolicyExemptions: jest
        .fn()
        .mockResolvedValueOnce({
          items: [
            policyExemption({
              id: 'ex-7',
              ticket: 'SEC-7',
              expiresAt: inDays(5),
            }),
          ],
        })
        .mockResolvedValue({
          items: [
            policyExemption({
              id: 'ex-7',
              ticket: 'SEC-7',
              status: 'revoked',
              revokedAt: inDays(0),
            }),
          ],
        }),
    });
    await renderPageWithPermissions(api, () => true);

    const row = await screen.findByRole('row', { name: /SEC-7/ });
    await userEvent.click(
      await within(row).findByRole('button', { name: /^Revoke/ }),
    );
    const confirm = await screen.findByRole('dialog', {
      name: 'Revoke exemption?',
    });
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Revoke' }),
    );

    await waitFor(() =>
      expect(
        within(screen.getByRole('row', { name: /SEC-7/ })).getByText(
          /^revoked/,
        ),
      ).toBeInTheDocument(),
    );
    expect(api.revokePolicyExemption).toHaveBeenCalledWith('ex-7');
    expect(api.listPolicyExemptions).toHaveBeenCalledTimes(2);
  }, 20_000);

  it('marks active exemptions that duplicate an older one of the same entity', async () => {
    const api = mockMaestroApi({
      listPolicyExemptions: jest.fn(async () => ({
        items: [
          policyExemption({
            id: 'a',
            ticket: 'SEC-1',
            createdAt: '2026-11-01T09:00:00.000Z',
            expiresAt: inDays(5),
          }),
          policyExemption({
            id: 'b',
            ticket: 'SEC-2',
            createdAt: '2026-11-03T09:00:00.000Z',
            expiresAt: inDays(6),
          }),
          // Same rule and selector, another entity: not a duplicate.
          policyExemption({
            id: 'c',
            ticket: 'SEC-3',
            entityRef: 'component:default/billing-api',
            createdAt: '2026-11-04T09:00:00.000Z',
            expiresAt: inDays(7),
          }),
        ],
      })),
    });
    await renderPage(api);

    const duplicate = await screen.findByRole('row', { name: /SEC-2/ });
    expect(
      within(duplicate).getByText(
        `duplicate of SEC-1, added ${new Date(
          '2026-11-01T09:00:00.000Z',
        ).toLocaleDateString()}`,
      ),
    ).toBeInTheDocument();
    for (const ticket of [/SEC-1/, /SEC-3/]) {
      expect(
        within(screen.getByRole('row', { name: ticket })).queryByText(
          /^duplicate of/,
        ),
      ).not.toBeInTheDocument();
    }
  });

  it('offers Revoke only on exemptions of entities the user may manage', async () => {
    const mine = 'component:default/payments-api';
    const api = mockMaestroApi({
      listPolicyExemptions: jest.fn(async () => ({
        items: [
          policyExemption({ id: 'a', ticket: 'SEC-1', expiresAt: inDays(5) }),
          policyExemption({
            id: 'b',
            ticket: 'SEC-2',
            entityRef: 'component:default/billing-api',
            expiresAt: inDays(5),
          }),
          policyExemption({
            id: 'c',
            ticket: 'SEC-3',
            status: 'expired',
            expiresAt: inDays(-1),
          }),
        ],
      })),
    });
    const { authorize } = await renderPageWithPermissions(
      api,
      entityRef => entityRef === mine,
    );

    const allowed = await screen.findByRole('row', { name: /SEC-1/ });
    expect(
      await within(allowed).findByRole('button', { name: /^Revoke/ }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          resourceRef: 'component:default/billing-api',
        }),
      ),
    );
    const refused = screen.getByRole('row', { name: /SEC-2/ });
    expect(
      within(refused).queryByRole('button', { name: /^Revoke/ }),
    ).not.toBeInTheDocument();
    const expired = screen.getByRole('row', { name: /SEC-3/ });
    expect(
      within(expired).queryByRole('button', { name: /^Revoke/ }),
    ).not.toBeInTheDocument();
  }, 20_000);
});

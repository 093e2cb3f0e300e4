/**
 * OPA delegation against a FAKE OPA server (./__testUtils__/fakeOpaServer.ts):
 * no OPA binary can run here, so the server is built from the request and
 * response shapes OPA's REST API documents, and each "policy" is a function
 * returning what the Rego rule it stands for would.
 */
import { createPolicyEngine, evaluatePolicy } from '../engine';
import { PolicyInputError } from '../errors';
import type { PolicyExemption, PolicyInput } from '../types';
import {
  COMPLIANT_DOCKERFILE,
  DEPLOYMENT,
  SUPPORT,
} from '../__testUtils__/compliantInputs';
import { OpaDecisionError } from './client';
import {
  startFakeOpa,
  type FakeOpaServer,
} from './__testUtils__/fakeOpaServer';

// Each case compiles the whole rule pack; on two busy cores that passed 5 s.
jest.setTimeout(30_000);

const NOW = new Date('2026-11-23T12:00:00Z');

const inputs: PolicyInput[] = [
  {
    kind: 'dockerfile',
    path: 'services/web/Dockerfile',
    content: COMPLIANT_DOCKERFILE,
  },
  {
    kind: 'kubernetes',
    path: 'deploy/web.yaml',
    content: `# Source: web/templates/deployment.yaml\n${DEPLOYMENT}${SUPPORT}`,
    helm: { chart: 'deploy/web', overlay: 'values-prod.yaml' },
  },
];

/** What `deny contains f if { ... }` over Maestro's input would return. */
function replicasAndRootPolicy(input: any) {
  const findings: unknown[] = [];
  for (const { object } of input.resources) {
    if (object.kind === 'Deployment' && object.spec.replicas < 3) {
      findings.push({
        ruleId: 'ACME-OPA-001',
        msg: `${object.metadata.name} runs ${object.spec.replicas} replicas, production needs 3`,
        kind: object.kind,
        name: object.metadata.name,
        namespace: object.metadata.namespace,
      });
    }
  }
  for (const dockerfile of input.dockerfiles) {
    for (const command of dockerfile.instructions) {
      if (command.Cmd === 'copy' && command.Flags.includes('--from=build')) {
        findings.push({
          msg: 'COPY --from=build: copy from a named release stage instead',
          severity: 'warn',
          file: dockerfile.path,
          line: command.Line,
        });
      }
    }
  }
  return findings;
}

describe('OPA delegation', () => {
  let opa: FakeOpaServer | undefined;

  afterEach(async () => {
    await opa?.close();
    opa = undefined;
  });

  it('sends one Data API request with conftest-shaped input and adds the findings with rule IDs and locations', async () => {
    opa = await startFakeOpa({
      documents: { 'maestro/deny': replicasAndRootPolicy },
    });
    const engine = createPolicyEngine({
      opa: { url: opa.url, path: 'maestro/deny' },
    });

    const report = await engine.evaluateAsync(inputs, {
      profile: 'strict',
      entityRef: 'component:default/web',
      now: NOW,
    });

    expect(opa.requests).toHaveLength(1);
    const [request] = opa.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/data/maestro/deny');
    expect(request.headers['content-type']).toBe('application/json');
    expect(Object.keys(request.body)).toEqual(['input']);
    const input = request.body.input;
    expect(input.profile).toBe('strict');
    expect(input.entityRef).toBe('component:default/web');
    expect(input.dockerfiles[0].path).toBe('services/web/Dockerfile');
    expect(input.dockerfiles[0].instructions[0]).toMatchObject({
      Cmd: 'from',
      Value: [expect.stringMatching(/^node:22/), 'AS', 'build'],
      Stage: 0,
      Line: 1,
    });
    expect(input.resources.map((r: any) => r.object.kind)).toEqual([
      'Deployment',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Service',
    ]);
    expect(input.resources[0]).toMatchObject({
      file: 'deploy/web.yaml',
      template: 'web/templates/deployment.yaml',
      overlay: 'values-prod.yaml',
    });

    expect(report.findings).toEqual([
      {
        ruleId: 'ACME-OPA-001',
        severity: 'deny',
        title: 'OPA policy data.maestro.deny',
        message: 'web runs 2 replicas, production needs 3',
        remediation: 'See the OPA policy that defines data.maestro.deny.',
        location: {
          file: 'deploy/web.yaml',
          line: 2,
          resource: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace: 'shop',
            name: 'web',
          },
          jsonPath: '$',
          template: 'web/templates/deployment.yaml',
          overlay: 'values-prod.yaml',
        },
      },
      expect.objectContaining({
        ruleId: 'OPA:maestro/deny',
        severity: 'warn',
        location: { file: 'services/web/Dockerfile', line: 9 },
      }),
    ]);
    expect(report.passed).toBe(false);
    expect(report.summary).toMatchObject({ deny: 1, warn: 1, resources: 5 });
  });

  it('adds OPA findings to the CEL pack findings rather than replacing them', async () => {
    opa = await startFakeOpa({
      documents: { 'maestro/deny': () => ['from OPA'] },
    });
    const engine = createPolicyEngine({
      opa: { url: opa.url, path: 'maestro/deny' },
    });
    const rootDockerfile: PolicyInput = {
      kind: 'dockerfile',
      path: 'Dockerfile',
      content: COMPLIANT_DOCKERFILE.replace('USER 65532:65532', 'USER root'),
    };
    const withoutOpa = createPolicyEngine().evaluate([rootDockerfile], {
      now: NOW,
    });
    const report = await engine.evaluateAsync([rootDockerfile], { now: NOW });
    expect(withoutOpa.findings.length).toBeGreaterThan(0);
    expect(report.findings.map(f => f.ruleId)).toEqual([
      ...withoutOpa.findings.map(f => f.ruleId),
      'OPA:maestro/deny',
    ]);
  });

  it('reads conftest-style string results as deny findings at the decision path', async () => {
    opa = await startFakeOpa({
      documents: {
        'maestro/deny': input =>
          input.dockerfiles.flatMap((d: any) =>
            d.instructions
              .filter((c: any) => c.Cmd === 'user')
              .map((c: any) => `${d.path}: USER ${c.Value[0]} is not allowed`),
          ),
      },
    });
    const engine = createPolicyEngine({
      opa: { url: opa.url, path: '/maestro/deny/' },
    });
    const report = await engine.evaluateAsync([inputs[0]], { now: NOW });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'OPA:maestro/deny',
        severity: 'deny',
        message: 'services/web/Dockerfile: USER 65532:65532 is not allowed',
        location: { file: 'services/web/Dockerfile' },
      }),
    ]);
    expect(report.passed).toBe(false);
  });

  it('reads a conftest package (path main) with deny, violation and warn rules', async () => {
    opa = await startFakeOpa({
      documents: {
        main: () => ({
          deny: ['no latest tags'],
          violation: [{ msg: 'privileged pod', details: {} }],
          warn: ['consider a PodDisruptionBudget'],
          helper_value: 42,
        }),
      },
    });
    const engine = createPolicyEngine({ opa: { url: opa.url, path: 'main' } });
    const report = await engine.evaluateAsync(inputs, { now: NOW });
    expect(
      report.findings.map(f => [
        f.ruleId,
        f.severity,
        f.message,
        f.location.file,
      ]),
    ).toEqual([
      ['OPA:main/deny', 'deny', 'no latest tags', 'opa:main/deny'],
      ['OPA:main/violation', 'deny', 'privileged pod', 'opa:main/violation'],
      [
        'OPA:main/warn',
        'warn',
        'consider a PodDisruptionBudget',
        'opa:main/warn',
      ],
    ]);
  });

  it('applies exemptions to OPA findings exactly like to CEL ones', async () => {
    opa = await startFakeOpa({
      documents: { 'maestro/deny': replicasAndRootPolicy },
    });
    const engine = createPolicyEngine({
      opa: { url: opa.url, path: 'maestro/deny' },
    });
    const exemption = (over: Partial<PolicyExemption>): PolicyExemption => ({
      ruleId: 'ACME-OPA-001',
      selector: {
        resourceKind: 'Deployment',
        resourceName: 'web',
        namespace: 'shop',
      },
      owner: 'team-web',
      reason: 'scaling up next sprint',
      ticket: 'WEB-42',
      expiresAt: '2026-12-01T00:00:00Z',
      ...over,
    });

    const exempted = await engine.evaluateAsync(inputs, {
      now: NOW,
      exemptions: [exemption({})],
    });
    expect(exempted.findings[0].exemption).toMatchObject({
      status: 'active',
      ticket: 'WEB-42',
    });
    expect(exempted.passed).toBe(true);
    expect(exempted.summary).toMatchObject({ deny: 0, exempted: 1 });

    const expired = await engine.evaluateAsync(inputs, {
      now: NOW,
      exemptions: [exemption({ expiresAt: '2026-11-01T00:00:00Z' })],
    });
    expect(expired.findings[0].exemption?.status).toBe('expired');
    expect(expired.passed).toBe(false);

    const otherName = await engine.evaluateAsync(inputs, {
      now: NOW,
      exemptions: [exemption({ selector: { resourceName: 'api' } })],
    });
    expect(otherName.findings[0].exemption).toBeUndefined();

    // An entity-scoped exemption for a default rule ID.
    const byEntity = await engine.evaluateAsync(inputs, {
      now: NOW,
      entityRef: 'component:default/web',
      exemptions: [
        exemption({
          ruleId: 'OPA:maestro/deny',
          selector: {
            entityRef: 'component:default/web',
            file: 'services/web/Dockerfile',
          },
        }),
      ],
    });
    expect(byEntity.findings.map(f => f.exemption?.status)).toEqual([
      undefined,
      'active',
    ]);
  });

  it('fails naming the path when the decision is undefined', async () => {
    opa = await startFakeOpa({ documents: {} });
    const engine = createPolicyEngine({
      opa: { url: opa.url, path: 'maestro/deny' },
    });
    await expect(engine.evaluateAsync(inputs)).rejects.toThrow(
      new OpaDecisionError(
        `OPA at ${opa.url}/v1/data/maestro/deny has no decision at data path 'maestro/deny': the document is undefined (is the policy loaded and the path right?)`,
      ),
    );
  });

  it('hints at slashes when a dotted path is undefined', async () => {
    opa = await startFakeOpa({ documents: {} });
    const engine = createPolicyEngine({
      opa: { url: opa.url, path: 'maestro.deny' },
    });
    await expect(engine.evaluateAsync(inputs)).rejects.toThrow(
      /data paths are slash-separated, e.g. 'maestro\/deny'/,
    );
  });

  it.each([
    [
      500,
      '{"code":"internal_error","message":"storage unavailable"}',
      /answered 500: internal_error: storage unavailable/,
    ],
    [
      400,
      '{"code":"invalid_parameter","message":"error(s) occurred while evaluating query","errors":[]}',
      /answered 400: invalid_parameter: error\(s\) occurred while evaluating query/,
    ],
    [
      502,
      '<html>Bad gateway</html>',
      /answered 502: <html>Bad gateway<\/html>/,
    ],
    [200, '[]', /did not answer with a JSON object \{"result": \.\.\.\}: \[\]/],
    [200, 'not json', /did not answer with a JSON object .*: not json/],
  ])('fails closed when OPA answers %i %s', async (status, body, message) => {
    opa = await startFakeOpa({ reply: { status, body } });
    const engine = createPolicyEngine({
      opa: { url: opa.url, path: 'maestro/deny' },
    });
    const evaluation = engine.evaluateAsync(inputs);
    await expect(evaluation).rejects.toBeInstanceOf(OpaDecisionError);
    await expect(evaluation).rejects.toThrow(message);
  });

  it('fails closed when OPA does not answer in time', async () => {
    opa = await startFakeOpa({ hang: true });
    const engine = createPolicyEngine({
      opa: { url: opa.url, path: 'maestro/deny', timeoutMs: 200 },
    });
    const started = Date.now();
    await expect(engine.evaluateAsync(inputs)).rejects.toThrow(
      /OPA at .*\/v1\/data\/maestro\/deny did not answer within 200 ms/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails closed when OPA is unreachable', async () => {
    opa = await startFakeOpa({ documents: {} });
    const { url } = opa;
    await opa.close();
    opa = undefined;
    const engine = createPolicyEngine({ opa: { url, path: 'maestro/deny' } });
    await expect(engine.evaluateAsync(inputs)).rejects.toThrow(
      /OPA at http:\/\/127\.0\.0\.1:\d+\/v1\/data\/maestro\/deny is unreachable: .*ECONNREFUSED/,
    );
  });

  it.each([
    [true, /is boolean true, not a list of findings/],
    [
      { allow: false },
      /is an object with keys allow, not a list of findings or a package/,
    ],
    [
      { deny: 'x' },
      /decision at data path 'maestro\/deny\/deny' is string "x", not a list/,
    ],
    [[42], /OPA finding item 1 of 'maestro\/deny' is number 42/],
    [
      [{ msg: 'x', severity: 'error' }],
      /has severity "error": use deny or warn/,
    ],
    [[{ message: 'x' }], /expected a string or an object with a string "msg"/],
  ])(
    'fails closed on a decision that is not findings: %j',
    async (result, message) => {
      opa = await startFakeOpa({ documents: { 'maestro/deny': () => result } });
      const engine = createPolicyEngine({
        opa: { url: opa.url, path: 'maestro/deny' },
      });
      await expect(engine.evaluateAsync(inputs)).rejects.toThrow(message);
    },
  );

  it('sends the configured headers, such as a bearer token OPA checks', async () => {
    opa = await startFakeOpa({
      token: 's3cret',
      documents: { 'maestro/deny': () => [] },
    });
    const engine = createPolicyEngine({
      opa: {
        url: opa.url,
        path: 'maestro/deny',
        headers: { Authorization: 'Bearer s3cret', 'X-Tenant': 'acme' },
      },
    });
    const report = await engine.evaluateAsync(inputs);
    expect(report.findings).toEqual([]);
    expect(opa.requests[0].headers).toMatchObject({
      authorization: 'Bearer s3cret',
      'x-tenant': 'acme',
    });

    const wrongToken = createPolicyEngine({
      opa: {
        url: opa.url,
        path: 'maestro/deny',
        headers: { Authorization: 'Bearer nope' },
      },
    });
    const failure = wrongToken.evaluateAsync(inputs);
    await expect(failure).rejects.toThrow(
      /answered 401: unauthorized: request rejected by administrative policy/,
    );
    await expect(failure).rejects.not.toThrow(/nope/);
  });

  it('refuses a synchronous evaluate when OPA is configured, and evaluatePolicy takes the async path', async () => {
    opa = await startFakeOpa({
      documents: { 'maestro/deny': () => ['from OPA'] },
    });
    const engine = createPolicyEngine({
      opa: { url: opa.url, path: 'maestro/deny' },
    });
    expect(engine.opa).toEqual({ url: opa.url, path: 'maestro/deny' });
    expect(() => engine.evaluate(inputs)).toThrow(OpaDecisionError);
    expect(() => engine.evaluate(inputs)).toThrow(/call evaluateAsync/);
    expect(opa.requests).toHaveLength(0);

    const report = await evaluatePolicy(engine, inputs, { now: NOW });
    expect(report.findings.map(f => f.message)).toEqual(['from OPA']);
  });

  it('asks OPA nothing when an input is malformed', async () => {
    opa = await startFakeOpa({ documents: { 'maestro/deny': () => [] } });
    const engine = createPolicyEngine({
      opa: { url: opa.url, path: 'maestro/deny' },
    });
    await expect(
      engine.evaluateAsync([
        { kind: 'dockerfile', path: 'Dockerfile', content: '' },
      ]),
    ).rejects.toBeInstanceOf(PolicyInputError);
    expect(opa.requests).toHaveLength(0);
  });

  it('keeps engines without OPA synchronous and equal through evaluateAsync', async () => {
    const engine = createPolicyEngine();
    expect(engine.opa).toBeUndefined();
    const sync = engine.evaluate(inputs, { now: NOW });
    expect(await engine.evaluateAsync(inputs, { now: NOW })).toEqual(sync);
    expect(
      await evaluatePolicy(
        { rules: engine.rules, evaluate: engine.evaluate },
        inputs,
        { now: NOW },
      ),
    ).toEqual(sync);
  });

  it.each([
    [{ url: '', path: 'x' }, /opa\.url is required/],
    [
      { url: 'ftp://opa', path: 'x' },
      /opa\.url 'ftp:\/\/opa' must be an http or https URL/,
    ],
    [
      { url: 'http://opa:8181', path: 'a//b' },
      /opa\.path 'a\/\/b' is not a data path/,
    ],
    [
      { url: 'http://opa:8181', path: 'x', timeoutMs: 0 },
      /opa\.timeoutMs must be a positive whole number/,
    ],
    [
      { url: 'http://opa:8181', path: 'x', mode: 'replace' },
      /opa\.mode 'replace' is not supported/,
    ],
  ])('refuses engine option %j at creation', (opaOptions, message) => {
    expect(() => createPolicyEngine({ opa: opaOptions as any })).toThrow(
      message,
    );
  });
});

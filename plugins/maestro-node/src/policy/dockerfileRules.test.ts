import { createPolicyEngine } from './engine';
import { COMPLIANT_DOCKERFILE } from './__testUtils__/compliantInputs';
import { dockerfileRuleCases } from './__testUtils__/ruleCases';
import type { PolicyProfile } from './types';

const engine = createPolicyEngine();

function findings(content: string, profile: PolicyProfile = 'default') {
  return engine
    .evaluate([{ kind: 'dockerfile', path: 'Dockerfile', content }], {
      profile,
    })
    .findings.map(f => ({ ruleId: f.ruleId, line: f.location.line }));
}

describe('built-in Dockerfile rules', () => {
  it.each<PolicyProfile>(['default', 'strict'])(
    'pass a compliant multi-stage Dockerfile in the %s profile',
    profile => {
      expect(findings(COMPLIANT_DOCKERFILE, profile)).toEqual([]);
    },
  );

  it.each(dockerfileRuleCases.map(c => [c.ruleId, c.change, c] as const))(
    '%s fires, at the exact line, when %s',
    (ruleId, _change, testCase) => {
      expect(
        findings(testCase.content, testCase.profile)
          .filter(f => f.ruleId === ruleId)
          .map(f => f.line),
      ).toEqual(testCase.lines);
    },
  );

  it('reports a final stage without USER at its FROM line (MAESTRO-DF-001)', () => {
    const noUser = COMPLIANT_DOCKERFILE.replace('USER 65532:65532\n', '');
    expect(findings(noUser)).toEqual([{ ruleId: 'MAESTRO-DF-001', line: 4 }]);
  });

  it('treats a missing tag as :latest and names the image (MAESTRO-DF-002)', () => {
    const report = engine.evaluate([
      {
        kind: 'dockerfile',
        path: 'Dockerfile',
        content: COMPLIANT_DOCKERFILE.replace(
          `nodejs22-debian12:nonroot@sha256:${'b'.repeat(64)}`,
          'nodejs22-debian12',
        ),
      },
    ]);
    expect(report.findings.map(f => [f.ruleId, f.message])).toEqual([
      [
        'MAESTRO-DF-002',
        "Base image 'gcr.io/distroless/nodejs22-debian12' has no tag, which means :latest",
      ],
    ]);
  });

  it('flags setcap and --network=host build steps (MAESTRO-DF-005)', () => {
    const setcap = COMPLIANT_DOCKERFILE.replace(
      'RUN npm ci',
      'RUN npm ci && setcap cap_net_bind_service=+ep /usr/bin/node',
    );
    const hostNetwork = COMPLIANT_DOCKERFILE.replace(
      'RUN npm ci',
      'RUN --network=host npm ci',
    );
    expect(findings(setcap)).toEqual([{ ruleId: 'MAESTRO-DF-005', line: 3 }]);
    expect(findings(hostNetwork)).toEqual([
      { ruleId: 'MAESTRO-DF-005', line: 3 },
    ]);
  });
});

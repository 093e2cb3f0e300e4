import { createPolicyEngine } from './engine';
import { PolicyProfile } from './types';

// A Dockerfile that passes every built-in Dockerfile rule, in every profile.
const COMPLIANT = [
  `FROM node:22.11.0-bookworm@sha256:${'a'.repeat(64)} AS build`,
  'WORKDIR /src',
  'RUN npm ci',
  `FROM gcr.io/distroless/nodejs22-debian12:nonroot@sha256:${'b'.repeat(64)}`,
  'LABEL org.opencontainers.image.source="https://github.com/acme/payments-api" \\',
  '      org.opencontainers.image.version="1.2.3" \\',
  '      org.opencontainers.image.revision="abc123" \\',
  '      org.opencontainers.image.vendor="Acme"',
  'COPY --from=build /src /app',
  'USER 65532:65532',
  'HEALTHCHECK CMD ["/nodejs/bin/node", "/app/health.js"]',
  'CMD ["/app/index.js"]',
].join('\n');

const engine = createPolicyEngine();

function findings(content: string, profile: PolicyProfile = 'default') {
  return engine
    .evaluate([{ kind: 'dockerfile', path: 'Dockerfile', content }], {
      profile,
    })
    .findings.filter(f => f.ruleId.startsWith('MAESTRO-DF-'))
    .map(f => ({ ruleId: f.ruleId, line: f.location.line }));
}

describe('built-in Dockerfile rules', () => {
  it.each<PolicyProfile>(['default', 'strict'])(
    'pass a compliant multi-stage Dockerfile in the %s profile',
    profile => {
      expect(findings(COMPLIANT, profile)).toEqual([]);
    },
  );

  it.each([
    ['MAESTRO-DF-001', 'USER 65532:65532', 'USER root', 10],
    ['MAESTRO-DF-001', 'USER 65532:65532\n', '', 4],
    [
      'MAESTRO-DF-002',
      `nodejs22-debian12:nonroot@sha256:${'b'.repeat(64)}`,
      'nodejs22-debian12:latest',
      4,
    ],
    [
      'MAESTRO-DF-004',
      '      org.opencontainers.image.vendor="Acme"',
      '      org.opencontainers.image.title="x"',
      4,
    ],
    ['MAESTRO-DF-005', 'RUN npm ci', 'RUN --security=insecure npm ci', 3],
    [
      'MAESTRO-DF-006',
      'HEALTHCHECK CMD ["/nodejs/bin/node", "/app/health.js"]',
      'HEALTHCHECK NONE',
      11,
    ],
    [
      'MAESTRO-DF-007',
      'COPY --from=build /src /app',
      'RUN apt-get install -y curl',
      9,
    ],
  ])(
    '%s fires when "%s" becomes "%s", at line %d',
    (ruleId, from, to, line) => {
      const changed = COMPLIANT.replace(from, to);
      expect(changed).not.toBe(COMPLIANT);
      expect(findings(changed)).toContainEqual({ ruleId, line });
    },
  );

  it('pins base images by digest only in the strict profile (MAESTRO-DF-003)', () => {
    const byTag = COMPLIANT.replace(`@sha256:${'a'.repeat(64)}`, '');
    expect(findings(byTag).map(f => f.ruleId)).not.toContain('MAESTRO-DF-003');
    expect(findings(byTag, 'strict')).toContainEqual({
      ruleId: 'MAESTRO-DF-003',
      line: 1,
    });
  });

  it('judges the user of the final stage only, not of builder stages', () => {
    const rootBuilder = COMPLIANT.replace(
      'WORKDIR /src',
      'USER root\nWORKDIR /src',
    );
    expect(findings(rootBuilder).map(f => f.ruleId)).not.toContain(
      'MAESTRO-DF-001',
    );
  });
});

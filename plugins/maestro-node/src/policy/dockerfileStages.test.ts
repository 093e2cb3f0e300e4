import { parseDockerfile } from './dockerfileModel';
import { createPolicyEngine } from './engine';
import type { PolicyProfile } from './types';

const engine = createPolicyEngine();
const DIGEST = `sha256:${'e'.repeat(64)}`;

function findings(lines: string[], profile: PolicyProfile = 'default') {
  return engine
    .evaluate(
      [{ kind: 'dockerfile', path: 'Dockerfile', content: lines.join('\n') }],
      { profile },
    )
    .findings.map(f => `${f.ruleId}@${f.location.line}`);
}

/** Labels, healthcheck and user that satisfy the final-stage rules. */
const FINAL_STAGE_BASICS = [
  'LABEL org.opencontainers.image.source=s org.opencontainers.image.version=v org.opencontainers.image.revision=r org.opencontainers.image.vendor=x',
  'HEALTHCHECK CMD ["/app/health"]',
  'USER 10001',
];

describe('multi-stage Dockerfiles', () => {
  const CHAIN = [
    'FROM node:latest AS builder',
    'RUN npm ci',
    'FROM builder AS tester',
    'RUN npm test',
    'FROM Tester AS final',
    ...FINAL_STAGE_BASICS,
  ];

  it('resolves FROM <alias> chains, case-insensitively, to the registry image', () => {
    const model = parseDockerfile('Dockerfile', CHAIN.join('\n'));
    expect(
      model.stages.map(s => [s.name, s.from.isStageRef, s.baseImage.raw]),
    ).toEqual([
      ['builder', false, 'node:latest'],
      ['tester', true, 'node:latest'],
      ['final', true, 'node:latest'],
    ]);
    expect(model.final.name).toBe('final');
    expect(model.final.baseImage).toMatchObject({
      repository: 'node',
      tag: 'latest',
      line: 1,
    });
  });

  it('reports the :latest base once, at the stage that names it (MAESTRO-DF-002)', () => {
    const report = engine.evaluate([
      { kind: 'dockerfile', path: 'Dockerfile', content: CHAIN.join('\n') },
    ]);
    expect(
      report.findings.map(f => [f.ruleId, f.location.line, f.message]),
    ).toEqual([
      [
        'MAESTRO-DF-002',
        1,
        "Base image 'node:latest' uses the mutable :latest tag",
      ],
    ]);
  });

  it('asks for digests on registry images only, and only in the strict profile (MAESTRO-DF-003)', () => {
    const tagged = [
      'FROM node:22.11 AS builder',
      'RUN npm ci',
      'FROM builder AS tester',
      `FROM gcr.io/distroless/nodejs22-debian12:nonroot AS final`,
      'COPY --from=builder /src /app',
      ...FINAL_STAGE_BASICS,
    ];
    expect(findings(tagged)).toEqual([]);
    expect(findings(tagged, 'strict')).toEqual([
      'MAESTRO-DF-003@1',
      'MAESTRO-DF-003@4',
    ]);
    const pinned = tagged
      .join('\n')
      .replace('node:22.11', `node:22.11@${DIGEST}`)
      .replace(':nonroot', `:nonroot@${DIGEST}`)
      .split('\n');
    expect(findings(pinned, 'strict')).toEqual([]);
  });

  it('needs no tag or digest for FROM scratch', () => {
    const fromScratch = [
      `FROM golang:1.23@${DIGEST} AS build`,
      'RUN go build -o /app .',
      'FROM scratch',
      'COPY --from=build /app /app',
      ...FINAL_STAGE_BASICS,
    ];
    expect(findings(fromScratch, 'strict')).toEqual([]);
  });

  it('lets the final stage inherit USER, labels and HEALTHCHECK from the stage it is built FROM', () => {
    const inherited = [
      `FROM node:22.11@${DIGEST} AS base`,
      ...FINAL_STAGE_BASICS,
      'FROM base',
      'CMD ["node", "index.js"]',
    ];
    expect(findings(inherited)).toEqual([]);
    const rootBase = [
      `FROM node:22.11@${DIGEST} AS base`,
      'USER root',
      ...FINAL_STAGE_BASICS.slice(0, 2),
      'FROM base',
    ];
    // The inherited root user is reported where it is set.
    expect(findings(rootBase)).toEqual(['MAESTRO-DF-001@2']);
  });

  it('does not let an unrelated final stage inherit from builder stages', () => {
    const unrelated = [
      `FROM node:22.11@${DIGEST} AS build`,
      ...FINAL_STAGE_BASICS,
      `FROM gcr.io/distroless/nodejs22-debian12:nonroot@${DIGEST}`,
      'COPY --from=build /src /app',
    ];
    expect(findings(unrelated)).toEqual([
      'MAESTRO-DF-001@5',
      'MAESTRO-DF-004@5',
      'MAESTRO-DF-004@5',
      'MAESTRO-DF-004@5',
      'MAESTRO-DF-004@5',
      'MAESTRO-DF-006@5',
    ]);
  });

  it('allows package installs in builder stages but not in the final stage (MAESTRO-DF-007)', () => {
    const installs = [
      `FROM debian:12@${DIGEST} AS build`,
      'RUN apt-get update && apt-get install -y build-essential',
      'RUN pip install -r requirements.txt',
      `FROM debian:12-slim@${DIGEST}`,
      'RUN apk add --no-cache curl',
      ...FINAL_STAGE_BASICS,
    ];
    expect(findings(installs)).toEqual(['MAESTRO-DF-007@5']);
  });
});

import { createPolicyEngine } from '@maestro-conductor/backstage-plugin-maestro-node';
import { DEFAULT_BASE_IMAGES, DOCKERFILE_LANGUAGES } from './baseImages';
import { renderDockerfile, renderDockerignore } from './presets';

const engine = createPolicyEngine();

const spec = (language: (typeof DOCKERFILE_LANGUAGES)[number]) => ({
  name: 'payments-api',
  language,
  port: 8080,
  version: '0.1.0',
  description: 'Takes card payments',
  sourceUrl: 'https://github.com/acme/payments-api',
  vendor: 'Acme',
  images: DEFAULT_BASE_IMAGES[language],
});

const evaluate = (content: string, profile: 'default' | 'strict') =>
  engine.evaluate([{ kind: 'dockerfile', path: 'Dockerfile', content }], {
    profile,
  });

const findings = (content: string, profile: 'default' | 'strict') =>
  evaluate(content, profile).findings.map(f => `${f.severity} ${f.ruleId}`);

describe('Dockerfile presets against the Maestro policy pack', () => {
  describe.each(DOCKERFILE_LANGUAGES)('%s', language => {
    it.each(['default', 'strict'] as const)(
      'passes the %s profile without a single finding',
      profile => {
        const report = evaluate(renderDockerfile(spec(language)), profile);
        expect(report.findings).toEqual([]);
        expect(report.passed).toBe(true);
        expect(report.summary.rules).toBeGreaterThan(0);
      },
    );

    it('has only the OCI label warnings when source and vendor are not given', () => {
      const content = renderDockerfile({
        ...spec(language),
        sourceUrl: undefined,
        vendor: undefined,
      });
      for (const profile of ['default', 'strict'] as const) {
        expect(findings(content, profile)).toEqual([
          'warn MAESTRO-DF-004',
          'warn MAESTRO-DF-004',
        ]);
      }
    });

    it('is caught by the pack once hardening is removed (the check can fail)', () => {
      const content = renderDockerfile(spec(language));
      const asRoot = content.replace(/^USER .*$/m, 'USER root');
      expect(findings(asRoot, 'default')).toContain('deny MAESTRO-DF-001');
      const byTag = content.replace(/@sha256:[a-f0-9]{64}/g, '');
      expect(findings(byTag, 'strict')).toContain('deny MAESTRO-DF-003');
    });

    it('builds in a BuildKit stage with a cache mount and runs distroless as 65532', () => {
      const content = renderDockerfile(spec(language));
      const images = DEFAULT_BASE_IMAGES[language];
      expect(content.startsWith('# syntax=docker/dockerfile:1\n')).toBe(true);
      expect(content).toContain(`FROM ${images.build} AS build\n`);
      expect(content).toContain(`FROM ${images.runtime}\n`);
      expect(images.runtime).toMatch(/^gcr\.io\/distroless\//);
      expect(content).toMatch(/^RUN --mount=type=cache,target=\S+ \\$/m);
      expect(content).toContain('USER 65532:65532\n');
      expect(content).toContain('EXPOSE 8080\n');
      expect(content).toContain('ENV PORT=8080');
      expect(content).toMatch(/^ {2}CMD \["\/[^"]+", .*\]$/m);
      expect(content).toMatch(/^ENTRYPOINT \["\/.*\]$/m);
      expect(content).toContain('ARG REVISION=unknown\n');
      expect(content).toContain(
        'org.opencontainers.image.revision="${REVISION}"',
      );
      // Nothing runs in the final stage: distroless has no shell to run it.
      const finalStage = content.slice(content.lastIndexOf('\nFROM '));
      expect(finalStage).not.toMatch(/^RUN /m);
    });
  });

  it('escapes quotes, backslashes and $ in label values', () => {
    const content = renderDockerfile({
      ...spec('node'),
      description: 'Says "hi" for $5 \\ day',
    });
    expect(content).toContain(
      'org.opencontainers.image.description="Says \\"hi\\" for \\$5 \\\\ day"',
    );
    expect(findings(content, 'strict')).toEqual([]);
  });

  it('keeps secrets and VCS data out of every build context', () => {
    for (const language of DOCKERFILE_LANGUAGES) {
      const ignore = renderDockerignore(language).split('\n');
      expect(ignore).toEqual(
        expect.arrayContaining(['.git', '**/.env', '**/.env.*']),
      );
    }
    expect(renderDockerignore('node')).toContain('\nnode_modules\n');
    expect(renderDockerignore('java')).toContain('\ntarget\n');
  });
});

/**
 * The Dockerfile and .dockerignore `maestro:dockerfile:create` writes, per
 * language. Every preset has the same shape, which is what Maestro's policy
 * pack asks of a Dockerfile:
 *
 * - a build stage on the toolchain image, with BuildKit cache mounts for the
 *   package manager, so dependencies are fetched once per builder;
 * - a final stage on a distroless image: no shell, no package manager, user
 *   65532 (MAESTRO-DF-001), nothing installed (DF-007);
 * - both images pinned by digest (DF-002, and DF-003 of the strict profile);
 * - the OCI labels (DF-004), VERSION and REVISION as build arguments;
 * - an exec-form HEALTHCHECK (DF-006) that runs the service's own probe,
 *   since distroless images have neither a shell nor curl.
 *
 * The COPY lines match the skeletons in
 * examples/templates/secure-service/skeleton/<language>/, and the paths of
 * the interpreters are those of the distroless images: a runtime image
 * configured instead must keep that layout.
 */
import type { BaseImagePair, DockerfileLanguage } from './baseImages';

export type DockerfileSpec = {
  name: string;
  language: DockerfileLanguage;
  port: number;
  version: string;
  description?: string;
  sourceUrl?: string;
  vendor?: string;
  images: BaseImagePair;
};

type Preset = {
  /** Instructions of the build stage after its FROM line. */
  build: string[];
  /** ENV of the final stage, besides PORT. */
  env: string[];
  /** What the final stage takes from the build stage. */
  copy: string[];
  healthcheck: string[];
  entrypoint: string[];
  /** Seconds the service may take to start before failed probes count. */
  startPeriod: number;
  /** Entries of .dockerignore besides the common ones. */
  ignore: string[];
};

const PRESETS: Record<DockerfileLanguage, Preset> = {
  node: {
    build: [
      'WORKDIR /app',
      'ENV NODE_ENV=production',
      '# Manifests first: a change to the sources reuses the installed dependencies.',
      'COPY package*.json ./',
      'RUN --mount=type=cache,target=/root/.npm \\',
      '    npm ci --omit=dev --no-audit --no-fund',
      'COPY src ./src',
    ],
    env: ['NODE_ENV=production'],
    copy: ['COPY --from=build /app /app'],
    healthcheck: ['/nodejs/bin/node', '/app/src/healthcheck.js'],
    entrypoint: ['/nodejs/bin/node', '/app/src/server.js'],
    startPeriod: 10,
    ignore: ['node_modules', 'npm-debug.log*', 'coverage', '**/*.test.js'],
  },
  python: {
    build: [
      'WORKDIR /app',
      'ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \\',
      '    PIP_ROOT_USER_ACTION=ignore',
      '# Requirements first: a change to the sources reuses the installed packages.',
      '# The build image runs the Python of the runtime image (3.11), so wheels match.',
      'COPY requirements.txt ./',
      'RUN --mount=type=cache,target=/root/.cache/pip \\',
      '    mkdir -p /app/site-packages \\',
      '    && pip install --target=/app/site-packages --requirement requirements.txt',
      'COPY app ./app',
    ],
    env: [
      'PYTHONPATH=/app:/app/site-packages',
      'PYTHONDONTWRITEBYTECODE=1',
      'PYTHONUNBUFFERED=1',
    ],
    copy: ['COPY --from=build /app /app'],
    healthcheck: ['/usr/bin/python3', '-m', 'app.healthcheck'],
    entrypoint: ['/usr/bin/python3', '-m', 'app'],
    startPeriod: 10,
    ignore: [
      '**/__pycache__',
      '**/*.py[cod]',
      '.venv',
      'venv',
      '.pytest_cache',
      'tests',
    ],
  },
  go: {
    build: [
      'WORKDIR /src',
      'ENV CGO_ENABLED=0',
      '# Module files first: a change to the sources reuses the downloaded modules.',
      'COPY go.mod go.sum* ./',
      'RUN --mount=type=cache,target=/go/pkg/mod \\',
      '    go mod download',
      'COPY *.go ./',
      'RUN --mount=type=cache,target=/go/pkg/mod \\',
      '    --mount=type=cache,target=/root/.cache/go-build \\',
      '    go build -trimpath -ldflags="-s -w" -o /out/server .',
    ],
    env: [],
    copy: ['COPY --from=build /out/server /app/server'],
    healthcheck: ['/app/server', 'healthcheck'],
    entrypoint: ['/app/server'],
    startPeriod: 5,
    ignore: ['bin', '**/*_test.go'],
  },
  java: {
    build: [
      'WORKDIR /src',
      'COPY pom.xml ./',
      'COPY src ./src',
      '# The cache mount keeps ~/.m2 between builds, so plugins and dependencies download once.',
      'RUN --mount=type=cache,target=/root/.m2 \\',
      '    mvn --batch-mode --no-transfer-progress package',
    ],
    env: [],
    copy: ['COPY --from=build /src/target/app.jar /app/app.jar'],
    healthcheck: [
      '/usr/bin/java',
      '-XX:TieredStopAtLevel=1',
      '-cp',
      '/app/app.jar',
      'app.HealthCheck',
    ],
    entrypoint: [
      '/usr/bin/java',
      '-XX:MaxRAMPercentage=75',
      '-jar',
      '/app/app.jar',
    ],
    startPeriod: 30,
    ignore: ['target', '.idea', '*.iml'],
  },
};

const COMMON_IGNORE = [
  '.git',
  '.gitignore',
  '.dockerignore',
  'Dockerfile',
  '**/.env',
  '**/.env.*',
  '**/*.md',
  'catalog-info.yaml',
  'docs',
];

/** The user the final stage runs as: distroless's nonroot, by number. */
export const RUNTIME_USER = '65532:65532';

export function renderDockerfile(spec: DockerfileSpec): string {
  const preset = PRESETS[spec.language];
  // Values typed into the template are escaped; the ARG-fed ones are meant to expand.
  const labels: Array<[string, string]> = [
    ['org.opencontainers.image.title', escapeLabelValue(spec.name)],
  ];
  if (spec.description) {
    labels.push([
      'org.opencontainers.image.description',
      escapeLabelValue(spec.description),
    ]);
  }
  if (spec.sourceUrl) {
    labels.push([
      'org.opencontainers.image.source',
      escapeLabelValue(spec.sourceUrl),
    ]);
  }
  if (spec.vendor) {
    labels.push([
      'org.opencontainers.image.vendor',
      escapeLabelValue(spec.vendor),
    ]);
  }
  labels.push(
    ['org.opencontainers.image.version', '${VERSION}'],
    ['org.opencontainers.image.revision', '${REVISION}'],
  );
  const labelLines = labels.map(
    ([key, value], index) =>
      `${index === 0 ? 'LABEL ' : '      '}${key}="${value}"${
        index < labels.length - 1 ? ' \\' : ''
      }`,
  );
  const env = [`PORT=${spec.port}`, ...preset.env];
  const envLines = env.map(
    (entry, index) =>
      `${index === 0 ? 'ENV ' : '    '}${entry}${
        index < env.length - 1 ? ' \\' : ''
      }`,
  );

  return `${[
    '# syntax=docker/dockerfile:1',
    `# ${spec.name} (${spec.language}), written by maestro:dockerfile:create.`,
    '# Base images are pinned by digest: keep them current with Renovate or Dependabot,',
    '# or portal-wide in app-config (maestro.scaffolder.baseImages).',
    '# Build: docker build --build-arg VERSION=<release> --build-arg REVISION=$(git rev-parse HEAD) .',
    '',
    `FROM ${spec.images.build} AS build`,
    ...preset.build,
    '',
    `FROM ${spec.images.runtime}`,
    `ARG VERSION=${spec.version}`,
    'ARG REVISION=unknown',
    ...labelLines,
    'WORKDIR /app',
    ...envLines,
    ...preset.copy,
    `USER ${RUNTIME_USER}`,
    `EXPOSE ${spec.port}`,
    `HEALTHCHECK --interval=30s --timeout=5s --start-period=${preset.startPeriod}s --retries=3 \\`,
    `  CMD ${execForm(preset.healthcheck)}`,
    `ENTRYPOINT ${execForm(preset.entrypoint)}`,
  ].join('\n')}\n`;
}

export function renderDockerignore(language: DockerfileLanguage): string {
  return `${[
    '# Keeps the build context small and free of secrets (maestro:dockerfile:create).',
    ...COMMON_IGNORE,
    ...PRESETS[language].ignore,
  ].join('\n')}\n`;
}

function execForm(args: string[]): string {
  return `[${args.map(arg => JSON.stringify(arg)).join(', ')}]`;
}

/** Inside double quotes a Dockerfile expands $ and ends at ", so both are escaped. */
function escapeLabelValue(value: string): string {
  return value.replace(/[\\"$]/g, match => `\\${match}`);
}

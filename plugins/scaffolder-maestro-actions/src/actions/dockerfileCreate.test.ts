import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPolicyEngine } from '@maestro-conductor/backstage-plugin-maestro-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_BASE_IMAGES } from './dockerfile/baseImages';
import { createMaestroDockerfileCreateAction } from './dockerfileCreate';

const SERVICE = 'services/payments-api';
const INPUT = {
  path: SERVICE,
  name: 'payments-api',
  language: 'node',
  port: 8080,
  description: 'Takes card payments',
  sourceUrl: 'https://github.com/acme/payments-api',
  vendor: 'Acme',
};
const DIGEST = `sha256:${'0f'.repeat(32)}`;

describe('maestro:dockerfile:create', () => {
  const workspace = createMockDirectory();
  const action = createMaestroDockerfileCreateAction({
    config: new ConfigReader({}),
  });

  beforeEach(() => {
    workspace.setContent({ [`${SERVICE}/package.json`]: '{}' });
  });

  const run = (
    input: Record<string, unknown>,
    extra: object = {},
    which = action,
  ) => {
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: workspace.path,
      }),
      ...extra,
    };
    return { ctx, done: which.handler(ctx as any) };
  };

  const read = (file: string) =>
    fs.readFile(path.join(workspace.path, file), 'utf8');
  const exists = (file: string) =>
    fs.stat(path.join(workspace.path, file)).then(
      () => true,
      () => false,
    );

  it('writes the Dockerfile and .dockerignore and reports them', async () => {
    const { ctx, done } = run(INPUT);
    await done;
    const dockerfile = await read(`${SERVICE}/Dockerfile`);
    expect(dockerfile).toContain(`FROM ${DEFAULT_BASE_IMAGES.node.runtime}\n`);
    expect(dockerfile).toContain('COPY package*.json ./');
    expect(dockerfile).toContain(
      'org.opencontainers.image.source="https://github.com/acme/payments-api"',
    );
    expect(await read(`${SERVICE}/.dockerignore`)).toContain('\n.git\n');
    expect(ctx.output).toHaveBeenCalledWith(
      'dockerfilePath',
      `${SERVICE}/Dockerfile`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'dockerignorePath',
      `${SERVICE}/.dockerignore`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'baseImages',
      DEFAULT_BASE_IMAGES.node,
    );
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
    // What it wrote passes the policy pack in both profiles.
    const engine = createPolicyEngine();
    for (const profile of ['default', 'strict'] as const) {
      const report = engine.evaluate(
        [
          {
            kind: 'dockerfile',
            path: `${SERVICE}/Dockerfile`,
            content: dockerfile,
          },
        ],
        { profile },
      );
      expect(report.summary.deny).toBe(0);
      expect(report.findings).toEqual([]);
    }
  });

  it('changes nothing when run a second time', async () => {
    await run(INPUT).done;
    const dockerfile = await read(`${SERVICE}/Dockerfile`);
    const dockerignore = await read(`${SERVICE}/.dockerignore`);
    const { mtimeMs } = await fs.stat(
      path.join(workspace.path, SERVICE, 'Dockerfile'),
    );
    const second = run(INPUT);
    await second.done;
    expect(
      (await fs.stat(path.join(workspace.path, SERVICE, 'Dockerfile'))).mtimeMs,
    ).toBe(mtimeMs);
    expect(await read(`${SERVICE}/Dockerfile`)).toBe(dockerfile);
    expect(await read(`${SERVICE}/.dockerignore`)).toBe(dockerignore);
    expect(second.ctx.output).toHaveBeenCalledWith('changed', false);
  });

  it('defaults to the workspace itself and port 8080', async () => {
    const { ctx, done } = run({ name: 'ledger-worker', language: 'go' });
    await done;
    const dockerfile = await read('Dockerfile');
    expect(dockerfile).toContain('EXPOSE 8080\n');
    expect(dockerfile).toContain('HEALTHCHECK');
    expect(ctx.output).toHaveBeenCalledWith('dockerfilePath', 'Dockerfile');
    expect(ctx.output).toHaveBeenCalledWith(
      'dockerignorePath',
      '.dockerignore',
    );
  });

  it('creates the service directory when it does not exist yet', async () => {
    await run({ ...INPUT, path: 'services/new-one', language: 'python' }).done;
    expect(await read('services/new-one/Dockerfile')).toContain(
      'python3-debian12',
    );
  });

  it('refuses to replace a different Dockerfile unless told to overwrite', async () => {
    workspace.setContent({ [`${SERVICE}/Dockerfile`]: 'FROM scratch\n' });
    await expect(run(INPUT).done).rejects.toThrow(
      `${SERVICE}/Dockerfile already exists with other content; set overwrite: true`,
    );
    expect(await read(`${SERVICE}/Dockerfile`)).toBe('FROM scratch\n');
    expect(await exists(`${SERVICE}/.dockerignore`)).toBe(false);

    const { ctx, done } = run({ ...INPUT, overwrite: true });
    await done;
    expect(await read(`${SERVICE}/Dockerfile`)).toContain('USER 65532:65532');
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
  });

  it('refuses to replace a different .dockerignore too', async () => {
    workspace.setContent({ [`${SERVICE}/.dockerignore`]: 'node_modules\n' });
    await expect(run(INPUT).done).rejects.toThrow(
      `${SERVICE}/.dockerignore already exists with other content`,
    );
    expect(await exists(`${SERVICE}/Dockerfile`)).toBe(false);
  });

  it("writes the files into the dry run's workspace, as a real run would", async () => {
    const { ctx, done } = run(INPUT, { isDryRun: true });
    await done;
    const dockerfile = await read(`${SERVICE}/Dockerfile`);
    expect(dockerfile).toContain(`FROM ${DEFAULT_BASE_IMAGES.node.runtime}\n`);
    expect(dockerfile).toContain('USER 65532:65532');
    expect(await read(`${SERVICE}/.dockerignore`)).toContain('\n.git\n');
    expect(ctx.output).toHaveBeenCalledWith(
      'dockerfilePath',
      `${SERVICE}/Dockerfile`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'baseImages',
      DEFAULT_BASE_IMAGES.node,
    );
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
    // The same files a real run writes: a real run after it changes nothing.
    const real = run(INPUT);
    await real.done;
    expect(real.ctx.output).toHaveBeenCalledWith('changed', false);
  });

  it('refuses the conflict in a dry run as well, and replaces the file there only with overwrite', async () => {
    workspace.setContent({ [`${SERVICE}/Dockerfile`]: 'FROM scratch\n' });
    await expect(run(INPUT, { isDryRun: true }).done).rejects.toThrow(
      /already exists/,
    );
    expect(await read(`${SERVICE}/Dockerfile`)).toBe('FROM scratch\n');
    expect(await exists(`${SERVICE}/.dockerignore`)).toBe(false);
    const overwrite = run({ ...INPUT, overwrite: true }, { isDryRun: true });
    await overwrite.done;
    expect(await read(`${SERVICE}/Dockerfile`)).toContain('USER 65532:65532');
    expect(overwrite.ctx.output).toHaveBeenCalledWith('changed', true);
  });

  it.each([
    ['../outside', /outside/i],
    ['services/../../outside', /outside/i],
    ['/etc', /relative to the workspace/],
  ])('refuses the path %s and writes nothing outside', async (p, message) => {
    await expect(run({ ...INPUT, path: p }).done).rejects.toThrow(message);
    await expect(
      run({ ...INPUT, path: p }, { isDryRun: true }).done,
    ).rejects.toThrow(message);
    expect(await exists('../outside/Dockerfile')).toBe(false);
  });

  it('refuses to write through symlinks', async () => {
    const outside = createMockDirectory();
    outside.setContent({ Dockerfile: 'FROM scratch\n' });
    await fs.symlink(outside.path, path.join(workspace.path, 'services/link'));
    await expect(run({ ...INPUT, path: 'services/link' }).done).rejects.toThrow(
      /outside/,
    );
    await fs.symlink(
      path.join(outside.path, 'Dockerfile'),
      path.join(workspace.path, SERVICE, 'Dockerfile'),
    );
    await expect(run({ ...INPUT, overwrite: true }).done).rejects.toThrow(
      /outside/,
    );
    // A dry run, which writes into its workspace, does not follow it either.
    await expect(
      run({ ...INPUT, overwrite: true }, { isDryRun: true }).done,
    ).rejects.toThrow(/outside/);
    expect(
      await fs.readFile(path.join(outside.path, 'Dockerfile'), 'utf8'),
    ).toBe('FROM scratch\n');

    // Inside the service too: writing would change the file it points at.
    await fs.rm(path.join(workspace.path, SERVICE, 'Dockerfile'));
    await fs.writeFile(
      path.join(workspace.path, SERVICE, 'Dockerfile.base'),
      'FROM x\n',
    );
    await fs.symlink(
      'Dockerfile.base',
      path.join(workspace.path, SERVICE, 'Dockerfile'),
    );
    await expect(run({ ...INPUT, overwrite: true }).done).rejects.toThrow(
      `${SERVICE}/Dockerfile is a symlink`,
    );
    expect(await read(`${SERVICE}/Dockerfile.base`)).toBe('FROM x\n');
  });

  it('refuses a path that is a file', async () => {
    await expect(
      run({ ...INPUT, path: `${SERVICE}/package.json` }).done,
    ).rejects.toThrow(/is a file, not a directory/);
  });

  it.each([
    [
      { language: 'rust' },
      "Unknown language 'rust': expected one of node, python, go, java",
    ],
    [{ language: undefined }, /Unknown language 'undefined'/],
    [{ port: 80 }, /Invalid port '80'.*1024 to 65535/],
    [{ port: 70000 }, /Invalid port '70000'/],
    [{ port: 8080.5 }, /Invalid port '8080.5'/],
    [{ port: '8080' }, /Invalid port '8080'/],
    [{ name: 'Payments API' }, /Invalid name 'Payments API'/],
    [{ name: 'x"; RUN rm -rf /' }, /Invalid name/],
    [{ sourceUrl: 'not a url' }, /Invalid sourceUrl 'not a url'/],
    [{ sourceUrl: 'https://x.test/"a' }, /Invalid sourceUrl/],
    [{ sourceUrl: 'ftp://files.acme.test/x' }, /Invalid sourceUrl/],
    [{ description: 'two\nlines' }, /Invalid description: use a single line/],
    [{ vendor: 'v'.repeat(129) }, /Invalid vendor/],
    [{ version: 'v 1' }, /Invalid version 'v 1'/],
  ])(
    'refuses %j with a clear error and writes nothing',
    async (bad, message) => {
      await expect(run({ ...INPUT, ...bad }).done).rejects.toThrow(message);
      expect(await exists(`${SERVICE}/Dockerfile`)).toBe(false);
    },
  );

  it('uses the base images configured for the portal', async () => {
    const configured = createMaestroDockerfileCreateAction({
      config: new ConfigReader({
        maestro: {
          scaffolder: {
            baseImages: {
              java: {
                build: `registry.acme.internal/maven:3.9@${DIGEST}`,
                runtime: `registry.acme.internal/java21:nonroot@${DIGEST}`,
              },
            },
          },
        },
      }),
    });
    const { ctx, done } = run(
      { ...INPUT, language: 'java', path: 'services/fraud' },
      {},
      configured,
    );
    await done;
    const dockerfile = await read('services/fraud/Dockerfile');
    expect(dockerfile).toContain(
      `FROM registry.acme.internal/maven:3.9@${DIGEST} AS build\n`,
    );
    expect(dockerfile).toContain(
      `FROM registry.acme.internal/java21:nonroot@${DIGEST}\n`,
    );
    expect(ctx.output).toHaveBeenCalledWith('baseImages', {
      build: `registry.acme.internal/maven:3.9@${DIGEST}`,
      runtime: `registry.acme.internal/java21:nonroot@${DIGEST}`,
    });
  });

  it('fails at construction on a configured image without a digest', () => {
    expect(() =>
      createMaestroDockerfileCreateAction({
        config: new ConfigReader({
          maestro: {
            scaffolder: {
              baseImages: { python: { runtime: 'python:3.11-slim' } },
            },
          },
        }),
      }),
    ).toThrow(
      "Invalid maestro.scaffolder.baseImages.python.runtime 'python:3.11-slim': it is not pinned by digest",
    );
  });

  it('warns when the OCI source and vendor labels cannot be written', async () => {
    const logger = mockServices.logger.mock();
    const { done } = run(
      { ...INPUT, sourceUrl: undefined, vendor: undefined },
      { logger },
    );
    await done;
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('org.opencontainers.image.source'),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('org.opencontainers.image.vendor'),
    );
    expect(await read(`${SERVICE}/Dockerfile`)).not.toContain(
      'org.opencontainers.image.source',
    );
  });
});

import { ConfigReader } from '@backstage/config';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import path from 'node:path';
import yaml from 'yaml';
import { createMaestroCatalogRegisterLocalAction } from './catalogRegisterLocal';
import { examples } from './catalogRegisterLocal.examples';

const COMPONENT = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  namespace: shop
spec: { type: service, owner: group:payments-team, lifecycle: experimental }
`;

describe('maestro:catalog:register-local', () => {
  const repositories = createMockDirectory();
  const workspace = createMockDirectory();
  const config = new ConfigReader({
    maestro: {
      scaffolder: { localRepositories: { directory: repositories.path } },
    },
  });

  beforeEach(() => {
    repositories.setContent({
      'payments-api/catalog-info.yaml': COMPONENT,
      'payments-api/services/payments-api/catalog-info.yaml': COMPONENT,
      'broken/catalog-info.yaml': 'kind: [',
    });
  });

  const setup = () => {
    const catalog = catalogServiceMock.mock();
    const action = createMaestroCatalogRegisterLocalAction({ config, catalog });
    const run = async (input: Record<string, unknown>, extra: object = {}) => {
      const ctx = {
        ...createMockActionContext({
          input: input as any,
          workspacePath: workspace.path,
        }),
        ...extra,
      };
      await action.handler(ctx);
      return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    };
    return { catalog, run };
  };

  it('registers the file as a file location and outputs the entity ref', async () => {
    const { catalog, run } = setup();
    const repo = path.join(repositories.path, 'payments-api');
    const out = await run({ repoContentsUrl: repo });
    const file = path.join(repo, 'catalog-info.yaml');
    expect(out).toEqual({
      entityRef: 'component:shop/payments-api',
      catalogInfoUrl: file,
    });
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: file },
      expect.objectContaining({ credentials: expect.anything() }),
    );
  });

  it('treats an already registered location as done', async () => {
    const { catalog, run } = setup();
    catalog.addLocation.mockRejectedValue(new ConflictError('exists'));
    const out = await run({
      repoContentsUrl: path.join(repositories.path, 'payments-api'),
    });
    expect(out.entityRef).toBe('component:shop/payments-api');
  });

  it('passes other catalog errors on', async () => {
    const { catalog, run } = setup();
    catalog.addLocation.mockRejectedValue(new Error('catalog is down'));
    await expect(
      run({ repoContentsUrl: path.join(repositories.path, 'payments-api') }),
    ).rejects.toThrow('catalog is down');
  });

  it.each([
    ['a folder outside the local repositories', () => workspace.path],
    ['the repositories folder itself', () => repositories.path],
    [
      'a path climbing out of the repositories folder',
      () => path.join(repositories.path, 'payments-api/../../etc'),
    ],
  ])('refuses %s', async (_what, repoContentsUrl) => {
    const { catalog, run } = setup();
    await expect(run({ repoContentsUrl: repoContentsUrl() })).rejects.toThrow(
      /Only catalog files inside the local repositories folder/,
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('refuses a catalogInfoPath that climbs out of the repository', async () => {
    const { catalog, run } = setup();
    await expect(
      run({
        repoContentsUrl: path.join(repositories.path, 'payments-api'),
        catalogInfoPath: '../broken/catalog-info.yaml',
      }),
    ).rejects.toThrow(/Only catalog files inside/);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('explains a missing or malformed catalog file', async () => {
    const { run } = setup();
    await expect(
      run({ repoContentsUrl: path.join(repositories.path, 'missing') }),
    ).rejects.toThrow(/No catalog file at/);
    await expect(
      run({ repoContentsUrl: path.join(repositories.path, 'broken') }),
    ).rejects.toThrow(/is not valid YAML/);
  });

  describe('in a dry run, where maestro:publish:local published nothing', () => {
    // The repository folder does not exist: a dry-run publish only names it.
    const unpublished = () => path.join(repositories.path, 'checkout-api');

    it("registers nothing and takes the entity ref from the workspace's catalog file", async () => {
      workspace.setContent({
        'catalog-info.yaml': COMPONENT.replace('payments-api', 'checkout-api'),
      });
      const { catalog, run } = setup();
      const out = await run(
        { repoContentsUrl: unpublished() },
        { isDryRun: true },
      );
      expect(out).toEqual({
        entityRef: 'component:shop/checkout-api',
        catalogInfoUrl: path.join(unpublished(), 'catalog-info.yaml'),
      });
      expect(catalog.addLocation).not.toHaveBeenCalled();
    });

    it('reads catalogInfoPath in the workspace too', async () => {
      workspace.setContent({
        'services/checkout-api/catalog-info.yaml': COMPONENT,
      });
      const { run } = setup();
      const out = await run(
        {
          repoContentsUrl: unpublished(),
          catalogInfoPath: '/services/checkout-api/catalog-info.yaml',
        },
        { isDryRun: true },
      );
      expect(out.entityRef).toBe('component:shop/payments-api');
    });

    it("names the repository's folder when the workspace has no catalog file", async () => {
      workspace.clear();
      const { run } = setup();
      const out = await run(
        { repoContentsUrl: unpublished() },
        { isDryRun: true },
      );
      expect(out.entityRef).toBe('component:default/checkout-api');
    });

    it('still refuses folders outside the local repositories and malformed catalog files', async () => {
      const { run } = setup();
      await expect(
        run({ repoContentsUrl: workspace.path }, { isDryRun: true }),
      ).rejects.toThrow(/Only catalog files inside/);
      workspace.setContent({ 'catalog-info.yaml': 'kind: [' });
      await expect(
        run({ repoContentsUrl: unpublished() }, { isDryRun: true }),
      ).rejects.toThrow(/is not valid YAML/);
    });
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'runs the example: %s',
    async (_d, example) => {
      const { catalog, run } = setup();
      const step = yaml.parse(example.example).steps[0];
      const out = await run({
        ...step.input,
        repoContentsUrl: path.join(repositories.path, 'payments-api'),
      });
      expect(out.entityRef).toBe('component:shop/payments-api');
      expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    },
  );
});

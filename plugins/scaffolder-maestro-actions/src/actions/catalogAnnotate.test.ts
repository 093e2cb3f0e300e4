import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createMaestroCatalogAnnotateAction } from './catalogAnnotate';

const CATALOG_INFO = `# Service catalog entry, kept by hand
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  annotations:
    backstage.io/techdocs-ref: dir:. # docs live next to the code
spec:
  type: service
  lifecycle: production
  owner: group:payments-team
`;

describe('maestro:catalog:annotate', () => {
  const workspace = createMockDirectory();
  const action = createMaestroCatalogAnnotateAction();

  beforeEach(() => {
    workspace.setContent({ 'catalog-info.yaml': CATALOG_INFO });
  });

  const run = (input: Record<string, unknown>, extra: object = {}) => {
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: workspace.path,
      }),
      ...extra,
    };
    return { ctx, done: action.handler(ctx) };
  };

  const readCatalog = () =>
    fs.readFile(path.join(workspace.path, 'catalog-info.yaml'), 'utf8');

  it('adds the annotations and keeps comments and other fields', async () => {
    const { ctx, done } = run({
      image: 'ghcr.io/acme/payments-api',
      channels: ['dev', 'staging', 'prod'],
      helmChart: 'services/payments-api/chart',
      githubProjectSlug: 'acme/payments-api',
    });
    await done;
    const text = await readCatalog();
    expect(text).toContain('# Service catalog entry, kept by hand');
    expect(text).toContain(
      'backstage.io/techdocs-ref: dir:. # docs live next to the code',
    );
    expect(text).toContain('maestro.io/image: ghcr.io/acme/payments-api');
    expect(text).toContain('maestro.io/channels: dev,staging,prod');
    expect(text).toContain(
      'maestro.io/helm-chart: services/payments-api/chart',
    );
    expect(text).toContain('github.com/project-slug: acme/payments-api');
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payments-api',
    );
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
  });

  it('changes nothing when run a second time', async () => {
    const input = {
      image: 'ghcr.io/acme/payments-api',
      channels: ['dev', 'prod'],
    };
    await run(input).done;
    const once = await readCatalog();
    const second = run(input);
    await second.done;
    expect(await readCatalog()).toBe(once);
    expect(second.ctx.output).toHaveBeenCalledWith('changed', false);
  });

  it('annotates the named entity of a multi-document file', async () => {
    workspace.setContent({
      'catalog-info.yaml': `${CATALOG_INFO}---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ledger-worker\nspec:\n  type: service\n`,
    });
    await run({
      image: 'ghcr.io/acme/ledger-worker',
      channels: ['dev'],
      entityName: 'ledger-worker',
    }).done;
    const [first, second] = (await readCatalog()).split('\n---\n');
    expect(first).not.toContain('maestro.io/image');
    expect(second).toContain('maestro.io/image: ghcr.io/acme/ledger-worker');
  });

  it("writes the annotations into the dry run's workspace, as a real run would", async () => {
    const input = { image: 'ghcr.io/acme/payments-api', channels: ['dev'] };
    const { ctx, done } = run(input, { isDryRun: true });
    await done;
    const annotated = await readCatalog();
    expect(annotated).toContain('maestro.io/image: ghcr.io/acme/payments-api');
    expect(annotated).toContain('maestro.io/channels: dev');
    expect(annotated).toContain('# docs live next to the code');
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
    const real = run(input);
    await real.done;
    expect(real.ctx.output).toHaveBeenCalledWith('changed', false);
  });

  it.each([
    [
      { image: 'ghcr.io/acme/payments-api:latest', channels: ['dev'] },
      /contains a tag/,
    ],
    [
      { image: 'ghcr.io/acme/payments-api', channels: ['Prod!'] },
      /Invalid channel 'Prod!'/,
    ],
    [
      { image: 'ghcr.io/acme/x', channels: ['dev'], githubProjectSlug: 'nope' },
      /expected owner\/name/,
    ],
    [
      { image: 'ghcr.io/acme/x', channels: ['dev'], entityName: 'missing' },
      /no entity named 'missing'/,
    ],
  ])(
    'refuses %j with a clear error and leaves the file alone',
    async (input, message) => {
      await expect(run(input).done).rejects.toThrow(message);
      expect(await readCatalog()).toBe(CATALOG_INFO);
    },
  );

  it('refuses paths outside the workspace', async () => {
    await expect(
      run({
        image: 'ghcr.io/acme/x',
        channels: ['dev'],
        path: '../outside.yaml',
      }).done,
    ).rejects.toThrow(/outside/i);
    await expect(
      run({ image: 'ghcr.io/acme/x', channels: ['dev'], path: '/etc/passwd' })
        .done,
    ).rejects.toThrow(/outside/i);
  });

  it('reports malformed YAML and a missing file clearly', async () => {
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\nmetadata: [unclosed\n',
    });
    await expect(
      run({ image: 'ghcr.io/acme/x', channels: ['dev'] }).done,
    ).rejects.toThrow(/catalog-info.yaml is not valid YAML/);
    await expect(
      run({ image: 'ghcr.io/acme/x', channels: ['dev'], path: 'nope.yaml' })
        .done,
    ).rejects.toThrow(/No catalog file at nope.yaml/);
  });
});

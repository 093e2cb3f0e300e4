import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { createMaestroCatalogAnnotateAction } from './catalogAnnotate';
import { examples } from './catalogAnnotate.examples';

const component = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n`;

describe('maestro:catalog:annotate examples', () => {
  const workspace = createMockDirectory();
  const action = createMaestroCatalogAnnotateAction();

  it.each(examples.map(e => [e.description, e] as const))(
    'runs: %s',
    async (_d, example) => {
      workspace.setContent({
        'catalog-info.yaml': component('payments-api'),
        'services/ledger-worker/catalog-info.yaml': component('ledger-worker'),
      });
      const step = yaml.parse(example.example).steps[0];
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      const file = path.join(
        workspace.path,
        step.input.path ?? 'catalog-info.yaml',
      );
      expect(await fs.readFile(file, 'utf8')).toContain(
        `maestro.io/image: ${step.input.image}`,
      );
    },
  );
});

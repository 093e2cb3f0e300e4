import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { createMaestroTurboRegisterAction } from './turboRegister';
import { examples } from './turboRegister.examples';

const ROOT_PACKAGE =
  '{\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n';

describe('maestro:turbo:register examples', () => {
  const workspace = createMockDirectory();
  const action = createMaestroTurboRegisterAction();

  it.each(examples.map(e => [e.description, e] as const))(
    'runs: %s',
    async (_d, example) => {
      workspace.setContent({
        'package.json': ROOT_PACKAGE,
        'monorepo/package.json': ROOT_PACKAGE,
      });
      const step = yaml.parse(example.example).steps[0];
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx);

      const root = path.posix.dirname(step.input.turboJsonPath ?? 'turbo.json');
      const servicePath = path.posix.relative(root, step.input.path);
      const packageName =
        step.input.packageName ?? path.posix.basename(step.input.path);
      const read = async (file: string) =>
        JSON.parse(
          await fs.readFile(path.join(workspace.path, root, file), 'utf8'),
        );
      const turbo = await read('turbo.json');
      const taskNames = Object.keys(
        step.input.tasks ?? { build: 1, docker: 1 },
      );
      for (const task of taskNames) {
        expect(turbo.tasks[`${packageName}#${task}`]).toBeDefined();
      }
      expect((await read('package.json')).workspaces).toEqual([
        'packages/*',
        servicePath,
      ]);
    },
  );
});

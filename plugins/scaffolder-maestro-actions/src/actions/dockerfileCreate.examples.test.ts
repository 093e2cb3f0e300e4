import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { createMaestroDockerfileCreateAction } from './dockerfileCreate';
import { examples } from './dockerfileCreate.examples';

describe('maestro:dockerfile:create examples', () => {
  const workspace = createMockDirectory();
  const action = createMaestroDockerfileCreateAction({
    config: new ConfigReader({}),
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'runs: %s',
    async (_d, example) => {
      // The overwrite example meets a hand-written Dockerfile it replaces.
      workspace.setContent({
        'services/fraud-scorer/Dockerfile': 'FROM eclipse-temurin:21\n',
      });
      const step = yaml.parse(example.example).steps[0];
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      const dockerfile = await fs.readFile(
        path.join(workspace.path, step.input.path ?? '.', 'Dockerfile'),
        'utf8',
      );
      expect(dockerfile).toContain(`EXPOSE ${step.input.port ?? 8080}\n`);
      expect(dockerfile).toContain(
        `org.opencontainers.image.title="${step.input.name}"`,
      );
      expect(ctx.output).toHaveBeenCalledWith('changed', true);
    },
  );
});

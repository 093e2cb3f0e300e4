import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the service the template just fetched: package-scoped build and docker tasks, and its folder in the workspaces',
    example: yaml.stringify({
      steps: [
        {
          id: 'turbo',
          action: 'maestro:turbo:register',
          name: 'Register in turbo.json',
          input: {
            path: 'services/payments-api',
          },
        },
      ],
    }),
  },
  {
    description:
      'Register a scoped package with tasks of your own (test after build, coverage as output, no docker task)',
    example: yaml.stringify({
      steps: [
        {
          id: 'turbo',
          action: 'maestro:turbo:register',
          name: 'Register in turbo.json',
          input: {
            path: 'services/ledger-worker',
            packageName: '@acme/ledger-worker',
            tasks: {
              build: { dependsOn: ['^build'], outputs: ['dist/**'] },
              test: { dependsOn: ['build'], outputs: ['coverage/**'] },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Register a service of a monorepo fetched into a sub-folder of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'turbo',
          action: 'maestro:turbo:register',
          name: 'Register in turbo.json',
          input: {
            path: 'monorepo/services/search-api',
            turboJsonPath: 'monorepo/turbo.json',
          },
        },
      ],
    }),
  },
];

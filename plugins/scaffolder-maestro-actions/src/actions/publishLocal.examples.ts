import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the whole workspace as a local repository named after the service',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'maestro:publish:local',
          name: 'Publish to a local repository',
          input: { repoName: 'payments-api' },
        },
      ],
    }),
  },
  {
    description:
      'Publish one folder of the workspace on a branch of your choice, with a commit author',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'maestro:publish:local',
          name: 'Publish to a local repository',
          input: {
            repoName: 'fraud-scorer',
            sourcePath: 'repository',
            defaultBranch: 'trunk',
            commitMessage: 'Scaffold fraud-scorer',
            gitAuthorName: 'Ada Lovelace',
            gitAuthorEmail: 'ada@example.com',
          },
        },
      ],
    }),
  },
];

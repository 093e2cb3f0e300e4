import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the catalog file of the repository the previous step published locally',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'maestro:catalog:register-local',
          name: 'Register in the catalog',
          input: {
            repoContentsUrl: '${{ steps.publish.output.repoContentsUrl }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Register a catalog file kept in a sub-folder of the repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'maestro:catalog:register-local',
          name: 'Register in the catalog',
          input: {
            repoContentsUrl: '${{ steps.publish.output.repoContentsUrl }}',
            catalogInfoPath: '/services/payments-api/catalog-info.yaml',
          },
        },
      ],
    }),
  },
];

import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Put the generated component under Maestro with the default release channels',
    example: yaml.stringify({
      steps: [
        {
          id: 'maestro-annotate',
          action: 'maestro:catalog:annotate',
          name: 'Add Maestro annotations',
          input: {
            image: 'ghcr.io/acme/payments-api',
            helmChart: 'services/payments-api/chart',
            githubProjectSlug: 'acme/payments-api',
          },
        },
      ],
    }),
  },
  {
    description:
      'Annotate one entity of a multi-document catalog file, with two channels and an Argo Rollout',
    example: yaml.stringify({
      steps: [
        {
          id: 'maestro-annotate',
          action: 'maestro:catalog:annotate',
          name: 'Add Maestro annotations',
          input: {
            path: 'services/ledger-worker/catalog-info.yaml',
            entityName: 'ledger-worker',
            image: 'ghcr.io/acme/ledger-worker',
            channels: ['dev', 'prod'],
            rollout: 'ledger-worker',
          },
        },
      ],
    }),
  },
];

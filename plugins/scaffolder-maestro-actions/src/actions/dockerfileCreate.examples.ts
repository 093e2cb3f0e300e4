import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Write the Dockerfile of a Node service fetched into services/payments-api, with every OCI label',
    example: yaml.stringify({
      steps: [
        {
          id: 'dockerfile',
          action: 'maestro:dockerfile:create',
          name: 'Write a hardened Dockerfile',
          input: {
            path: 'services/payments-api',
            name: 'payments-api',
            language: 'node',
            port: 8080,
            description: 'Takes card payments for the web shop',
            sourceUrl: 'https://github.com/acme/payments-api',
            vendor: 'Acme',
            version: '0.1.0',
          },
        },
      ],
    }),
  },
  {
    description:
      'Write the Dockerfile of a Go service at the root of the workspace, listening on port 9090',
    example: yaml.stringify({
      steps: [
        {
          id: 'dockerfile',
          action: 'maestro:dockerfile:create',
          name: 'Write a hardened Dockerfile',
          input: {
            name: 'ledger-worker',
            language: 'go',
            port: 9090,
            sourceUrl: 'https://github.com/acme/ledger-worker',
            vendor: 'Acme',
          },
        },
      ],
    }),
  },
  {
    description:
      'Regenerate the Dockerfile of a Java service, replacing the one already there',
    example: yaml.stringify({
      steps: [
        {
          id: 'dockerfile',
          action: 'maestro:dockerfile:create',
          name: 'Regenerate the Dockerfile',
          input: {
            path: 'services/fraud-scorer',
            name: 'fraud-scorer',
            language: 'java',
            sourceUrl: 'https://github.com/acme/fraud-scorer',
            vendor: 'Acme',
            overwrite: true,
          },
        },
      ],
    }),
  },
];

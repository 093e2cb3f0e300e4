import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Check the generated service (its Dockerfile and Helm chart, every values overlay) against the portal's policy pack",
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'maestro:policy:check',
          name: 'Check the policy pack',
          input: {
            paths: ['services/payments-api'],
            entityRef: 'component:default/payments-api',
          },
        },
      ],
    }),
  },
  {
    description:
      'Check the whole workspace with the strict profile and the exemptions the repository carries',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'maestro:policy:check',
          name: 'Check the policy pack (strict)',
          input: {
            profile: 'strict',
            exemptionsPath: '.maestro/exemptions.yaml',
            entityRef: 'component:default/payments-api',
          },
        },
      ],
    }),
  },
];

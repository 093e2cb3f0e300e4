import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Chart with a rolling Deployment and the default channels (dev, staging, prod); the digest stays a placeholder until promotion',
    example: yaml.stringify({
      steps: [
        {
          id: 'chart',
          action: 'maestro:helm:create',
          name: 'Create the Helm chart',
          input: {
            path: 'services/payments-api/chart',
            name: 'payments-api',
            image: 'ghcr.io/acme/payments-api',
          },
        },
      ],
    }),
  },
  {
    description:
      'Canary delivery with an Argo Rollout gated on the success rate, a known image digest and four production replicas',
    example: yaml.stringify({
      steps: [
        {
          id: 'chart',
          action: 'maestro:helm:create',
          name: 'Create the Helm chart',
          input: {
            path: 'services/ledger-api/chart',
            name: 'ledger-api',
            image: 'ghcr.io/acme/ledger-api',
            imageDigest: `sha256:${'3f'.repeat(32)}`,
            port: 8000,
            rolloutStrategy: 'canary',
            replicas: { prod: 4 },
            previewTtlHours: 24,
          },
        },
      ],
    }),
  },
  {
    description:
      'Blue-green delivery of a Spring Boot service with two channels and actuator health endpoints',
    example: yaml.stringify({
      steps: [
        {
          id: 'chart',
          action: 'maestro:helm:create',
          name: 'Create the Helm chart',
          input: {
            path: 'services/orders/chart',
            name: 'orders',
            image: 'ghcr.io/acme/orders',
            rolloutStrategy: 'blue-green',
            channels: ['dev', 'prod'],
            healthPath: '/actuator/health/liveness',
            readinessPath: '/actuator/health/readiness',
          },
        },
      ],
    }),
  },
];

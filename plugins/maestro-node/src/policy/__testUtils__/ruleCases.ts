/**
 * One violating input per built-in rule, with where the finding must point.
 * dockerfileRules.test.ts and kubernetesRules.test.ts run these cases;
 * ruleCoverage.test.ts fails when a built-in rule has none.
 */
import type { PolicyProfile } from '../types';
import {
  COMPLIANT_DOCKERFILE,
  DEPLOYMENT,
  SUPPORT,
  mutate,
} from './compliantInputs';

export type DockerfileRuleCase = {
  ruleId: string;
  /** What was changed in the compliant Dockerfile. */
  change: string;
  content: string;
  profile?: PolicyProfile;
  /** Lines of every finding of `ruleId`, in order. */
  lines: number[];
};

export type KubernetesRuleCase = {
  ruleId: string;
  change: string;
  /** All manifests of the case, as one multi-document input. */
  content: string;
  profile?: PolicyProfile;
  /** Every finding of `ruleId`: resource and JSON path, in order. */
  findings: Array<{
    kind: string;
    namespace: string;
    name: string;
    jsonPath: string;
  }>;
};

const dockerfile = (...replacements: Array<[string, string]>) =>
  mutate(COMPLIANT_DOCKERFILE, ...replacements);

export const dockerfileRuleCases: DockerfileRuleCase[] = [
  {
    ruleId: 'MAESTRO-DF-001',
    change: 'the final stage switches to USER root',
    content: dockerfile(['USER 65532:65532', 'USER root']),
    lines: [10],
  },
  {
    ruleId: 'MAESTRO-DF-002',
    change: 'the final base image uses :latest',
    content: dockerfile([
      `nodejs22-debian12:nonroot@sha256:${'b'.repeat(64)}`,
      'nodejs22-debian12:latest',
    ]),
    lines: [4],
  },
  {
    ruleId: 'MAESTRO-DF-003',
    change: 'the builder base image loses its digest (strict profile)',
    content: dockerfile([`@sha256:${'a'.repeat(64)}`, '']),
    profile: 'strict',
    lines: [1],
  },
  {
    ruleId: 'MAESTRO-DF-004',
    change: 'the vendor label is replaced by a title label',
    content: dockerfile([
      'org.opencontainers.image.vendor="Acme"',
      'org.opencontainers.image.title="x"',
    ]),
    lines: [4],
  },
  {
    ruleId: 'MAESTRO-DF-005',
    change: 'a builder RUN step uses --security=insecure',
    content: dockerfile(['RUN npm ci', 'RUN --security=insecure npm ci']),
    lines: [3],
  },
  {
    ruleId: 'MAESTRO-DF-006',
    change: 'the healthcheck is switched off',
    content: dockerfile([
      'HEALTHCHECK CMD ["/nodejs/bin/node", "/app/health.js"]',
      'HEALTHCHECK NONE',
    ]),
    lines: [11],
  },
  {
    ruleId: 'MAESTRO-DF-007',
    change: 'the final stage installs a package',
    content: dockerfile([
      'COPY --from=build /src /app',
      'RUN apt-get install -y curl',
    ]),
    lines: [9],
  },
];

const CONTAINER = '$.spec.template.spec.containers[0]';
const web = (jsonPath: string) => ({
  kind: 'Deployment',
  namespace: 'shop',
  name: 'web',
  jsonPath,
});
const deployment = (...replacements: Array<[string, string]>) =>
  mutate(DEPLOYMENT, ...replacements) + SUPPORT;

export const kubernetesRuleCases: KubernetesRuleCase[] = [
  {
    ruleId: 'MAESTRO-K8S-001',
    change: 'the container overrides runAsNonRoot with false',
    content: deployment([
      '            runAsNonRoot: true',
      '            runAsNonRoot: false',
    ]),
    findings: [web(`${CONTAINER}.securityContext.runAsNonRoot`)],
  },
  {
    ruleId: 'MAESTRO-K8S-002',
    change: 'the container image is empty',
    content: deployment([
      `image: ghcr.io/acme/web:1.2.3@sha256:${'c'.repeat(64)}`,
      'image: ""',
    ]),
    findings: [web(`${CONTAINER}.image`)],
  },
  {
    ruleId: 'MAESTRO-K8S-003',
    change: 'the image uses :latest',
    content: deployment([`web:1.2.3@sha256:${'c'.repeat(64)}`, 'web:latest']),
    findings: [web(`${CONTAINER}.image`)],
  },
  {
    ruleId: 'MAESTRO-K8S-004',
    change: 'the container loses its limits',
    content: deployment([
      '            limits: { cpu: 500m, memory: 256Mi }\n',
      '',
    ]),
    findings: [web(`${CONTAINER}.resources`)],
  },
  {
    ruleId: 'MAESTRO-K8S-005',
    change: 'the container is privileged',
    content: deployment(['privileged: false', 'privileged: true']),
    findings: [web(`${CONTAINER}.securityContext.privileged`)],
  },
  {
    ruleId: 'MAESTRO-K8S-006',
    change: 'the container runs as UID 0',
    content: deployment(['runAsUser: 65532', 'runAsUser: 0']),
    findings: [web(`${CONTAINER}.securityContext.runAsUser`)],
  },
  {
    ruleId: 'MAESTRO-K8S-007',
    change: 'the Deployment loses its version label',
    content: deployment([
      '    app.kubernetes.io/name: web\n    app.kubernetes.io/version: "1.2.3"\n',
      '    app.kubernetes.io/name: web\n',
    ]),
    findings: [web('$.metadata.labels')],
  },
  {
    ruleId: 'MAESTRO-K8S-008',
    change: 'the container loses its readiness probe',
    content: deployment([
      '          readinessProbe: { httpGet: { path: /ready, port: 8080 } }\n',
      '',
    ]),
    findings: [web(`${CONTAINER}.readinessProbe`)],
  },
  {
    ruleId: 'MAESTRO-K8S-009',
    change: 'the pod securityContext is removed',
    content: deployment([
      '      securityContext:\n        runAsNonRoot: true\n        seccompProfile: { type: RuntimeDefault }\n',
      '',
    ]),
    findings: [web('$.spec.template.spec.securityContext')],
  },
  {
    ruleId: 'MAESTRO-K8S-010',
    change: 'the LoadBalancer Service has no recognised certificate annotation',
    content:
      DEPLOYMENT +
      mutate(SUPPORT, [
        'service.beta.kubernetes.io/aws-load-balancer-ssl-cert:',
        'example.com/certificate:',
      ]),
    findings: [
      {
        kind: 'Service',
        namespace: 'shop',
        name: 'web',
        jsonPath: '$.metadata.annotations',
      },
    ],
  },
  {
    ruleId: 'MAESTRO-K8S-011',
    change: 'the root filesystem is writable',
    content: deployment([
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: false',
    ]),
    findings: [web(`${CONTAINER}.securityContext.readOnlyRootFilesystem`)],
  },
  {
    ruleId: 'MAESTRO-K8S-012',
    change: 'the container drops NET_RAW instead of ALL',
    content: deployment(['drop: [ALL]', 'drop: [NET_RAW]']),
    findings: [web(`${CONTAINER}.securityContext.capabilities.drop`)],
  },
  {
    ruleId: 'MAESTRO-K8S-013',
    change: 'the pod seccomp profile is Unconfined',
    content: deployment(['{ type: RuntimeDefault }', '{ type: Unconfined }']),
    findings: [web(`${CONTAINER}.securityContext.seccompProfile`)],
  },
  {
    ruleId: 'MAESTRO-K8S-014',
    change: 'privilege escalation is allowed',
    content: deployment([
      'allowPrivilegeEscalation: false',
      'allowPrivilegeEscalation: true',
    ]),
    findings: [web(`${CONTAINER}.securityContext.allowPrivilegeEscalation`)],
  },
  {
    ruleId: 'MAESTRO-K8S-015',
    change: 'the pod uses the host network',
    content: deployment([
      '      securityContext:\n        runAsNonRoot: true\n',
      '      hostNetwork: true\n      securityContext:\n        runAsNonRoot: true\n',
    ]),
    findings: [web('$.spec.template.spec.hostNetwork')],
  },
  {
    ruleId: 'MAESTRO-K8S-016',
    change: 'the NetworkPolicy selects other pods',
    content:
      DEPLOYMENT +
      mutate(SUPPORT, [
        '  podSelector: {}\n',
        '  podSelector:\n    matchLabels: { app.kubernetes.io/name: api }\n',
      ]),
    findings: [web('$.spec.template.metadata.labels')],
  },
  {
    ruleId: 'MAESTRO-K8S-017',
    change: 'the PodDisruptionBudget selects other pods',
    content:
      DEPLOYMENT +
      mutate(SUPPORT, [
        'matchLabels: { app.kubernetes.io/name: web }',
        'matchLabels: { app.kubernetes.io/name: api }',
      ]),
    findings: [web('$.spec.replicas')],
  },
  {
    ruleId: 'MAESTRO-K8S-018',
    change: 'the Deployment moves to namespace shop-prod with a tag-only image',
    content: deployment(
      ['namespace: shop', 'namespace: shop-prod'],
      [`web:1.2.3@sha256:${'c'.repeat(64)}`, 'web:1.2.3'],
    ),
    findings: [
      {
        kind: 'Deployment',
        namespace: 'shop-prod',
        name: 'web',
        jsonPath: `${CONTAINER}.image`,
      },
    ],
  },
  {
    ruleId: 'MAESTRO-K8S-019',
    change: 'the container adds NET_ADMIN',
    content: deployment([
      'capabilities: { drop: [ALL] }',
      'capabilities: { drop: [ALL], add: [NET_ADMIN] }',
    ]),
    findings: [web(`${CONTAINER}.securityContext.capabilities.add`)],
  },
];

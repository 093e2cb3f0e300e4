/**
 * Three of the built-in rules written by hand in plain TypeScript, as a
 * baseline for the CEL engine: MAESTRO-K8S-001 (runAsNonRoot), -003 (no
 * :latest) and -004 (cpu/memory requests and limits). They read the same
 * parsed objects and must report the same findings as the CEL rules.
 */

type Finding = { ruleId: string; resource: string; path: string };

const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function tagAndDigest(image: string): { tag: string; digest: string } {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  return {
    tag: colon > name.lastIndexOf('/') ? name.slice(colon + 1) : '',
    digest: at >= 0 ? image.slice(at + 1) : '',
  };
}

export function handWrittenRules(objects: any[]): Finding[] {
  const findings: Finding[] = [];
  for (const object of objects) {
    const segments = POD_SPEC_PATHS[object?.kind];
    if (!segments) continue;
    let pod: any = object;
    for (const segment of segments) pod = pod?.[segment];
    if (!pod || typeof pod !== 'object') continue;
    const resource = `${object.kind}/${object.metadata?.name}`;
    const podPath = `$.${segments.join('.')}`;
    const podNonRoot = pod.securityContext?.runAsNonRoot === true;
    for (const field of ['initContainers', 'containers']) {
      const containers: any[] = Array.isArray(pod[field]) ? pod[field] : [];
      containers.forEach((container, index) => {
        const path = `${podPath}.${field}[${index}]`;
        const own = container?.securityContext?.runAsNonRoot;
        if (!(own === undefined ? podNonRoot : own === true)) {
          findings.push({ ruleId: 'MAESTRO-K8S-001', resource, path });
        }
        const image = String(container?.image ?? '').trim();
        const { tag, digest } = tagAndDigest(image);
        if (image !== '' && digest === '' && (tag === '' || tag === 'latest')) {
          findings.push({ ruleId: 'MAESTRO-K8S-003', resource, path });
        }
        const { requests = {}, limits = {} } = container?.resources ?? {};
        if (!(requests.cpu && requests.memory && limits.cpu && limits.memory)) {
          findings.push({ ruleId: 'MAESTRO-K8S-004', resource, path });
        }
      });
    }
  }
  return findings;
}

/**
 * Policy benchmark: the full built-in CEL rule pack against three rules
 * written by hand in TypeScript, over 1,000 generated manifests. See README.md.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import {
  createPolicyEngine,
  type PolicyInput,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { parseManifests } from '@maestro-conductor/backstage-plugin-maestro-node/alpha';
import { celOnParsed } from './celOnParsed';
import { handWrittenRules } from './handWritten';
import { generateManifests } from './manifests';

const MANIFESTS = Number(process.env.BENCH_MANIFESTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SAME_THREE = ['MAESTRO-K8S-001', 'MAESTRO-K8S-003', 'MAESTRO-K8S-004'];

type Timing = { wallMs: number; cpuMs: number };
type Row = { name: string; rules: number } & Timing;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Median wall time and median CPU time (user + system, this process) of
 * `rounds` runs after two warm-up runs. On a shared machine wall time also
 * counts waiting for a core; CPU time counts only the work, so throughput is
 * computed from CPU time.
 */
function measure(fn: () => unknown, rounds = ROUNDS): Timing {
  fn();
  fn();
  const collectGarbage = (globalThis as { gc?: () => void }).gc;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    collectGarbage?.(); // with --expose-gc, so no round pays for the previous one's garbage
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

function toObjects(inputs: PolicyInput[]): any[] {
  return inputs.flatMap(input =>
    parseAllDocuments(input.content).map(document => document.toJS()),
  );
}

export function main(): void {
  const inputs: PolicyInput[] = generateManifests(MANIFESTS).map(m => ({
    kind: 'kubernetes',
    ...m,
  }));
  const objects = toObjects(inputs);
  const resources = objects.length;

  const fullPack = createPolicyEngine();
  const fullRules = fullPack.rules().filter(r => r.kind === 'kubernetes');
  const threeRules = createPolicyEngine({
    disabledRules: fullPack
      .rules()
      .map(r => r.id)
      .filter(id => !SAME_THREE.includes(id)),
  });

  // The hand-written rules must agree with the CEL ones, or the comparison means nothing.
  const cel = threeRules
    .evaluate(inputs)
    .findings.map(
      f =>
        `${f.ruleId} ${f.location.resource?.kind}/${f.location.resource?.name} ${f.location.jsonPath}`,
    );
  const typescript = handWrittenRules(objects).map(f => {
    const suffix: Record<string, string> = {
      'MAESTRO-K8S-001': '.securityContext.runAsNonRoot',
      'MAESTRO-K8S-003': '.image',
      'MAESTRO-K8S-004': '.resources',
    };
    return `${f.ruleId} ${f.resource} ${f.path}${suffix[f.ruleId]}`;
  });
  const agree =
    JSON.stringify([...cel].sort()) === JSON.stringify([...typescript].sort());
  const fullReport = fullPack.evaluate(inputs);
  const views = inputs.flatMap((input, index) =>
    parseManifests(input.path, input.content, undefined, index * 10),
  );
  const fullOnParsed = celOnParsed();
  const threeOnParsed = celOnParsed(SAME_THREE);
  const conversionOnly = celOnParsed([]);
  const loopAgrees = fullOnParsed(views) === fullReport.findings.length;

  const rows: Row[] = [
    {
      name: 'YAML parse + resource model only',
      rules: 0,
      ...measure(() =>
        inputs.forEach((input, index) =>
          parseManifests(input.path, input.content, undefined, index * 10),
        ),
      ),
    },
    {
      name: 'CEL engine evaluate(), full Kubernetes pack',
      rules: fullRules.length,
      ...measure(() => fullPack.evaluate(inputs)),
    },
    {
      name: 'CEL engine evaluate(), K8S-001/003/004 only',
      rules: 3,
      ...measure(() => threeRules.evaluate(inputs)),
    },
    {
      name: 'TypeScript, same 3 rules, YAML parse included',
      rules: 3,
      ...measure(() => handWrittenRules(toObjects(inputs))),
    },
    {
      name: 'CEL rules only, full pack, on parsed views',
      rules: fullRules.length,
      ...measure(() => fullOnParsed(views)),
    },
    {
      name: 'CEL rules only, same 3 rules, on parsed views',
      rules: 3,
      ...measure(() => threeOnParsed(views)),
    },
    {
      name: 'CEL value conversion of the views only, no rule',
      rules: 0,
      ...measure(() => conversionOnly(views)),
    },
    {
      name: 'TypeScript, same 3 rules, on parsed objects',
      rules: 3,
      ...measure(() => handWrittenRules(objects)),
    },
  ];

  const rate = (row: Row) => (resources / row.cpuMs) * 1000;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  /* eslint-disable no-console */
  console.log(
    `Maestro policy benchmark: ${MANIFESTS} manifests, ${resources} resources, median of ${ROUNDS} rounds after two warm-ups`,
  );
  console.log(
    `Node ${process.version}, ${
      os.cpus().length
    } cores (${cpu}), ${new Date().toISOString()}`,
  );
  console.log(
    `Full pack: ${fullReport.findings.length} findings (${fullReport.summary.deny} deny, ${fullReport.summary.warn} warn); ` +
      `CEL and TypeScript agree on K8S-001/003/004: ${
        agree
          ? `yes (${cel.length} findings)`
          : `NO (${cel.length} vs ${typescript.length})`
      }`,
  );
  console.log('');
  const header = ['Run', 'Rules', 'CPU ms', 'Wall ms', 'Resources/s (CPU)'];
  const body = rows.map(row => [
    row.name,
    String(row.rules),
    row.cpuMs.toFixed(1),
    row.wallMs.toFixed(1),
    Math.round(rate(row)).toLocaleString('en-US'),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map(line => line[i].length)),
  );
  const format = (cells: string[]) =>
    `| ${cells
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
      )
      .join(' | ')} |`;
  console.log(format(header));
  console.log(
    `|${widths
      .map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`))
      .join('|')}|`,
  );
  body.forEach(line => console.log(format(line)));
  console.log('');
  const [, , celThree, tsParsed, celFullBare, celThreeBare, , tsBare] = rows;
  const times = (a: Row, b: Row) => `${(a.cpuMs / b.cpuMs).toFixed(1)}x`;
  console.log('Ratios of CPU time (how many times slower the first is):');
  console.log(
    `  end to end, same 3 rules, CEL engine vs TypeScript:      ${times(
      celThree,
      tsParsed,
    )}`,
  );
  console.log(
    `  rules only, same 3 rules, CEL vs TypeScript:             ${times(
      celThreeBare,
      tsBare,
    )}`,
  );
  console.log(
    `  rules only, full CEL pack vs 3 TypeScript rules:         ${times(
      celFullBare,
      tsBare,
    )}`,
  );
  console.log(
    `  bench rule loop finds what the engine finds: ${
      loopAgrees ? 'yes' : 'NO'
    }`,
  );
  /* eslint-enable no-console */
  if (!agree || !loopAgrees) process.exitCode = 1;
}

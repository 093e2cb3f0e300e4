import path from 'node:path';
import { runCheck } from './runCheck';

jest.mock('../policy/helm', () => ({
  ...jest.requireActual('../policy/helm'),
  locateHelm: jest.fn(async () => {
    throw new Error(
      'No Helm binary found: pass a helm path, set MAESTRO_HELM_PATH, ...',
    );
  }),
}));

const SAMPLE = path.resolve(__dirname, '../../../../examples/policy-sample');

describe('maestro-policy without Helm', () => {
  it('warns that the chart was skipped and checks the rest', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCheck(['check', '.', '--format', 'json'], {
      stdout: text => out.push(text),
      stderr: text => err.push(text),
      cwd: SAMPLE,
      env: {},
    });
    expect(code).toBe(1);
    expect(err.join('')).toContain(
      'warning: Helm chart charts/shop skipped, not checked: No Helm binary found',
    );
    const report = JSON.parse(out.join(''));
    expect(
      report.findings.some((f: any) => f.location.file === 'charts/shop'),
    ).toBe(false);
  });

  it('fails only on a chart when it is the only input', async () => {
    const err: string[] = [];
    const code = await runCheck(['check', 'charts/shop'], {
      stdout: () => {},
      stderr: text => err.push(text),
      cwd: SAMPLE,
      env: {},
    });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/skipped, not checked[\s\S]*Nothing to check/);
  });
});

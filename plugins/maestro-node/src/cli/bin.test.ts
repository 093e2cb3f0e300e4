import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

jest.setTimeout(120_000);

const BIN = path.resolve(__dirname, '../../bin/maestro-policy');
const SAMPLE = path.resolve(__dirname, '../../../../examples/policy-sample');

async function runBin(args: string[]) {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [BIN, ...args],
      {
        cwd: SAMPLE,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('bin/maestro-policy', () => {
  it('runs from the TypeScript source in the monorepo and exits with the verdict', async () => {
    const result = await runBin([
      'check',
      '.',
      '--format',
      'json',
      '--exemptions',
      'exemptions.yaml',
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.passed).toBe(false);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it('exits 2 on a usage error', async () => {
    const result = await runBin(['check', '--format', 'xml', '.']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--format must be one of/);
  });
});

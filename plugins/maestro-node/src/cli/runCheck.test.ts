import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCheck, PolicyCliIo } from './runCheck';

jest.setTimeout(120_000);

const SAMPLE = path.resolve(__dirname, '../../../../examples/policy-sample');

function testIo(overrides: Partial<PolicyCliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: PolicyCliIo = {
    stdout: text => out.push(text),
    stderr: text => err.push(text),
    cwd: SAMPLE,
    env: process.env,
    now: new Date('2026-11-23T12:00:00Z'),
    ...overrides,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('maestro-policy usage', () => {
  it('prints usage and exits 2 without a command', async () => {
    const t = testIo();
    await expect(runCheck([], t.io)).resolves.toBe(2);
    expect(t.stderr()).toContain('Usage: maestro-policy check <paths...>');
  });

  it('prints help and exits 0 when asked', async () => {
    const t = testIo();
    await expect(runCheck(['check', '--help'], t.io)).resolves.toBe(0);
    expect(t.stdout()).toContain('--format table|json|sarif');
  });

  it.each([
    [['deploy'], /Unknown command 'deploy'/],
    [['check'], /check needs at least one file or directory/],
    [
      ['check', '.', '--format', 'xml'],
      /--format must be one of table, json, sarif, got 'xml'/,
    ],
    [
      ['check', '.', '--profile', 'lax'],
      /--profile must be one of default, strict/,
    ],
    [['check', '.', '--colour'], /Unknown option '--colour'/],
    [['check', 'no-such-dir'], /No such file or directory: no-such-dir/],
    [
      ['check', '.', '--exemptions', 'missing.yaml'],
      /Cannot read exemptions file missing\.yaml/,
    ],
    [
      ['check', '.', '--helm', '/nonexistent/helm'],
      /explicit helm path is missing or not executable/,
    ],
  ])('rejects %j with exit 2 and a clear message', async (argv, message) => {
    const t = testIo();
    await expect(runCheck(argv, t.io)).resolves.toBe(2);
    expect(t.stderr()).toMatch(message);
    expect(t.stdout()).toBe('');
  });

  it('rejects an exemption without an expiry, naming the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maestro-cli-'));
    fs.writeFileSync(
      path.join(dir, 'exemptions.yaml'),
      '- ruleId: X\n  owner: me\n  reason: because\n  ticket: T-1\n',
    );
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const t = testIo({ cwd: dir });
    await expect(
      runCheck(['check', '.', '--exemptions', 'exemptions.yaml'], t.io),
    ).resolves.toBe(2);
    expect(t.stderr()).toMatch(
      /exemptions\.yaml: Exemption X is refused: .*expiresAt/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 when there is nothing to check', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maestro-cli-'));
    fs.writeFileSync(path.join(dir, 'notes.yaml'), 'hello: world\n');
    const t = testIo({ cwd: dir });
    await expect(runCheck(['check', '.'], t.io)).resolves.toBe(2);
    expect(t.stderr()).toMatch(/Nothing to check/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/**
 * `maestro-policy check --opa-url --opa-path` against a FAKE OPA server
 * (src/policy/opa/__testUtils__/fakeOpaServer.ts), built from the request and
 * response shapes of OPA's documented REST API because no OPA binary can run
 * here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMPLIANT_DOCKERFILE } from '../policy/__testUtils__/compliantInputs';
import {
  startFakeOpa,
  type FakeOpaServer,
} from '../policy/opa/__testUtils__/fakeOpaServer';
import { createPolicyEngine } from '../policy';
import { runCheck, type PolicyCliIo } from './runCheck';

describe('maestro-policy check with OPA', () => {
  let dir: string;
  let opa: FakeOpaServer | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maestro-cli-opa-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), COMPLIANT_DOCKERFILE);
  });

  afterEach(async () => {
    await opa?.close();
    opa = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function testIo(overrides: Partial<PolicyCliIo> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const io: PolicyCliIo = {
      stdout: text => out.push(text),
      stderr: text => err.push(text),
      cwd: dir,
      env: {},
      now: new Date('2026-11-23T12:00:00Z'),
      ...overrides,
    };
    return { io, stdout: () => out.join(''), stderr: () => err.join('') };
  }

  it('adds the findings of the OPA decision and exits 1 on a deny', async () => {
    opa = await startFakeOpa({
      documents: {
        'maestro/deny': input =>
          input.dockerfiles[0].instructions.some(
            (c: any) => c.Cmd === 'label' && c.Value.includes('"Acme"'),
          )
            ? [
                {
                  ruleId: 'ACME-OPA-002',
                  msg: 'vendor label must be Acme Corp',
                },
              ]
            : [],
      },
    });
    const t = testIo();
    const code = await runCheck(
      [
        'check',
        '.',
        '--format',
        'json',
        '--opa-url',
        opa.url,
        '--opa-path',
        'maestro/deny',
      ],
      t.io,
    );
    expect(t.stderr()).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(t.stdout());
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'ACME-OPA-002',
        severity: 'deny',
        message: 'vendor label must be Acme Corp',
        location: { file: 'Dockerfile' },
      }),
    ]);
    expect(opa.requests.map(r => r.path)).toEqual(['/v1/data/maestro/deny']);
    expect(opa.requests[0].headers.authorization).toBeUndefined();
  });

  it('sends MAESTRO_OPA_TOKEN as a bearer token and passes on an empty decision', async () => {
    opa = await startFakeOpa({
      token: 'ci-token',
      documents: { main: () => ({ deny: [], warn: [] }) },
    });
    const t = testIo({ env: { MAESTRO_OPA_TOKEN: 'ci-token' } });
    const code = await runCheck(
      ['check', '.', '--opa-url', opa.url, '--opa-path', 'main'],
      t.io,
    );
    expect(t.stderr()).toBe('');
    expect(t.stdout()).toContain('No findings.');
    expect(code).toBe(0);
    expect(opa.requests[0].headers.authorization).toBe('Bearer ci-token');
  });

  it('exits 2 with the reason when OPA gives no decision', async () => {
    opa = await startFakeOpa({ documents: {} });
    const t = testIo();
    const code = await runCheck(
      ['check', '.', '--opa-url', opa.url, '--opa-path', 'maestro/deny'],
      t.io,
    );
    expect(code).toBe(2);
    expect(t.stderr()).toBe(
      `maestro-policy: OPA at ${opa.url}/v1/data/maestro/deny has no decision at data path 'maestro/deny': the document is undefined (is the policy loaded and the path right?)\n`,
    );
    expect(t.stdout()).toBe('');
  });

  it('exits 2 when OPA answers with a server error', async () => {
    opa = await startFakeOpa({
      reply: {
        status: 500,
        body: '{"code":"internal_error","message":"boom"}',
      },
    });
    const t = testIo();
    await expect(
      runCheck(['check', '.', '--opa-url', opa.url, '--opa-path', 'x'], t.io),
    ).resolves.toBe(2);
    expect(t.stderr()).toMatch(/answered 500: internal_error: boom/);
  });

  it.each([
    [['--opa-url', 'http://127.0.0.1:8181'], /--opa-url needs --opa-path/],
    [['--opa-path', 'maestro/deny'], /--opa-path needs --opa-url/],
    [['--opa-url', 'opa', '--opa-path', 'x'], /--opa-url 'opa' is not a URL/],
    [
      ['--opa-url', 'http://opa', '--opa-path', '/'],
      /--opa-path '\/' is not a data path/,
    ],
  ])('rejects %j as a usage error', async (flags, message) => {
    const t = testIo();
    await expect(runCheck(['check', '.', ...flags], t.io)).resolves.toBe(2);
    expect(t.stderr()).toMatch(message);
    expect(t.stderr()).toContain('Usage: maestro-policy check');
  });

  it('refuses OPA flags with an engine supplied by the caller', async () => {
    const t = testIo({ engine: createPolicyEngine() });
    await expect(
      runCheck(
        ['check', '.', '--opa-url', 'http://127.0.0.1:1', '--opa-path', 'x'],
        t.io,
      ),
    ).resolves.toBe(2);
    expect(t.stderr()).toMatch(
      /cannot be added to an engine supplied by the caller/,
    );
  });

  it('documents the flags in its usage', async () => {
    const t = testIo();
    await runCheck(['check', '--help'], t.io);
    expect(t.stdout()).toMatch(/--opa-url <url>/);
    expect(t.stdout()).toMatch(/--opa-path <path>/);
    expect(t.stdout()).toMatch(/MAESTRO_OPA_TOKEN/);
  });
});

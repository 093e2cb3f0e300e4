import { createPolicyEngine } from '../policy';
import { MaestroConfigReader, readMaestroPolicyConfig } from './policyConfig';

// A stand-in for Backstage's ConfigReader (dotted keys, nested configs); the
// scaffolder module's tests run this function against the real one.
function configOf(data: Record<string, unknown>): MaestroConfigReader {
  const at = (key: string) =>
    key
      .split('.')
      .reduce<unknown>(
        (value, part) =>
          value && typeof value === 'object'
            ? (value as Record<string, unknown>)[part]
            : undefined,
        data,
      );
  return {
    getOptionalConfig: key => {
      const value = at(key);
      return value && typeof value === 'object'
        ? configOf(value as Record<string, unknown>)
        : undefined;
    },
    getOptional: key => at(key),
    getOptionalString: key => at(key) as string | undefined,
    getOptionalStringArray: key => at(key) as string[] | undefined,
    getOptionalNumber: key => at(key) as number | undefined,
  };
}

describe('readMaestroPolicyConfig', () => {
  it('gives the built-in pack, default profile and 90 days without config', () => {
    expect(readMaestroPolicyConfig(configOf({}))).toEqual({
      engineOptions: {},
      defaultProfile: 'default',
      maxExemptionDays: 90,
    });
  });

  it('reads every maestro.policy key the backend documents', () => {
    const rule = {
      id: 'ACME-001',
      kind: 'dockerfile',
      severity: 'warn',
      title: 'Says hello',
      rationale: 'r',
      remediation: 'm',
      violations: '[]',
    };
    const settings = readMaestroPolicyConfig(
      configOf({
        maestro: {
          policy: {
            profile: 'strict',
            rulesDirectory: '/etc/maestro/rules',
            disabledRules: ['MAESTRO-DF-004'],
            rules: [rule],
            helm: { path: '/usr/local/bin/helm' },
            exemptions: { maxDurationDays: 30 },
          },
        },
      }),
    );
    expect(settings).toEqual({
      engineOptions: {
        rules: [rule],
        rulesDirectory: '/etc/maestro/rules',
        disabledRules: ['MAESTRO-DF-004'],
      },
      defaultProfile: 'strict',
      helmPath: '/usr/local/bin/helm',
      maxExemptionDays: 30,
    });
  });

  it('gives options createPolicyEngine applies', () => {
    const { engineOptions } = readMaestroPolicyConfig(
      configOf({ maestro: { policy: { disabledRules: ['MAESTRO-DF-001'] } } }),
    );
    const ids = createPolicyEngine(engineOptions)
      .rules()
      .map(r => r.id);
    expect(ids).toContain('MAESTRO-DF-002');
    expect(ids).not.toContain('MAESTRO-DF-001');
  });

  it('reads maestro.policy.opa into the engine options, with defaults', () => {
    const read = (opa: Record<string, unknown>) =>
      readMaestroPolicyConfig(configOf({ maestro: { policy: { opa } } }))
        .engineOptions.opa;
    expect(read({ url: 'http://opa:8181/', path: '/maestro/deny' })).toEqual({
      url: 'http://opa:8181',
      path: 'maestro/deny',
      timeoutMs: 5000,
      headers: {},
      mode: 'add',
    });
    expect(
      read({
        url: 'https://opa.example.com/base',
        path: 'main',
        timeoutMs: '1500', // as substituted from an environment variable
        headers: { Authorization: 'Bearer t0ken' },
        mode: 'add',
      }),
    ).toEqual({
      url: 'https://opa.example.com/base',
      path: 'main',
      timeoutMs: 1500,
      headers: { Authorization: 'Bearer t0ken' },
      mode: 'add',
    });
  });

  it('gives OPA options createPolicyEngine delegates with', () => {
    const { engineOptions } = readMaestroPolicyConfig(
      configOf({
        maestro: {
          policy: {
            opa: { url: 'http://127.0.0.1:8181', path: 'maestro/deny' },
          },
        },
      }),
    );
    expect(createPolicyEngine(engineOptions).opa).toEqual({
      url: 'http://127.0.0.1:8181',
      path: 'maestro/deny',
    });
  });

  it.each([
    [{ profile: 'Strict' }, /maestro\.policy\.profile 'Strict'/],
    [{ rules: { id: 'x' } }, /maestro\.policy\.rules: expected a list/],
    [
      { opa: { path: 'maestro/deny' } },
      /Invalid config maestro\.policy\.opa\.url is required/,
    ],
    [
      { opa: { url: 'opa:8181', path: 'x' } },
      /maestro\.policy\.opa\.url 'opa:8181' must be an http or https URL/,
    ],
    [
      { opa: { url: 'http://opa:8181' } },
      /maestro\.policy\.opa\.path is required/,
    ],
    [
      { opa: { url: 'http://opa:8181', path: 'x', timeoutMs: -1 } },
      /maestro\.policy\.opa\.timeoutMs must be a positive whole number/,
    ],
    [
      { opa: { url: 'http://opa:8181', path: 'x', headers: { 'X-A': 1 } } },
      /maestro\.policy\.opa\.headers 'X-A' must be a string/,
    ],
    [
      { opa: { url: 'http://opa:8181', path: 'x', mode: 'override' } },
      /maestro\.policy\.opa\.mode 'override' is not supported/,
    ],
  ])('refuses %j naming the key', (policy, message) => {
    expect(() =>
      readMaestroPolicyConfig(configOf({ maestro: { policy } })),
    ).toThrow(message);
  });
});

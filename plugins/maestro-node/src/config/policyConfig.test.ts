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

  it.each([
    [{ profile: 'Strict' }, /maestro\.policy\.profile 'Strict'/],
    [{ rules: { id: 'x' } }, /maestro\.policy\.rules: expected a list/],
  ])('refuses %j naming the key', (policy, message) => {
    expect(() =>
      readMaestroPolicyConfig(configOf({ maestro: { policy } })),
    ).toThrow(message);
  });
});

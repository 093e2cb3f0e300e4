import { ConfigReader } from '@backstage/config';
import { DEMO_WEBHOOK_SECRET, readHudConfig } from './hudConfig';

const read = (data: object) => readHudConfig(new ConfigReader(data));

describe('readHudConfig', () => {
  it('has defaults', () => {
    const config = read({});
    expect(config.maxEventBytes).toBe(5 * 1024 * 1024);
    expect(config.correlationCacheMs).toBe(60_000);
    expect(config.previewEnvironment.test('PR-42')).toBe(true);
    expect(config.previewEnvironment.test('preview-42')).toBe(true);
    expect(config.previewEnvironment.test('production')).toBe(false);
    expect(config.replayWindowMs).toBe(72 * 3600_000);
    expect(config.trusted.trusts('url:https://github.com/a/b.yaml')).toBe(
      false,
    );
  });

  it('reads the replay window in hours, from 1 to a year', () => {
    expect(
      read({ maestro: { hud: { replayWindowHours: 168 } } }),
    ).toMatchObject({ replayWindowMs: 168 * 3600_000 });
    for (const hours of [0, -1, 8761]) {
      expect(() =>
        read({ maestro: { hud: { replayWindowHours: hours } } }),
      ).toThrow(
        `maestro.hud.replayWindowHours must be from 1 to 8760, got ${hours}`,
      );
    }
  });

  it('trusts catalog.locations and maestro.hud.trustedLocations', () => {
    const { trusted } = read({
      catalog: { locations: [{ type: 'url', target: 'https://x.dev/c.yaml' }] },
      maestro: { hud: { trustedLocations: ['url:https://github.com/acme/*'] } },
    });
    expect(trusted.trusts('url:https://x.dev/c.yaml')).toBe(true);
    expect(trusted.trusts('url:https://github.com/acme/a/c.yaml')).toBe(true);
    expect(trusted.trusts('url:https://github.com/other/a/c.yaml')).toBe(false);
  });

  it('reads GitHub webhooks only when a secret checks their signatures', () => {
    expect(read({}).github.enabled).toBe(false);
    expect(
      read({ events: { modules: { github: { webhookSecret: 's3cret' } } } })
        .github.enabled,
    ).toBe(true);
    expect(
      read({
        integrations: {
          github: [
            {
              host: 'github.com',
              apps: [
                {
                  appId: 1,
                  webhookSecret: 'app-secret',
                  clientId: 'c',
                  clientSecret: 'c',
                  privateKey: 'k',
                },
              ],
            },
          ],
        },
      }).github.enabled,
    ).toBe(true);
    expect(
      read({
        events: { modules: { github: { webhookSecret: 's3cret' } } },
        maestro: { hud: { github: { enabled: false } } },
      }).github.enabled,
    ).toBe(false);
  });

  it('refuses the demo secret in production', () => {
    const demo = {
      events: { modules: { github: { webhookSecret: DEMO_WEBHOOK_SECRET } } },
    };
    expect(read(demo).github.enabled).toBe(true);
    const production = read({ ...demo, auth: { environment: 'production' } });
    expect(production.github).toEqual({
      enabled: false,
      reason: expect.stringMatching(
        /demo secret .* in production; set GITHUB_WEBHOOK_SECRET/,
      ),
    });
  });

  it('refuses settings that cannot work', () => {
    expect(() => read({ maestro: { hud: { maxEventBytes: 10 } } })).toThrow(
      /maestro.hud.maxEventBytes must be an integer from 1024/,
    );
    expect(() =>
      read({ maestro: { hud: { previewEnvironmentPattern: '(' } } }),
    ).toThrow(/previewEnvironmentPattern is not a regular expression/);
  });
});

import { ConfigReader } from '@backstage/config';
import { readTrustedLocations } from './trustedLocations';

const trusted = (data: object, cwd = '/srv/backstage/packages/backend') =>
  readTrustedLocations(new ConfigReader(data), cwd);

describe('readTrustedLocations', () => {
  it('trusts catalog.locations as the catalog writes them: type:target, file targets resolved against the working directory', () => {
    const locations = trusted({
      catalog: {
        locations: [
          { type: 'file', target: '../../examples/entities.yaml' },
          { type: 'file', target: '/etc/catalog/org.yaml' },
          {
            type: 'url',
            target: 'https://github.com/acme/catalog/blob/main/all.yaml',
          },
        ],
      },
    });
    for (const origin of [
      'file:/srv/backstage/examples/entities.yaml',
      'file:/etc/catalog/org.yaml',
      'url:https://github.com/acme/catalog/blob/main/all.yaml',
    ]) {
      expect([origin, locations.trusts(origin)]).toEqual([origin, true]);
    }
    for (const origin of [
      'file:../../examples/entities.yaml',
      'url:https://github.com/acme/catalog/blob/main/all.yaml?x=1',
      'url:https://github.com/stranger/catalog-info.yaml',
      undefined,
    ]) {
      expect([origin, locations.trusts(origin)]).toEqual([origin, false]);
    }
  });

  it('matches maestro.hud.trustedLocations patterns against the whole value, * matching any run of characters', () => {
    const locations = trusted({
      maestro: {
        hud: {
          trustedLocations: [
            'url:https://github.com/acme/*',
            'file:./generated/*.yaml',
          ],
        },
      },
    });
    expect(
      locations.trusts(
        'url:https://github.com/acme/payments/blob/main/catalog-info.yaml',
      ),
    ).toBe(true);
    expect(
      locations.trusts('url:https://github.com/acme-evil/x/catalog-info.yaml'),
    ).toBe(false);
    expect(
      locations.trusts('xurl:https://github.com/acme/x/catalog-info.yaml'),
    ).toBe(false);
    expect(
      locations.trusts('file:/srv/backstage/packages/backend/generated/a.yaml'),
    ).toBe(true);
    expect(
      trusted({ maestro: { hud: { trustedLocations: ['*'] } } }).trusts(
        'url:https://anywhere.example/x.yaml',
      ),
    ).toBe(true);
  });

  it('trusts nothing when nothing is configured, and refuses empty patterns', () => {
    expect(trusted({}).trusts('file:/srv/backstage/catalog.yaml')).toBe(false);
    expect(() =>
      trusted({ maestro: { hud: { trustedLocations: ['  '] } } }),
    ).toThrow('maestro.hud.trustedLocations[0] is empty');
  });
});

import {
  SbomComponent,
  VulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  diffComponents,
  diffVulnerabilities,
  purlWithoutVersion,
} from './artifactDiff';

const npm = (name: string, version: string): SbomComponent => ({
  name,
  version,
  purl: `pkg:npm/${name.replace('@', '%40')}@${version}`,
  type: 'library',
  licenses: [],
  relationship: 'transitive',
});

const finding = (
  id: string,
  severity: VulnerabilityFinding['severity'],
  packageName: string,
): VulnerabilityFinding => ({
  id,
  aliases: [],
  severity,
  package: { name: packageName },
  fixedVersions: [],
});

describe('purlWithoutVersion', () => {
  it.each([
    ['pkg:npm/%40backstage/core@1.2.3', 'pkg:npm/%40backstage/core'],
    [
      'pkg:apk/alpine/zlib@1.2.12-r3?arch=x86_64&distro=3.15.11',
      'pkg:apk/alpine/zlib',
    ],
    ['pkg:golang/github.com/x/y@v1.0.0#sub/dir', 'pkg:golang/github.com/x/y'],
    ['pkg:generic/openssl', 'pkg:generic/openssl'],
  ])('%s → %s', (purl, expected) => {
    expect(purlWithoutVersion(purl)).toBe(expected);
  });
});

describe('diffComponents', () => {
  it('reports added, removed and version changes, matched by purl without version', () => {
    const diff = diffComponents(
      [
        npm('react', '16.8.6'),
        npm('jquery', '3.3.9'),
        npm('@acme/ui', '1.0.0'),
      ],
      [
        npm('react', '18.3.1'),
        npm('lodash', '4.17.21'),
        npm('@acme/ui', '1.0.0'),
      ],
    );
    expect(diff.added.map(c => `${c.name}@${c.version}`)).toEqual([
      'lodash@4.17.21',
    ]);
    expect(diff.removed.map(c => `${c.name}@${c.version}`)).toEqual([
      'jquery@3.3.9',
    ]);
    expect(diff.changed).toEqual([
      {
        name: 'react',
        type: 'library',
        purl: 'pkg:npm/react@18.3.1',
        fromVersion: '16.8.6',
        toVersion: '18.3.1',
      },
    ]);
  });

  it('compares the versions of a package installed more than once as sets', () => {
    const diff = diffComponents(
      [npm('semver', '5.7.2'), npm('semver', '6.3.1'), npm('semver', '7.5.4')],
      [npm('semver', '6.3.1'), npm('semver', '7.6.0')],
    );
    expect(diff.changed).toEqual([
      expect.objectContaining({ fromVersion: '7.5.4', toVersion: '7.6.0' }),
    ]);
    expect(diff.removed.map(c => c.version)).toEqual(['5.7.2']);
    expect(diff.added).toEqual([]);
  });

  it('matches components without a purl by type and name, and ignores qualifier changes', () => {
    const file = (version: string): SbomComponent => ({
      name: 'libcrypto.so',
      version,
      type: 'file',
      licenses: [],
      relationship: 'unknown',
    });
    const apk = (version: string, distro: string): SbomComponent => ({
      name: 'zlib',
      version,
      purl: `pkg:apk/alpine/zlib@${version}?arch=x86_64&distro=${distro}`,
      licenses: ['Zlib'],
      relationship: 'direct',
    });
    const diff = diffComponents(
      [file('1.1'), apk('1.2.12-r3', '3.15.11')],
      [file('3.0'), apk('1.2.12-r3', '3.16.0')],
    );
    expect(diff).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          name: 'libcrypto.so',
          type: 'file',
          fromVersion: '1.1',
          toVersion: '3.0',
        },
      ],
    });
  });
});

describe('diffVulnerabilities', () => {
  it('reports introduced and fixed vulnerabilities by ID and package, with counts', () => {
    const diff = diffVulnerabilities(
      [
        finding('CVE-1', 'critical', 'openssl'),
        finding('CVE-2', 'high', 'zlib'),
        finding('CVE-2', 'medium', 'curl'),
      ],
      [
        finding('CVE-2', 'high', 'zlib'),
        finding('CVE-2', 'medium', 'busybox'),
        finding('CVE-3', 'low', 'musl'),
        finding('CVE-3', 'low', 'musl'),
      ],
    );
    expect(diff.introduced.map(f => `${f.id} ${f.package.name}`)).toEqual([
      'CVE-2 busybox',
      'CVE-3 musl',
    ]);
    expect(diff.fixed.map(f => `${f.id} ${f.package.name}`)).toEqual([
      'CVE-1 openssl',
      'CVE-2 curl',
    ]);
    expect(diff.fromCounts).toEqual({
      critical: 1,
      high: 1,
      medium: 1,
      low: 0,
      negligible: 0,
      unknown: 0,
    });
    expect(diff.toCounts).toMatchObject({ critical: 0, high: 1, low: 1 });
  });

  it('reads a vulnerability the newer build analyses as not_affected as fixed, and counts it nowhere', () => {
    const diff = diffVulnerabilities(
      [finding('CVE-1', 'critical', 'openssl')],
      [
        {
          ...finding('CVE-1', 'critical', 'openssl'),
          analysis: { state: 'not_affected', responses: [] },
        },
      ],
    );
    expect(diff.fixed.map(f => f.id)).toEqual(['CVE-1']);
    expect(diff.introduced).toEqual([]);
    expect(diff.toCounts.critical).toBe(0);
  });
});

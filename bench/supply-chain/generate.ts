/**
 * Evidence documents of a realistic size, generated from a fixed seed: a
 * CycloneDX 1.6 SBOM in the shape syft and cdxgen write (bom-refs, purls,
 * licences, a dependency graph from the application) and a Trivy JSON report
 * (SchemaVersion 2, several results, CVSS from NVD and the vendor).
 */

/** Mulberry32: small, fast and reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LICENSES = ['MIT', 'Apache-2.0', 'ISC', 'BSD-3-Clause', 'BSD-2-Clause'];
const ECOSYSTEMS = ['npm', 'maven', 'pypi', 'golang', 'deb'];
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'MEDIUM', 'LOW', 'UNKNOWN'];

export function generateCycloneDx(count: number, seed = 1): string {
  const next = random(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const components = Array.from({ length: count }, (_, n) => {
    const ecosystem = pick(ECOSYSTEMS);
    const name = ecosystem === 'maven' ? `lib-${n}` : `package-${n}`;
    const group = ecosystem === 'maven' ? `com.acme.group${n % 50}` : undefined;
    const version = `${Math.floor(next() * 10)}.${Math.floor(
      next() * 30,
    )}.${Math.floor(next() * 100)}`;
    const purl = group
      ? `pkg:maven/${group}/${name}@${version}?type=jar`
      : `pkg:${ecosystem}/${name}@${version}`;
    const license =
      next() < 0.1
        ? [{ expression: 'MIT OR Apache-2.0' }]
        : [{ license: { id: pick(LICENSES) } }];
    return {
      'bom-ref': purl,
      type: 'library',
      ...(group && { group }),
      name,
      version,
      purl,
      licenses: license,
      hashes: [
        { alg: 'SHA-256', content: Math.floor(next() * 1e16).toString(16) },
      ],
    };
  });
  const refs = components.map(c => c['bom-ref']);
  const dependencies = [
    { ref: 'app', dependsOn: refs.slice(0, 100) },
    ...refs.slice(0, 2000).map((ref, n) => ({
      ref,
      dependsOn: [1, 2, 3].map(k => refs[(n * 7 + k * 101) % refs.length]),
    })),
  ];
  return JSON.stringify({
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:00000000-0000-4000-8000-${String(seed).padStart(
      12,
      '0',
    )}`,
    version: 1,
    metadata: {
      timestamp: '2026-11-30T12:00:00Z',
      tools: {
        components: [{ type: 'application', name: 'syft', version: '1.18.0' }],
      },
      component: {
        'bom-ref': 'app',
        type: 'application',
        name: 'bench-app',
        version: '1.0.0',
      },
    },
    components,
    dependencies,
  });
}

export function generateTrivyReport(count: number, seed = 2): string {
  const next = random(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const results = ['debian', 'jar', 'node-pkg', 'gobinary'].map(type => ({
    Target: type === 'debian' ? 'bench-app (debian 12.8)' : `/app/${type}`,
    Class: type === 'debian' ? 'os-pkgs' : 'lang-pkgs',
    Type: type,
    Vulnerabilities: [] as object[],
  }));
  for (let n = 0; n < count; n++) {
    const severity = pick(SEVERITIES);
    const score = Math.round(next() * 100) / 10;
    results[n % results.length].Vulnerabilities.push({
      VulnerabilityID: `CVE-2026-${String(10000 + n)}`,
      VendorIDs: next() < 0.2 ? [`DSA-${5000 + n}-1`] : undefined,
      PkgName: `package-${Math.floor(next() * 3000)}`,
      InstalledVersion: `1.${n % 40}.0`,
      FixedVersion: next() < 0.6 ? `1.${(n % 40) + 1}.0` : undefined,
      Severity: severity,
      SeveritySource: 'nvd',
      Title: `Generated vulnerability ${n}`,
      PrimaryURL: `https://avd.aquasec.com/nvd/cve-2026-${10000 + n}`,
      CVSS: {
        nvd: {
          V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
          V3Score: score,
        },
      },
    });
  }
  return JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: '2026-11-30T12:00:00Z',
    ArtifactName: 'bench-app:1.0.0',
    ArtifactType: 'container_image',
    Metadata: { OS: { Family: 'debian', Name: '12.8' } },
    Results: results,
  });
}

/**
 * End to end against a real generator: `@cyclonedx/cyclonedx-npm` writes an
 * SBOM of this repository's maestro-common workspace from package-lock.json
 * (no network, no node_modules walk), and the parser must find what the lock
 * file and node_modules say is there.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { detectEvidenceDocument } from './detect';
import { parseCycloneDx } from './cyclonedx';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../../../..');
const COMMON_DIR = path.join(REPO_ROOT, 'plugins/maestro-common');

function installedVersion(packageName: string, fromDir: string): string {
  const entry = require.resolve(packageName, { paths: [fromDir] });
  const packageDir = entry.slice(
    0,
    entry.lastIndexOf(packageName) + packageName.length,
  );
  return JSON.parse(
    fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'),
  ).version;
}

describe('CycloneDX SBOM generated from this repository by cyclonedx-npm', () => {
  let tmpDir: string;

  beforeAll(() => {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'maestro-cyclonedx-npm-'));
  });

  afterAll(() => {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  it('lists @backstage/catalog-model with the version installed for maestro-common', async () => {
    const cli = path.join(
      path.dirname(require.resolve('@cyclonedx/cyclonedx-npm')),
      'bin/cyclonedx-npm-cli.js',
    );
    const output = path.join(tmpDir, 'maestro-common.cdx.json');
    const commonName = JSON.parse(
      fs.readFileSync(path.join(COMMON_DIR, 'package.json'), 'utf8'),
    ).name;
    await run(
      process.execPath,
      [
        cli,
        '--output-format',
        'JSON',
        '--output-file',
        output,
        '--omit',
        'dev',
        '--package-lock-only',
        '--workspace',
        commonName,
      ],
      { cwd: REPO_ROOT, timeout: 60_000 },
    );
    const doc = JSON.parse(fs.readFileSync(output, 'utf8'));

    expect(detectEvidenceDocument(doc)).toMatchObject({
      kind: 'sbom',
      format: 'cyclonedx-json',
    });
    const sbom = parseCycloneDx(doc);
    const rootName = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
    ).name;
    expect(sbom.subject?.name).toBe(rootName);
    expect(sbom.tools.map(tool => tool.name)).toContain('cyclonedx-npm');
    expect(sbom.hasDependencyGraph).toBe(true);

    const version = installedVersion('@backstage/catalog-model', COMMON_DIR);
    const catalogModel = sbom.components.filter(
      component => component.name === '@backstage/catalog-model',
    );
    expect(catalogModel).toEqual([
      expect.objectContaining({
        version,
        purl: `pkg:npm/%40backstage/catalog-model@${version}`,
        type: 'library',
        // The repository root depends on the workspace, the workspace on it.
        relationship: 'transitive',
      }),
    ]);
    expect(
      sbom.components.find(component => component.name === commonName),
    ).toMatchObject({ relationship: 'direct' });
    expect(
      sbom.components.every(component =>
        component.purl?.startsWith('pkg:npm/'),
      ),
    ).toBe(true);
  }, 90_000);
});

import { parseCycloneDx } from './cyclonedx';
import { parseSpdx } from './spdx';
import { parseTrivy } from './trivy';
import { parseGrype } from './grype';
import { parseSarif } from './sarif';
import { parseEvidenceDocument } from './parseEvidenceDocument';
import { EvidenceInputError } from './errors';
import { copyOf, loadFixture } from './__testUtils__/fixtures';

type Parser = (doc: unknown) => unknown;

function reasonFor(parse: Parser, doc: unknown): string {
  try {
    parse(doc);
  } catch (error) {
    if (error instanceof EvidenceInputError) return error.message;
    throw error;
  }
  throw new Error('expected an EvidenceInputError, the document was accepted');
}

describe('invalid evidence is refused with a reason', () => {
  it.each<[string, Parser, unknown, string]>([
    [
      'CycloneDX components that are not an array',
      parseCycloneDx,
      { bomFormat: 'CycloneDX', specVersion: '1.5', components: { name: 'x' } },
      'CycloneDX: $.components must be an array',
    ],
    [
      'a CycloneDX component that is not an object',
      parseCycloneDx,
      { bomFormat: 'CycloneDX', specVersion: '1.5', components: ['left-pad'] },
      'CycloneDX: $.components[0] must be an object',
    ],
    [
      'CycloneDX dependsOn with a non-string',
      parseCycloneDx,
      {
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        metadata: { component: { 'bom-ref': 'root', name: 'root' } },
        dependencies: [{ ref: 'root', dependsOn: [7] }],
      },
      'CycloneDX: $.dependencies[0].dependsOn[0] must contain only strings',
    ],
    [
      'CycloneDX without specVersion',
      parseCycloneDx,
      { bomFormat: 'CycloneDX' },
      'CycloneDX: $.specVersion is required',
    ],
    [
      'an SPDX document handed to the CycloneDX parser',
      parseCycloneDx,
      { spdxVersion: 'SPDX-2.3' },
      "CycloneDX: $ is not a CycloneDX BOM (bomFormat must be 'CycloneDX')",
    ],
    [
      'SPDX packages that are not an array',
      parseSpdx,
      { spdxVersion: 'SPDX-2.3', packages: 'all of them' },
      'SPDX: $.packages must be an array',
    ],
    [
      'an SPDX relationship without its element',
      parseSpdx,
      {
        spdxVersion: 'SPDX-2.3',
        relationships: [
          { relationshipType: 'DESCRIBES', relatedSpdxElement: 'x' },
        ],
      },
      'SPDX: $.relationships[0].spdxElementId is required',
    ],
    [
      'Trivy Results that are not an array',
      parseTrivy,
      { SchemaVersion: 2, Results: 'none' },
      'Trivy: $.Results must be an array',
    ],
    [
      'a Trivy vulnerability without an ID',
      parseTrivy,
      {
        SchemaVersion: 2,
        Results: [{ Vulnerabilities: [{ PkgName: 'zlib' }] }],
      },
      'Trivy: $.Results[0].Vulnerabilities[0].VulnerabilityID is required',
    ],
    [
      'a Trivy report of schema 1',
      parseTrivy,
      { SchemaVersion: 1, Results: [] },
      'Trivy: $.SchemaVersion SchemaVersion must be 2 (found 1); only Trivy JSON reports of schema 2 are supported',
    ],
    [
      'Grype matches that are not an array',
      parseGrype,
      { descriptor: { name: 'grype' }, matches: {} },
      'Grype: $.matches must be an array',
    ],
    [
      'a Grype match without its artifact',
      parseGrype,
      {
        descriptor: { name: 'grype' },
        matches: [{ vulnerability: { id: 'CVE-2024-0001' } }],
      },
      'Grype: $.matches[0].artifact is required',
    ],
    [
      'SARIF without runs',
      parseSarif,
      { version: '2.1.0' },
      'SARIF: $.runs is required and must be an array of runs',
    ],
    [
      'a SARIF run without a tool',
      parseSarif,
      { version: '2.1.0', runs: [{ results: [] }] },
      'SARIF: $.runs[0].tool.driver is required',
    ],
    [
      'a SARIF result that names no rule',
      parseSarif,
      {
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'x' } },
            results: [{ message: { text: 'hi' } }],
          },
        ],
      },
      'SARIF: $.runs[0].results[0] names no rule (ruleId, rule.id or ruleIndex)',
    ],
  ])('%s', (_case, parse, doc, reason) => {
    expect(reasonFor(parse, doc)).toBe(reason);
  });

  it.each<[string, Parser]>([
    ['CycloneDX', parseCycloneDx],
    ['SPDX', parseSpdx],
    ['Trivy', parseTrivy],
    ['Grype', parseGrype],
    ['SARIF', parseSarif],
  ])('%s refuses values that are not JSON objects', (format, parse) => {
    for (const value of [null, 'text', 42, [{}]]) {
      expect(reasonFor(parse, value)).toBe(
        `${format}: expected a JSON object at the top level`,
      );
    }
  });
});

/** Every path to an object member, up to a depth, following the first two items of arrays. */
function memberPaths(
  value: unknown,
  depth: number,
  prefix: Array<string | number> = [],
) {
  const paths: Array<Array<string | number>> = [];
  if (depth === 0 || typeof value !== 'object' || value === null) return paths;
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.slice(0, 2).map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, child] of entries) {
    paths.push([...prefix, key]);
    paths.push(...memberPaths(child, depth - 1, [...prefix, key]));
  }
  return paths;
}

function withReplaced(
  doc: unknown,
  at: Array<string | number>,
  value: unknown,
) {
  const copy = copyOf(doc) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of at.slice(0, -1)) {
    parent = parent[key] as Record<string | number, unknown>;
  }
  parent[at[at.length - 1]] = value;
  return copy;
}

describe('damaged real documents never crash a parser', () => {
  it.each([
    'cyclonedx-1.7-trivy-npm.cdx.json',
    'spdx-2.3-trivy-alpine-3.15.spdx.json',
    'trivy-fluentd-gems.json',
    'grype-ghsa-test.json',
    'sarif-grype-image.sarif.json',
  ])('%s with any member replaced by a value of the wrong type', file => {
    const doc = loadFixture(file);
    const crashes: string[] = [];
    const paths = memberPaths(doc, 8);
    for (const at of paths) {
      for (const wrong of [null, 7, 'x', [], {}, [7]]) {
        try {
          parseEvidenceDocument(withReplaced(doc, at, wrong));
        } catch (error) {
          if (!(error instanceof EvidenceInputError)) {
            crashes.push(
              `${at.join('.')} = ${JSON.stringify(wrong)}: ${error}`,
            );
          }
        }
      }
    }
    expect(paths.length).toBeGreaterThan(50);
    expect(crashes).toEqual([]);
  });
});

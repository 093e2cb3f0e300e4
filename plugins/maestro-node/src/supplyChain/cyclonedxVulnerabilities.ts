/**
 * The `vulnerabilities` of a CycloneDX BOM as findings: what Trivy
 * (`--format cyclonedx`), Grype (`-o cyclonedx-json`) and VEX documents
 * write.
 *
 * - One finding per vulnerability and affected component: each distinct
 *   `affects[].ref` is resolved to a component of the BOM by `bom-ref`
 *   (`metadata.component` included, which VEX documents name as the
 *   product); its name, version, purl and location become the package. A
 *   bom-link into another BOM (`urn:cdx:<serial>/<version>#<ref>`) is read
 *   from the ref itself (a purl gives name and version); an unknown ref
 *   becomes the package name. A vulnerability without `affects` is kept
 *   without a package. Each of these is named in the warnings.
 * - Severity and CVSS from `ratings` (see cyclonedxRatings.ts).
 * - Aliases from `references[].id`; the advisory link from the first
 *   `advisories[].url`, else `source.url`.
 * - Fixed versions from Trivy's recommendation text (`Upgrade <package> to
 *   version <versions>`, one per package, `; `-separated) and from an
 *   `aquasecurity:trivy:FixedVersion` property. Grype's BOMs state none.
 * - `analysis` (VEX) is kept on every finding of the vulnerability; states
 *   in SUPPRESSING_ANALYSIS_STATES suppress them (they stay visible).
 */
import {
  SbomComponent,
  VEX_ANALYSIS_STATES,
  VexAnalysisState,
  VulnerabilityAnalysis,
  VulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { ShapeReader, unique } from './documentShape';
import { buildFinding, splitVersionList } from './findings';
import { packageUrlType, parsePackageUrl } from './imageEvidence';
import { chooseCvss, chooseSeverity, readRatings } from './cyclonedxRatings';

/** A component of the BOM with its reader, for properties. */
export type BomComponent = { component: SbomComponent; reader: ShapeReader };

const FIXED_VERSION_PROPERTY = 'aquasecurity:trivy:FixedVersion';
/** Where Trivy and syft (Grype) record a package's file. */
const LOCATION_PROPERTIES = [
  'aquasecurity:trivy:FilePath',
  'syft:location:0:path',
];
const BOM_LINK = /^urn:cdx:([^/#]+)\/\d+#(.+)$/;

type AffectedPackage = {
  name: string;
  version?: string;
  purl?: string;
  type?: string;
  target?: string;
};

/** Counts of what was not fully understood, turned into warnings at the end. */
class Tally {
  readonly noAffects: string[] = [];
  readonly unresolved: string[] = [];
  readonly otherBoms: string[] = [];
  readonly onlyUnaffected: string[] = [];
  readonly unknownMethods = new Set<string>();
  readonly unrated: string[] = [];
  readonly unknownStates = new Set<string>();
  readonly withoutId: string[] = [];
  analysed = 0;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function examples(values: string[]): string {
  const shown = unique(values).slice(0, 3).join(', ');
  return values.length > 3 ? `${shown}, …` : shown;
}

function properties(reader: ShapeReader, name: string): string[] {
  return reader
    .objects('properties')
    .filter(entry => entry.optionalString('name') === name)
    .flatMap(entry => entry.optionalString('value') ?? []);
}

function fromComponent({ component, reader }: BomComponent): AffectedPackage {
  const target = LOCATION_PROPERTIES.flatMap(name =>
    properties(reader, name),
  )[0];
  return {
    name: component.name,
    version: component.version,
    purl: component.purl,
    type: packageUrlType(component.purl) ?? component.type,
    target,
  };
}

/** A package named only by a ref: a purl gives its name and version. */
function fromRefText(ref: string): AffectedPackage {
  const parts = parsePackageUrl(ref);
  if (!parts) return { name: ref };
  return {
    name: parts.path,
    version: parts.version,
    purl: ref,
    type: parts.type,
  };
}

function readAnalysis(
  vulnerability: ShapeReader,
  tally: Tally,
): VulnerabilityAnalysis | undefined {
  const analysis = vulnerability.optionalObject('analysis');
  const state = analysis?.optionalString('state');
  if (!analysis || !state) return undefined;
  if (!(VEX_ANALYSIS_STATES as readonly string[]).includes(state)) {
    tally.unknownStates.add(state);
    return undefined;
  }
  tally.analysed += 1;
  const read: VulnerabilityAnalysis = {
    state: state as VexAnalysisState,
    responses: analysis.strings('response'),
  };
  const justification = analysis.optionalString('justification');
  if (justification) read.justification = justification;
  const detail = analysis.optionalString('detail');
  if (detail) read.detail = detail;
  return read;
}

/** Package name (`:` and `/` alike, any case) → versions, from Trivy's recommendation. */
function recommendedFixes(text: string | undefined): Map<string, string[]> {
  const fixes = new Map<string, string[]>();
  for (const part of (text ?? '').split(/;\s*/)) {
    const match =
      /^Upgrade (.+?) to version (.+?)(?: or (?:higher|later))?\.?$/.exec(
        part.trim(),
      );
    if (match) fixes.set(packageKey(match[1]), splitVersionList(match[2]));
  }
  return fixes;
}

function packageKey(name: string): string {
  return name.replace(/:/g, '/').toLowerCase();
}

function warningsOf(tally: Tally, listsComponents: boolean): string[] {
  const warnings: string[] = [];
  if (tally.withoutId.length > 0) {
    warnings.push(
      `${plural(
        tally.withoutId.length,
        'vulnerability has',
        'vulnerabilities have',
      )} no id and ${
        tally.withoutId.length === 1 ? 'is' : 'are'
      } stored under ${
        tally.withoutId.length === 1 ? 'its' : 'their'
      } bom-ref (${examples(tally.withoutId)})`,
    );
  }
  if (tally.noAffects.length > 0) {
    warnings.push(
      `${plural(
        tally.noAffects.length,
        'vulnerability names',
        'vulnerabilities name',
      )} no affected component (affects is empty or missing): stored without a package (${examples(
        tally.noAffects,
      )})`,
    );
  }
  if (tally.unresolved.length > 0) {
    warnings.push(
      `${plural(
        tally.unresolved.length,
        'affects ref names',
        'affects refs name',
      )} no component of this BOM: the ref is stored as the package (${examples(
        tally.unresolved,
      )})`,
    );
  }
  if (tally.otherBoms.length > 0) {
    warnings.push(
      `${plural(
        tally.otherBoms.length,
        'affects ref points',
        'affects refs point',
      )} into another BOM: the package is read from the ref, the other BOM is not consulted (${examples(
        tally.otherBoms,
      )})`,
    );
  }
  if (tally.onlyUnaffected.length > 0) {
    warnings.push(
      `${plural(
        tally.onlyUnaffected.length,
        'affects entry lists',
        'affects entries list',
      )} only unaffected versions and still count${
        tally.onlyUnaffected.length === 1 ? 's' : ''
      } as a finding; state not_affected in analysis to suppress it (${examples(
        tally.onlyUnaffected,
      )})`,
    );
  }
  if (tally.unknownMethods.size > 0) {
    warnings.push(
      `ratings use method(s) CycloneDX does not define (${[
        ...tally.unknownMethods,
      ].join(', ')}): only their severity word is used, not their score`,
    );
  }
  if (tally.unrated.length > 0) {
    warnings.push(
      `${plural(
        tally.unrated.length,
        'vulnerability has',
        'vulnerabilities have',
      )} no rating with a severity or CVSS score: stored with severity unknown (${examples(
        tally.unrated,
      )})`,
    );
  }
  if (tally.unknownStates.size > 0) {
    warnings.push(
      `analysis state(s) ${[...tally.unknownStates].join(
        ', ',
      )} are not CycloneDX states: those findings are not suppressed`,
    );
  }
  if (tally.analysed > 0 && !listsComponents) {
    warnings.push(
      "this VEX document lists no components: its analysis applies to its own findings only and does not suppress other reports' findings",
    );
  }
  return warnings;
}

/**
 * Reads `vulnerabilities`: findings, deduplicated by (id, affected ref), and
 * the warnings about what was not fully understood.
 */
export function readCycloneDxVulnerabilities(input: {
  bom: ShapeReader;
  /** Components by bom-ref, nested ones included. */
  components: Map<string, BomComponent>;
  /** `metadata.component`, which VEX documents name as affected. */
  root?: BomComponent;
  /** `serialNumber`, to resolve bom-links into this same BOM. */
  serialNumber?: string;
  /** Whether the BOM has a `components` list (an SBOM, not a standalone VEX). */
  listsComponents: boolean;
}): { findings: VulnerabilityFinding[]; warnings: string[] } {
  const { bom, components, root, serialNumber } = input;
  const tally = new Tally();
  const local = (ref: string) =>
    components.get(ref) ??
    (root && root.reader.optionalString('bom-ref') === ref ? root : undefined);

  const resolve = (ref: string): AffectedPackage => {
    const found = local(ref);
    if (found) return fromComponent(found);
    const link = BOM_LINK.exec(ref);
    if (link) {
      const fragment = decodeURIComponent(link[2]);
      const inThisBom =
        serialNumber === `urn:uuid:${link[1]}` ? local(fragment) : undefined;
      if (inThisBom) return fromComponent(inThisBom);
      tally.otherBoms.push(ref);
      return fromRefText(fragment);
    }
    tally.unresolved.push(ref);
    return fromRefText(ref);
  };

  const byKey = new Map<string, VulnerabilityFinding>();
  for (const vulnerability of bom.objects('vulnerabilities')) {
    const id =
      vulnerability.optionalString('id') ??
      vulnerability.optionalString('bom-ref') ??
      vulnerability.fail('has neither an id nor a bom-ref');
    if (!vulnerability.optionalString('id')) tally.withoutId.push(id);
    const source = vulnerability.optionalObject('source');
    const ratings = readRatings(vulnerability, tally.unknownMethods);
    let severity = chooseSeverity({
      id,
      source: source?.optionalString('name'),
      ratings,
    });
    if (!severity) {
      tally.unrated.push(id);
      severity = 'unknown';
    }
    const analysis = readAnalysis(vulnerability, tally);
    const fixes = recommendedFixes(
      vulnerability.optionalString('recommendation'),
    );
    const fixedByProperty = properties(
      vulnerability,
      FIXED_VERSION_PROPERTY,
    ).flatMap(splitVersionList);
    const draft = {
      id,
      aliases: vulnerability
        .objects('references')
        .map(r => r.optionalString('id')),
      severity,
      cvss: chooseCvss(ratings),
      url:
        vulnerability.objects('advisories')[0]?.optionalString('url') ??
        source?.optionalString('url'),
      ...(analysis && { analysis }),
    };

    const affects = vulnerability.objects('affects');
    if (affects.length === 0) {
      tally.noAffects.push(id);
      byKey.set(
        `${id}\u0000`,
        buildFinding({
          ...draft,
          package: { name: '' },
          fixedVersions: fixedByProperty,
        }),
      );
      continue;
    }
    for (const affected of affects) {
      const ref = affected.requiredString('ref');
      const key = `${id}\u0000${ref}`;
      if (byKey.has(key)) continue;
      const versions = affected.objects('versions');
      const statuses = versions.map(
        v => v.optionalString('status') ?? 'affected',
      );
      if (
        statuses.length > 0 &&
        statuses.every(status => status === 'unaffected')
      ) {
        tally.onlyUnaffected.push(`${id} ${ref}`);
      }
      const stated = versions.find(
        (v, index) => statuses[index] === 'affected' && v.has('version'),
      );
      const pkg = resolve(ref);
      byKey.set(
        key,
        buildFinding({
          ...draft,
          package: { name: pkg.name, type: pkg.type, purl: pkg.purl },
          installedVersion: pkg.version ?? stated?.optionalString('version'),
          fixedVersions: [
            ...fixedByProperty,
            ...(fixes.get(packageKey(pkg.name)) ?? []),
          ],
          target: pkg.target,
        }),
      );
    }
  }
  return {
    findings: [...byKey.values()],
    warnings: warningsOf(tally, input.listsComponents),
  };
}

/**
 * SARIF 2.1.0 logs to `NormalizedVulnerabilityReport`.
 *
 * SARIF has no vulnerability vocabulary, so each field is looked for where
 * real scanners put it, most specific first:
 * - ID: an advisory ID (CVE, GHSA) the rule ID starts with (Grype's rule IDs
 *   are `CVE-…-<package>`), else the rule ID; aliases are the other advisory
 *   IDs in the rule's ID and its properties (`tags`, `cve`, …).
 * - Severity: a severity word among the rule's tags (Trivy), a
 *   `Severity: <word>` line in the result message or rule help (Trivy,
 *   Grype), else the `security-severity` score banded like CVSS v3.
 * - Package, installed and fixed versions: the labelled lines Trivy
 *   (`Package:`, `Installed Version:`, `Fixed Version:`) and Grype
 *   (`Version:`, `Fix Version:`) write into messages and rule help; the purl
 *   from `properties.purls` when the rule names exactly one.
 * - CVSS: Trivy's `cvssv3_baseScore` / `cvssv3_vector` rule properties.
 * - Subject: Trivy's run properties (`imageName`, `repoDigests`, `imageID`).
 * Results that name no package (code scanners such as CodeQL) keep an empty
 * package name.
 */
import {
  CvssScore,
  NormalizedVulnerabilityReport,
  VulnerabilityFinding,
  VulnerabilitySeverity,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { ShapeReader, unique } from './documentShape';
import { buildSubject, packageUrlType } from './imageEvidence';
import {
  buildFinding,
  deduplicateFindings,
  splitVersionList,
} from './findings';
import {
  cvssVersionOf,
  isSeverityWord,
  normalizeSeverity,
  severityFromScore,
} from './severity';

const FORMAT = 'SARIF';
const ADVISORY_ID =
  /\b(CVE-\d{4}-\d{4,}|GHSA-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})\b/gi;

/**
 * Reads a SARIF 2.1.0 log.
 *
 * @throws EvidenceInputError when it is not SARIF 2.1.0 or breaks its shape
 * @public
 */
export function parseSarif(doc: unknown): NormalizedVulnerabilityReport {
  const log = ShapeReader.root(FORMAT, doc);
  const version = log.optionalString('version');
  if (version !== '2.1.0') {
    log.fail(
      `version ${version ?? '(missing)'} is not supported (only 2.1.0)`,
      'version',
    );
  }
  if (!Array.isArray(log.object.runs)) {
    log.fail('is required and must be an array of runs', 'runs');
  }
  const runs = log.objects('runs');
  if (runs.length === 0) {
    log.fail('contains no run, so no scanner and no results', 'runs');
  }

  const findings: VulnerabilityFinding[] = [];
  for (const run of runs) {
    findings.push(...readRun(run));
  }

  const driver = readDriver(runs[0]);
  const scannerVersion =
    driver.optionalString('version') ??
    driver.optionalString('semanticVersion');
  const name = driver.requiredString('name');
  const report: NormalizedVulnerabilityReport = {
    format: 'sarif',
    scanner: scannerVersion ? { name, version: scannerVersion } : { name },
    findings: deduplicateFindings(findings),
  };
  const properties = runs[0].optionalObject('properties');
  if (properties?.has('imageName')) {
    report.subject = buildSubject({
      name: properties.optionalString('imageName'),
      repoDigests: properties.strings('repoDigests'),
      imageId: properties.optionalString('imageID'),
    });
  }
  return report;
}

function readDriver(run: ShapeReader): ShapeReader {
  return (
    run.optionalObject('tool')?.optionalObject('driver') ??
    run.fail('is required', 'tool.driver')
  );
}

function readRun(run: ShapeReader): VulnerabilityFinding[] {
  const rules = readDriver(run).objects('rules');
  const rulesById = new Map(
    rules.map(rule => [rule.optionalString('id'), rule] as const),
  );
  return run.objects('results').map(result => {
    const ruleIndex = result.optionalNumber('ruleIndex');
    const ruleId =
      result.optionalString('ruleId') ??
      result.optionalObject('rule')?.optionalString('id');
    const rule =
      (ruleIndex !== undefined ? rules[ruleIndex] : undefined) ??
      rulesById.get(ruleId);
    const fullRuleId = ruleId ?? rule?.optionalString('id');
    if (!fullRuleId) {
      return result.fail('names no rule (ruleId, rule.id or ruleIndex)');
    }
    const message = textOf(result.optionalObject('message'));
    const help = textOf(rule?.optionalObject('help'));
    const ruleProperties = rule?.optionalObject('properties');
    const tags = ruleProperties?.strings('tags') ?? [];
    const advisoryIds = unique(
      [fullRuleId, ...propertyTexts(ruleProperties)]
        .flatMap(text => text.match(ADVISORY_ID) ?? [])
        .map(normalizeAdvisoryId),
    );
    const leading = fullRuleId.match(ADVISORY_ID)?.[0];
    const id =
      leading && fullRuleId.toUpperCase().startsWith(leading.toUpperCase())
        ? normalizeAdvisoryId(leading)
        : fullRuleId;
    const grypeMatch = /package: ([^,\s]+), version (\S+)/.exec(message ?? '');
    const purls = ruleProperties?.strings('purls') ?? [];
    const purl = purls.length === 1 ? purls[0] : undefined;

    return buildFinding({
      id,
      aliases: advisoryIds,
      severity: readSeverity(tags, [message, help], [result, rule]),
      cvss: readCvss(ruleProperties),
      package: {
        name:
          labelled(message, 'Package') ??
          grypeMatch?.[1] ??
          labelled(help, 'Package') ??
          '',
        type: packageUrlType(purl) ?? labelled(help, 'Type'),
        purl,
      },
      installedVersion:
        labelled(message, 'Installed Version') ??
        grypeMatch?.[2] ??
        labelled(help, 'Installed Version') ??
        labelled(help, 'Version'),
      fixedVersions: splitVersionList(
        labelled(message, 'Fixed Version') ??
          labelled(message, 'Fix Version') ??
          labelled(help, 'Fixed Version') ??
          labelled(help, 'Fix Version'),
      ),
      target: result
        .objects('locations')[0]
        ?.optionalObject('physicalLocation')
        ?.optionalObject('artifactLocation')
        ?.optionalString('uri'),
      title: textOf(rule?.optionalObject('shortDescription')),
      url: rule?.optionalString('helpUri'),
    });
  });
}

/** `cve-2023-1` → `CVE-2023-1`; GHSA IDs keep their lower-case body, as GitHub writes them. */
function normalizeAdvisoryId(advisory: string): string {
  return advisory.toUpperCase().startsWith('GHSA-')
    ? `GHSA-${advisory.slice(5).toLowerCase()}`
    : advisory.toUpperCase();
}

/** String values of a property bag, one level deep (`tags`, `cve`, `aliases`). */
function propertyTexts(properties: ShapeReader | undefined): string[] {
  return Object.values(properties?.object ?? {}).flatMap(value => {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) {
      return value.filter((item): item is string => typeof item === 'string');
    }
    return [];
  });
}

function textOf(message: ShapeReader | undefined): string | undefined {
  return message?.optionalString('text');
}

/** The value of a `Label: value` line; undefined when absent or empty. */
function labelled(text: string | undefined, label: string): string | undefined {
  if (!text) return undefined;
  const match = new RegExp(`^${label}:[ \\t]*(.*)$`, 'm').exec(text);
  const value = match?.[1].trim();
  return value ? value : undefined;
}

function readSeverity(
  tags: string[],
  texts: Array<string | undefined>,
  holders: Array<ShapeReader | undefined>,
): VulnerabilitySeverity {
  const tag = tags.find(isSeverityWord);
  if (tag) return normalizeSeverity(tag);
  for (const text of texts) {
    const word = labelled(text, 'Severity');
    if (word && isSeverityWord(word)) return normalizeSeverity(word);
  }
  for (const holder of holders) {
    const score = holder
      ?.optionalObject('properties')
      ?.optionalNumber('security-severity');
    if (score !== undefined) return severityFromScore(score);
  }
  return 'unknown';
}

function readCvss(properties: ShapeReader | undefined): CvssScore | undefined {
  for (const [scoreKey, vectorKey] of [
    ['cvssv3_baseScore', 'cvssv3_vector'],
    ['cvssv2_score', 'cvssv2_vector'],
  ]) {
    const score = properties?.optionalNumber(scoreKey);
    if (score !== undefined) {
      const vector = properties?.optionalString(vectorKey);
      const cvss: CvssScore = { score };
      if (vector) cvss.vector = vector;
      const version = cvssVersionOf(vector);
      if (version) cvss.version = version;
      return cvss;
    }
  }
  return undefined;
}

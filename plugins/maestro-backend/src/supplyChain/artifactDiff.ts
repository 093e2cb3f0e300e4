/*
 * What changed between two builds of a service, from their SBOMs and scans.
 *
 * Components are matched by identity without version: the purl up to its
 * version (qualifiers such as `arch` or `distro` dropped, since a base-image
 * bump changes them without changing the package), else type and name. One
 * SBOM may hold several versions of a package (node_modules does), so each
 * identity compares a set of versions: versions on both sides are unchanged,
 * the rest are paired as version changes newest with newest (an upgrade of
 * the newest copy is the usual change), and what is left over was added or
 * removed.
 *
 * Vulnerabilities are matched by (ID, package): introduced when only the
 * newer artifact has them, fixed when only the older one did. A finding its
 * document suppresses by VEX analysis is not a vulnerability of the artifact
 * here: a CVE that becomes not_affected reads as fixed.
 */
import {
  Artifact,
  ArtifactDiff,
  ChangedComponent,
  isSuppressed,
  SbomComponent,
  VulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  distinctFindings,
  findingKey,
  severityCounts,
} from './currentEvidence';

/** `pkg:npm/%40scope/name@1.2.3?x=y#sub` → `pkg:npm/%40scope/name`. */
export function purlWithoutVersion(purl: string): string {
  const end = purl.search(/[?#]/);
  const base = end < 0 ? purl : purl.slice(0, end);
  // Inside the name part, `@` is percent-encoded; the last one starts the version.
  const at = base.lastIndexOf('@');
  return at > base.indexOf('/') ? base.slice(0, at) : base;
}

export function componentIdentity(component: SbomComponent): string {
  return component.purl
    ? purlWithoutVersion(component.purl)
    : `${component.type ?? ''}\u0000${component.name}`;
}

function groupByIdentity(
  components: SbomComponent[],
): Map<string, SbomComponent[]> {
  const groups = new Map<string, SbomComponent[]>();
  for (const component of components) {
    const identity = componentIdentity(component);
    const group = groups.get(identity);
    if (group) group.push(component);
    else groups.set(identity, [component]);
  }
  return groups;
}

/** Newest version first (numeric-aware, not semver-exact). */
const byVersion = (a: SbomComponent, b: SbomComponent) =>
  (b.version ?? '').localeCompare(a.version ?? '', 'en', { numeric: true });

/** Components of `from` and `to` without the versions both have. */
function unmatched(
  from: SbomComponent[],
  to: SbomComponent[],
): [SbomComponent[], SbomComponent[]] {
  const remaining = [...to];
  const onlyFrom: SbomComponent[] = [];
  for (const component of from) {
    const same = remaining.findIndex(c => c.version === component.version);
    if (same >= 0) remaining.splice(same, 1);
    else onlyFrom.push(component);
  }
  return [onlyFrom.sort(byVersion), remaining.sort(byVersion)];
}

function changeOf(from: SbomComponent, to: SbomComponent): ChangedComponent {
  const changed: ChangedComponent = { name: to.name };
  if (to.type ?? from.type) changed.type = to.type ?? from.type;
  if (to.purl ?? from.purl) changed.purl = to.purl ?? from.purl;
  if (from.version !== undefined) changed.fromVersion = from.version;
  if (to.version !== undefined) changed.toVersion = to.version;
  return changed;
}

export function diffComponents(
  from: SbomComponent[],
  to: SbomComponent[],
): ArtifactDiff['components'] {
  const before = groupByIdentity(from);
  const after = groupByIdentity(to);
  const result: ArtifactDiff['components'] = {
    added: [],
    removed: [],
    changed: [],
  };
  for (const identity of new Set([...before.keys(), ...after.keys()])) {
    const [removed, added] = unmatched(
      before.get(identity) ?? [],
      after.get(identity) ?? [],
    );
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++) {
      result.changed.push(changeOf(removed[i], added[i]));
    }
    result.removed.push(...removed.slice(pairs));
    result.added.push(...added.slice(pairs));
  }
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name.localeCompare(b.name);
  result.added.sort(byName);
  result.removed.sort(byName);
  result.changed.sort(byName);
  return result;
}

export function diffVulnerabilities(
  from: VulnerabilityFinding[],
  to: VulnerabilityFinding[],
): ArtifactDiff['vulnerabilities'] {
  const before = distinctFindings(from.filter(f => !isSuppressed(f)));
  const after = distinctFindings(to.filter(f => !isSuppressed(f)));
  const beforeKeys = new Set(before.map(findingKey));
  const afterKeys = new Set(after.map(findingKey));
  return {
    introduced: after.filter(f => !beforeKeys.has(findingKey(f))),
    fixed: before.filter(f => !afterKeys.has(findingKey(f))),
    fromCounts: severityCounts(before),
    toCounts: severityCounts(after),
  };
}

/** Strips storage fields so the diff carries plain components and findings. */
function plain<T extends object>(item: T): T {
  const { documentId, ...rest } = item as T & { documentId?: string };
  return rest as T;
}

export function diffArtifacts(input: {
  from: Artifact;
  to: Artifact;
  fromComponents: SbomComponent[];
  toComponents: SbomComponent[];
  fromFindings: VulnerabilityFinding[];
  toFindings: VulnerabilityFinding[];
}): ArtifactDiff {
  return {
    from: input.from,
    to: input.to,
    components: diffComponents(
      input.fromComponents.map(plain),
      input.toComponents.map(plain),
    ),
    vulnerabilities: diffVulnerabilities(
      input.fromFindings.map(plain),
      input.toFindings.map(plain),
    ),
  };
}

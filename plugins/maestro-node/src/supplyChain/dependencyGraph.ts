/**
 * Direct versus transitive components, shared by the CycloneDX and SPDX
 * parsers.
 *
 * Direct components are the dependencies of the SBOM's root (its subject);
 * transitive ones are reachable only through them; the rest are `unknown`.
 * Some generators put a grouping node between the root and the packages:
 * Trivy's operating-system node ("alpine 3.20") and its lock-file node
 * ("package-lock.json"), or a dependency ref that names no component at all.
 * Such a node is transparent: its own dependencies count as direct too,
 * otherwise every package of a Trivy image SBOM would read as transitive.
 *
 * One breadth-first walk over an adjacency list: O(components + edges), so
 * SBOMs with tens of thousands of components stay cheap.
 */
import { SbomComponentRelationship } from '@maestro-conductor/backstage-plugin-maestro-common';

export type DependencyGraph = {
  /** ref → refs it depends on (or contains). */
  edges: Map<string, string[]>;
  root: string;
  /** Refs that pass their dependencies through as direct (see above). */
  isTransparent(ref: string): boolean;
};

export function addEdge(
  edges: Map<string, string[]>,
  from: string,
  to: string,
): void {
  const targets = edges.get(from);
  if (targets) {
    targets.push(to);
  } else {
    edges.set(from, [to]);
  }
}

/** Relationship of every ref reachable from the root; unreachable refs are absent. */
export function classifyDependencies(
  graph: DependencyGraph,
): Map<string, SbomComponentRelationship> {
  const result = new Map<string, SbomComponentRelationship>();
  const visited = new Set<string>([graph.root]);

  // Direct: children of the root, expanding transparent nodes.
  const directQueue = [...(graph.edges.get(graph.root) ?? [])];
  const transitiveQueue: string[] = [];
  while (directQueue.length > 0) {
    const ref = directQueue.pop()!;
    if (visited.has(ref)) {
      continue;
    }
    visited.add(ref);
    result.set(ref, 'direct');
    const queue = graph.isTransparent(ref) ? directQueue : transitiveQueue;
    for (const child of graph.edges.get(ref) ?? []) {
      queue.push(child);
    }
  }

  // Transitive: everything else reachable.
  for (let index = 0; index < transitiveQueue.length; index++) {
    const ref = transitiveQueue[index];
    if (visited.has(ref)) {
      continue;
    }
    visited.add(ref);
    result.set(ref, 'transitive');
    for (const child of graph.edges.get(ref) ?? []) {
      if (!visited.has(child)) {
        transitiveQueue.push(child);
      }
    }
  }
  return result;
}

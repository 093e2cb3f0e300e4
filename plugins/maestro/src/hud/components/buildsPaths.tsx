import { createContext, ReactNode, useContext, useMemo } from 'react';

/** Where the Builds tab's views and its neighbours live. */
export type BuildsPaths = {
  overview: string;
  pullRequest(number: number): string;
  /**
   * The artifact a run built in the Supply chain tab, when its ID is known;
   * else the Supply chain tab itself, where the digest can be found.
   */
  supplyChainArtifact(digest: string): string;
};

function pathsUnder(
  base: string,
  artifactIds: ReadonlyMap<string, string>,
): BuildsPaths {
  const root = base.replace(/\/+$/, '');
  // The Supply chain tab sits next to this one on the entity page.
  const supplyChain = `${root.replace(/\/[^/]*$/, '')}/supply-chain`;
  return {
    overview: root || '/',
    pullRequest: number => `${root}/pull-requests/${number}`,
    supplyChainArtifact: digest => {
      const artifactId = artifactIds.get(digest);
      return artifactId
        ? `${supplyChain}/artifacts/${encodeURIComponent(artifactId)}`
        : supplyChain;
    },
  };
}

const PathsContext = createContext<BuildsPaths>(pathsUnder('', new Map()));

/**
 * Gives the views below the absolute paths of the tab's sub-views, resolved
 * once where the tab is mounted (relative links inside nested routes would
 * resolve against the nested route), and the artifact IDs of the entity's
 * image digests for links into the Supply chain tab.
 */
export function BuildsPathsProvider(props: {
  base: string;
  artifactIds: ReadonlyMap<string, string>;
  children: ReactNode;
}) {
  const paths = useMemo(
    () => pathsUnder(props.base, props.artifactIds),
    [props.base, props.artifactIds],
  );
  return (
    <PathsContext.Provider value={paths}>
      {props.children}
    </PathsContext.Provider>
  );
}

export function useBuildsPaths(): BuildsPaths {
  return useContext(PathsContext);
}

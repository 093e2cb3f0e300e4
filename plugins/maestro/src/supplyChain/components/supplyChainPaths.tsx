import { createContext, ReactNode, useContext, useMemo } from 'react';

/** Where the tab's views live, relative to wherever the app mounted the tab. */
export type SupplyChainPaths = {
  overview: string;
  artifact(artifactId: string): string;
  diff(fromArtifactId?: string, toArtifactId?: string): string;
};

function pathsUnder(base: string): SupplyChainPaths {
  const root = base.replace(/\/+$/, '');
  return {
    overview: root || '/',
    artifact: artifactId =>
      `${root}/artifacts/${encodeURIComponent(artifactId)}`,
    diff: (from, to) => {
      const params = new URLSearchParams();
      if (from) params.set('from', from);
      if (to) params.set('to', to);
      const search = params.toString();
      return `${root}/diff${search ? `?${search}` : ''}`;
    },
  };
}

const PathsContext = createContext<SupplyChainPaths>(pathsUnder(''));

/**
 * Gives the views below the absolute paths of the tab's sub-views. The
 * base is resolved once where the tab is mounted, because relative links
 * inside nested routes resolve against the nested route instead.
 */
export function SupplyChainPathsProvider(props: {
  base: string;
  children: ReactNode;
}) {
  const paths = useMemo(() => pathsUnder(props.base), [props.base]);
  return (
    <PathsContext.Provider value={paths}>
      {props.children}
    </PathsContext.Provider>
  );
}

export function useSupplyChainPaths(): SupplyChainPaths {
  return useContext(PathsContext);
}

import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { SbomComponentQuery, useSupplyChainApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/**
 * One server-side page of an artifact's SBOM components. Only the newest
 * request's answer is kept, so fast typing cannot show stale results; the
 * previous page stays in place while the next one loads.
 */
export function useSbomComponents(
  artifactId: string,
  query: SbomComponentQuery,
) {
  const api = useSupplyChainApi();
  const { key: refreshKey } = useEntityRefresh();
  const { search, license, type, relationship, offset, limit } = query;
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      api.listArtifactComponents(artifactId, {
        search,
        license,
        type,
        relationship,
        offset,
        limit,
      }),
    [
      api,
      artifactId,
      search,
      license,
      type,
      relationship,
      offset,
      limit,
      refreshKey,
    ],
  );
  return { value, loading, error, retry };
}

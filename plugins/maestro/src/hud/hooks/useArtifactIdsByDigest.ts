import useAsync from 'react-use/esm/useAsync';
import { useSupplyChainApi } from '../../supplyChain/api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/** The most artifacts one page of `GET /supply-chain/artifacts` returns. */
const ARTIFACT_PAGE_LIMIT = 100;

const NO_ARTIFACTS: ReadonlyMap<string, string> = new Map();

/**
 * The supply-chain artifact IDs of an entity's newest image digests. Runs
 * carry only the digest they built while the artifact view is addressed by
 * ID, so the Build HUD looks the digests up here. Digests older than the
 * newest page, and any failure to list (say, no permission), leave the map
 * without them; callers then link to the Supply chain tab instead.
 */
export function useArtifactIdsByDigest(
  entityRef: string,
): ReadonlyMap<string, string> {
  const api = useSupplyChainApi();
  const { key } = useEntityRefresh();
  const { value } = useAsync(async () => {
    try {
      const { items } = await api.listArtifacts({
        entityRef,
        limit: ARTIFACT_PAGE_LIMIT,
        offset: 0,
      });
      return new Map(items.map(item => [item.digest, item.id]));
    } catch {
      return new Map<string, string>();
    }
  }, [api, entityRef, key]);
  return value ?? NO_ARTIFACTS;
}

import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSupplyChainApi } from '../api';

/** Critical and high findings per service over the last `days` days. */
export function useSupplyChainSummary(days?: number) {
  const api = useSupplyChainApi();
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (await api.getSupplyChainSummary({ days })).items,
    [api, days],
  );
  return { value, loading, error, retry };
}

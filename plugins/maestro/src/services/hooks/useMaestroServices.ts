import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { maestroApiRef } from '../../api';

/** The components under Maestro, as the backend lists them. */
export function useMaestroServices() {
  const api = useApi(maestroApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (await api.listServices()).items,
    [api],
  );
  return { value, loading, error, retry };
}

import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useServicesApi } from '../api';

/** The components under Maestro, as the backend lists them. */
export function useMaestroServices() {
  const api = useServicesApi();
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (await api.listServices()).items,
    [api],
  );
  return { value, loading, error, retry };
}

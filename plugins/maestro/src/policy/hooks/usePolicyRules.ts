import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { usePolicyApi } from '../api';

/** Every policy rule the backend enforces, with how often each fired. */
export function usePolicyRules() {
  const api = usePolicyApi();
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (await api.listPolicyRules()).items,
    [api],
  );
  return { value, loading, error, retry };
}

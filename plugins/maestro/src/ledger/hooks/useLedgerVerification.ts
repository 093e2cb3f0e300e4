import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { maestroApiRef } from '../../api';

/** The backend's recomputation of the ledger's hash chain. */
export function useLedgerVerification() {
  const api = useApi(maestroApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.verifyLedger(),
    [api],
  );
  return { value, loading, error, retry };
}

import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useLedgerApi } from '../api';

/** The backend's recomputation of the ledger's hash chain. */
export function useLedgerVerification() {
  const api = useLedgerApi();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.verifyLedger(),
    [api],
  );
  return { value, loading, error, retry };
}

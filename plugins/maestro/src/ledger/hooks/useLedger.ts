import { LedgerQuery } from '@maestro-conductor/backstage-plugin-maestro-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useLedgerApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/**
 * One page of the audit ledger. `retry` refetches it, and so does every
 * change below an `EntityRefreshProvider`; the previous `value` stays in
 * place while the refetch runs, so live views do not flicker.
 */
export function useLedger(query: LedgerQuery = {}) {
  const api = useLedgerApi();
  const { key } = useEntityRefresh();
  const { after, limit, target, order } = query;
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getLedger({ after, limit, target, order }),
    [api, after, limit, target, order, key],
  );
  return { value, loading, error, retry };
}

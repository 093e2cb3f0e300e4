import {
  MAESTRO_SIGNAL_TOPICS,
  MaestroEntitySignal,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useState,
} from 'react';
import { useEntitySignal } from './useEntitySignal';

/**
 * Signal topics after which supply-chain views refetch: new artifacts and
 * evidence, and new policy evaluations (the artifact view shows the policy
 * results of its digest).
 */
export const SUPPLY_CHAIN_SIGNAL_TOPICS: ReadonlySet<string> = new Set([
  MAESTRO_SIGNAL_TOPICS.supplyChain,
  MAESTRO_SIGNAL_TOPICS.policy,
]);

const RefreshKeyContext = createContext(0);

/**
 * Subscribes once to the entity's signals channel for every supply-chain
 * view below it. Each relevant notice (or, without signals, each poll)
 * bumps a number that the supply-chain hooks list among their
 * dependencies, so the whole tab refetches together and keeps showing the
 * previous data while it does.
 */
export function SupplyChainRefreshProvider(props: {
  entityRef: string;
  children: ReactNode;
}) {
  const [key, setKey] = useState(0);
  const onChange = useCallback((signal?: MaestroEntitySignal) => {
    // Without a message this is the polling fallback.
    if (!signal || SUPPLY_CHAIN_SIGNAL_TOPICS.has(signal.topic)) {
      setKey(previous => previous + 1);
    }
  }, []);
  useEntitySignal(props.entityRef, onChange);
  return (
    <RefreshKeyContext.Provider value={key}>
      {props.children}
    </RefreshKeyContext.Provider>
  );
}

/** Changes whenever supply-chain data of the surrounding entity may have changed; 0 outside a provider. */
export function useSupplyChainRefreshKey(): number {
  return useContext(RefreshKeyContext);
}

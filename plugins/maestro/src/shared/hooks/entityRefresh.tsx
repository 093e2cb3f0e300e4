import {
  MaestroEntitySignal,
  MaestroSignalTopic,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import { useEntitySignal } from './useEntitySignal';

/** What the views below an {@link EntityRefreshProvider} refetch on. */
export type EntityRefresh = {
  /** Changes whenever the entity's data may have changed; 0 outside a provider. */
  key: number;
  /** Whether changes arrive over signals (true) or by polling (false). */
  isLive: boolean;
};

const EntityRefreshContext = createContext<EntityRefresh>({
  key: 0,
  isLive: false,
});

/**
 * Subscribes once to the entity's signals channel for every view below it.
 * Each notice on one of `topics` bumps a number the data hooks list among
 * their dependencies, so the whole tab refetches together and keeps showing
 * the previous data while it does. Calls without a message (the polling
 * fallback, or the catch-up after a reconnect) bump it too.
 */
export function EntityRefreshProvider(props: {
  entityRef: string;
  topics: readonly MaestroSignalTopic[];
  children: ReactNode;
}) {
  const { entityRef, topics, children } = props;
  const [key, setKey] = useState(0);
  const onChange = useCallback(
    (signal?: MaestroEntitySignal) => {
      if (!signal || topics.includes(signal.topic)) {
        setKey(previous => previous + 1);
      }
    },
    [topics],
  );
  const { isLive } = useEntitySignal(entityRef, onChange);
  const value = useMemo(() => ({ key, isLive }), [key, isLive]);
  return (
    <EntityRefreshContext.Provider value={value}>
      {children}
    </EntityRefreshContext.Provider>
  );
}

/**
 * The refresh state of the surrounding {@link EntityRefreshProvider}:
 * `{ key: 0, isLive: false }` outside one, so views shown elsewhere fetch
 * once.
 */
export function useEntityRefresh(): EntityRefresh {
  return useContext(EntityRefreshContext);
}

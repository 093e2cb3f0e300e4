import {
  MAESTRO_SIGNAL_TOPICS,
  MaestroEntitySignal,
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

/** The signal topic the backend publishes Build HUD changes on. */
export const HUD_SIGNAL_TOPIC = MAESTRO_SIGNAL_TOPICS.hud;

type HudRefresh = { key: number; isLive: boolean };

const HudRefreshContext = createContext<HudRefresh>({ key: 0, isLive: false });

/**
 * Subscribes once to the entity's signals channel for every Build HUD view
 * below it. Each `hud` notice bumps a number the HUD hooks list among their
 * dependencies, so the tab refetches together and keeps showing the
 * previous data while it does. Calls without a message (the polling
 * fallback, or the catch-up after a reconnect) bump it too.
 */
export function HudRefreshProvider(props: {
  entityRef: string;
  children: ReactNode;
}) {
  const [key, setKey] = useState(0);
  const onChange = useCallback((signal?: MaestroEntitySignal) => {
    if (!signal || signal.topic === HUD_SIGNAL_TOPIC) {
      setKey(previous => previous + 1);
    }
  }, []);
  const { isLive } = useEntitySignal(props.entityRef, onChange);
  const value = useMemo(() => ({ key, isLive }), [key, isLive]);
  return (
    <HudRefreshContext.Provider value={value}>
      {props.children}
    </HudRefreshContext.Provider>
  );
}

/**
 * `key` changes whenever the surrounding entity's builds may have changed
 * (0 outside a provider); `isLive` tells whether that comes from signals or
 * from polling.
 */
export function useHudRefresh(): HudRefresh {
  return useContext(HudRefreshContext);
}

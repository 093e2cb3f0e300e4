import {
  MaestroEntitySignal,
  maestroEntityChannel,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';
import useInterval from 'react-use/esm/useInterval';

/** How often to refetch when the app has no signals API. */
export const ENTITY_POLL_INTERVAL_MS = 30_000;

/**
 * Calls `onChange` whenever Maestro publishes a notice on the entity's
 * signals channel. Apps without the signals plugin get a poll every
 * `pollIntervalMs` instead (the callback then receives no message), so a
 * view built on this hook stays current either way.
 */
export function useEntitySignal(
  entityRef: string,
  onChange: (signal?: MaestroEntitySignal) => void,
  options: { pollIntervalMs?: number } = {},
): { isLive: boolean } {
  const { lastSignal, isSignalsAvailable } = useSignal<MaestroEntitySignal>(
    maestroEntityChannel(entityRef),
  );

  // Keep the latest callback without resubscribing when callers pass a new
  // function on every render.
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (lastSignal) {
      onChangeRef.current(lastSignal);
    }
  }, [lastSignal]);

  useInterval(
    () => onChangeRef.current(),
    isSignalsAvailable
      ? null
      : options.pollIntervalMs ?? ENTITY_POLL_INTERVAL_MS,
  );

  return { isLive: isSignalsAvailable };
}

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
 * How long after the browser comes back online to catch up. Backstage's
 * signals client notices the dropped socket, waits its reconnect timeout
 * (5 s by default), reconnects (up to 1 s) and subscribes its channels
 * again; a notice published before that is lost, so the refetch waits until
 * the subscription is back.
 */
export const SIGNALS_RECONNECT_DELAY_MS = 6_000;

/**
 * Calls `onChange` whenever Maestro publishes a notice on the entity's
 * signals channel. Apps without the signals plugin get a poll every
 * `pollIntervalMs` instead (the callback then receives no message), so a
 * view built on this hook stays current either way.
 *
 * Notices published while the socket is down, or before the channel's
 * subscription reached the server, are gone for good, and the signals API
 * does not say when it (re)connected. So the hook refetches once
 * `reconnectDelayMs` after mounting. The browser's `online`
 * event marks the usual cause, a dropped network, so the hook then calls
 * `onChange` once without a message, `reconnectDelayMs` later, when the
 * signals client has subscribed again: one refetch covers whatever was
 * missed.
 */
export function useEntitySignal(
  entityRef: string,
  onChange: (signal?: MaestroEntitySignal) => void,
  options: { pollIntervalMs?: number; reconnectDelayMs?: number } = {},
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

  const reconnectDelayMs =
    options.reconnectDelayMs ?? SIGNALS_RECONNECT_DELAY_MS;
  useEffect(() => {
    // Without signals the poll already catches up.
    if (!isSignalsAvailable) {
      return undefined;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const catchUp = () => {
      // Several `online` events in a row still make one refetch.
      clearTimeout(timer);
      timer = setTimeout(() => onChangeRef.current(), reconnectDelayMs);
    };
    window.addEventListener('online', catchUp);
    // The subscription is sent only once the socket is open (after a
    // reconnect wait if it was just closed, e.g. when the previous page held
    // the last subscription), so notices published meanwhile never arrive.
    // One refetch when it is surely in place covers them.
    catchUp();
    return () => {
      window.removeEventListener('online', catchUp);
      clearTimeout(timer);
    };
  }, [isSignalsAvailable, reconnectDelayMs]);

  return { isLive: isSignalsAvailable };
}

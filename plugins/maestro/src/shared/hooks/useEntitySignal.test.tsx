import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook } from '@testing-library/react';
import { PropsWithChildren } from 'react';
import {
  ENTITY_POLL_INTERVAL_MS,
  SIGNALS_RECONNECT_DELAY_MS,
  useEntitySignal,
} from './useEntitySignal';

const entityRef = 'component:default/payments-api';

function signalsWrapper() {
  const signalApi: SignalApi = {
    subscribe: jest.fn(() => ({ unsubscribe: jest.fn() })),
  };
  return ({ children }: PropsWithChildren<{}>) => (
    <TestApiProvider apis={[[signalApiRef, signalApi]]}>
      {children}
    </TestApiProvider>
  );
}

function goOnline() {
  act(() => {
    window.dispatchEvent(new Event('online'));
  });
}

describe('useEntitySignal', () => {
  afterEach(() => jest.useRealTimers());

  it('subscribes to the entity channel and passes each message on', () => {
    let deliver: ((message: any) => void) | undefined;
    const signalApi: SignalApi = {
      subscribe: jest.fn((_channel, onMessage) => {
        deliver = onMessage;
        return { unsubscribe: jest.fn() };
      }),
    };
    const onChange = jest.fn();
    const wrapper = ({ children }: PropsWithChildren<{}>) => (
      <TestApiProvider apis={[[signalApiRef, signalApi]]}>
        {children}
      </TestApiProvider>
    );

    const { result } = renderHook(() => useEntitySignal(entityRef, onChange), {
      wrapper,
    });

    expect(result.current.isLive).toBe(true);
    expect(signalApi.subscribe).toHaveBeenCalledWith(
      'maestro:entity:component:default/payments-api',
      expect.any(Function),
    );
    const message = { topic: 'ledger', entityRef, sequence: 3, at: 'now' };
    act(() => deliver!(message));
    expect(onChange).toHaveBeenCalledWith(message);
  });

  it('polls every 30 seconds when the app has no signals', () => {
    jest.useFakeTimers();
    const onChange = jest.fn();
    const wrapper = ({ children }: PropsWithChildren<{}>) => (
      <TestApiProvider apis={[]}>{children}</TestApiProvider>
    );

    const { result } = renderHook(() => useEntitySignal(entityRef, onChange), {
      wrapper,
    });

    expect(result.current.isLive).toBe(false);
    act(() => jest.advanceTimersByTime(ENTITY_POLL_INTERVAL_MS - 1));
    expect(onChange).not.toHaveBeenCalled();
    act(() => jest.advanceTimersByTime(1));
    expect(onChange).toHaveBeenCalledTimes(1);
    act(() => jest.advanceTimersByTime(ENTITY_POLL_INTERVAL_MS));
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('catches up once after the browser comes back online, when the signals client has resubscribed', () => {
    jest.useFakeTimers();
    const onChange = jest.fn();
    renderHook(() => useEntitySignal(entityRef, onChange), {
      wrapper: signalsWrapper(),
    });

    goOnline();
    act(() => jest.advanceTimersByTime(SIGNALS_RECONNECT_DELAY_MS - 1));
    expect(onChange).not.toHaveBeenCalled();
    act(() => jest.advanceTimersByTime(1));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith();

    // No poll follows: signals carry the updates again.
    act(() => jest.advanceTimersByTime(ENTITY_POLL_INTERVAL_MS * 2));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('catches up once after mounting, when the subscription is surely in place', () => {
    jest.useFakeTimers();
    const onChange = jest.fn();
    renderHook(() => useEntitySignal(entityRef, onChange), {
      wrapper: signalsWrapper(),
    });

    act(() => jest.advanceTimersByTime(SIGNALS_RECONNECT_DELAY_MS - 1));
    expect(onChange).not.toHaveBeenCalled();
    act(() => jest.advanceTimersByTime(1));
    expect(onChange).toHaveBeenCalledTimes(1);
    act(() => jest.advanceTimersByTime(ENTITY_POLL_INTERVAL_MS * 2));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('makes one refetch of several online events in a row', () => {
    jest.useFakeTimers();
    const onChange = jest.fn();
    renderHook(() => useEntitySignal(entityRef, onChange), {
      wrapper: signalsWrapper(),
    });

    goOnline();
    act(() => jest.advanceTimersByTime(1_000));
    goOnline();
    act(() => jest.advanceTimersByTime(SIGNALS_RECONNECT_DELAY_MS));

    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('stops listening for the network when unmounted', () => {
    jest.useFakeTimers();
    const onChange = jest.fn();
    const { unmount } = renderHook(() => useEntitySignal(entityRef, onChange), {
      wrapper: signalsWrapper(),
    });

    goOnline();
    unmount();
    act(() => jest.advanceTimersByTime(SIGNALS_RECONNECT_DELAY_MS));
    goOnline();
    act(() => jest.advanceTimersByTime(SIGNALS_RECONNECT_DELAY_MS));

    expect(onChange).not.toHaveBeenCalled();
  });
});

import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook } from '@testing-library/react';
import { PropsWithChildren } from 'react';
import { ENTITY_POLL_INTERVAL_MS, useEntitySignal } from './useEntitySignal';

const entityRef = 'component:default/payments-api';

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
});

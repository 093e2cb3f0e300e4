import { configApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { DemoSignInPage } from './DemoSignInPage';

describe('DemoSignInPage', () => {
  it('offers the guest and every configured demo user', async () => {
    const config = mockApis.config({
      data: {
        app: { title: 'Maestro Portal' },
        auth: {
          providers: {
            demo: {
              users: [
                { name: 'alan-turing', description: 'Payments Team too.' },
                'edsger-dijkstra',
              ],
            },
          },
        },
      },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[configApiRef, config]]}>
        <DemoSignInPage onSignInSuccess={jest.fn()} />
      </TestApiProvider>,
    );
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in as Alan Turing' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Payments Team too.')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in as Edsger Dijkstra' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('user:default/edsger-dijkstra'),
    ).toBeInTheDocument();
  });
});

import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createMaestroPolicyCheckAction } from './policyCheck';
import { examples } from './policyCheck.examples';
import { compliantWorkspace } from './policy/testFixtures';

// helm template runs for real.
jest.setTimeout(120_000);

describe('maestro:policy:check examples', () => {
  const workspace = createMockDirectory();
  const action = createMaestroPolicyCheckAction({
    config: mockServices.rootConfig(),
    now: () => new Date('2026-06-01T00:00:00Z'),
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'runs: %s',
    async (_d, example) => {
      workspace.setContent(
        compliantWorkspace({
          '.maestro/exemptions.yaml':
            "- ruleId: MAESTRO-K8S-017\n  selector: { resourceName: payments-api }\n  owner: group:default/payments\n  reason: single replica while in beta\n  ticket: PAY-7\n  expiresAt: '2026-09-30'\n",
        }),
      );
      const step = yaml.parse(example.example).steps[0];
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('passed', true);
      expect(ctx.output).toHaveBeenCalledWith(
        'checked',
        expect.objectContaining({ dockerfiles: 1, charts: 1, overlays: 2 }),
      );
    },
  );
});

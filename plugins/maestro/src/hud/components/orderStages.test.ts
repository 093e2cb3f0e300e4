import { buildStage } from '../../testing/fixtures';
import { orderStages } from './buildStatus';

describe('orderStages', () => {
  it('puts known stages in pipeline order and other names after them as reported', () => {
    const names = orderStages(
      [
        'e2e',
        'smoke',
        'deploy',
        'lint',
        'policy',
        'docs',
        'sign',
        'scan',
        'build',
        'test',
      ].map(name => buildStage({ name })),
    ).map(stage => stage.name);

    expect(names).toEqual([
      'lint',
      'test',
      'build',
      'scan',
      'sign',
      'policy',
      'deploy',
      'e2e',
      'smoke',
      'docs',
    ]);
  });
});

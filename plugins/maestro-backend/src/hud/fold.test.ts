import {
  foldPullRequest,
  foldRun,
  foldStage,
  impliedRunStatus,
  statusWins,
} from './fold';
import { stageNameOf } from './ingest/stageNames';
import {
  PullRequestFacts,
  PullRequestRecord,
  RunFacts,
  RunRecord,
  StageFacts,
  StageRecord,
} from './types';

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map(
      rest => [item, ...rest],
    ),
  );
}

const RUN_INIT = {
  id: 'run-1',
  entityRef: 'component:default/payments-api',
  source: 'github' as const,
  createdAt: '2026-12-01T10:00:00.000Z',
};

type RunReport = { facts: RunFacts; at: string };

function foldRunReports(reports: RunReport[]): RunRecord {
  let run: RunRecord | undefined;
  for (const { facts, at } of reports) {
    run = foldRun(run, RUN_INIT, facts, at);
  }
  // createdAt is when Maestro first saw it, not part of the folded state.
  return { ...run!, createdAt: RUN_INIT.createdAt };
}

const base = { provider: 'github-actions', externalId: '42' };

/** A workflow run's life as GitHub reports it, with a rename in between. */
const RUN_REPORTS: RunReport[] = [
  {
    at: '2026-12-01T10:00:00.000Z',
    facts: {
      ...base,
      status: 'queued',
      name: 'CI',
      commit: 'aaa',
      branch: 'feature/retry',
    },
  },
  {
    at: '2026-12-01T10:00:05.000Z',
    facts: {
      ...base,
      status: 'running',
      startedAt: '2026-12-01T10:00:05.000Z',
      url: 'https://github.com/acme/payments-api/actions/runs/42',
      pullRequest: 7,
    },
  },
  {
    at: '2026-12-01T10:03:00.000Z',
    facts: { ...base, name: 'CI (renamed)' },
  },
  {
    at: '2026-12-01T10:09:00.000Z',
    facts: {
      ...base,
      status: 'failed',
      startedAt: '2026-12-01T10:00:05.000Z',
      finishedAt: '2026-12-01T10:09:00.000Z',
      imageDigest: `sha256:${'b'.repeat(64)}`,
    },
  },
  {
    at: '2026-12-01T10:09:00.000Z',
    facts: { ...base, previewUrl: 'https://pr-7.preview.acme.dev' },
  },
];

describe('folding a run', () => {
  it('ends in the same state for every order of its events', () => {
    const expected = foldRunReports(RUN_REPORTS);
    expect(expected).toMatchObject({
      status: 'failed',
      name: 'CI (renamed)',
      commit: 'aaa',
      branch: 'feature/retry',
      pullRequest: 7,
      startedAt: '2026-12-01T10:00:05.000Z',
      finishedAt: '2026-12-01T10:09:00.000Z',
      durationMs: 535_000,
      imageDigest: `sha256:${'b'.repeat(64)}`,
      previewUrl: 'https://pr-7.preview.acme.dev',
      firstEventAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:09:00.000Z',
    });
    const orders = permutations(RUN_REPORTS);
    expect(orders).toHaveLength(120);
    for (const order of orders) {
      expect(foldRunReports(order)).toEqual(expected);
    }
  });

  it('ignores repeated events', () => {
    const expected = foldRunReports(RUN_REPORTS);
    const repeated = [...RUN_REPORTS, ...RUN_REPORTS.slice().reverse()];
    expect(foldRunReports(repeated)).toEqual(expected);
  });

  it('never goes back from a terminal status, even for a newer report', () => {
    const run = foldRunReports([
      {
        at: '2026-12-01T10:09:00.000Z',
        facts: { ...base, status: 'succeeded' },
      },
      { at: '2026-12-01T10:10:00.000Z', facts: { ...base, status: 'running' } },
    ]);
    expect(run.status).toBe('succeeded');
  });

  it('takes the newer of two terminal reports and the earliest start', () => {
    const run = foldRunReports([
      {
        at: '2026-12-01T10:12:00.000Z',
        facts: {
          ...base,
          status: 'succeeded',
          startedAt: '2026-12-01T10:02:00.000Z',
          finishedAt: '2026-12-01T10:12:00.000Z',
        },
      },
      {
        at: '2026-12-01T10:09:00.000Z',
        facts: {
          ...base,
          status: 'failed',
          startedAt: '2026-12-01T10:01:00.000Z',
          finishedAt: '2026-12-01T10:09:00.000Z',
        },
      },
    ]);
    expect(run).toMatchObject({
      status: 'succeeded',
      startedAt: '2026-12-01T10:01:00.000Z',
      finishedAt: '2026-12-01T10:12:00.000Z',
      durationMs: 660_000,
    });
  });

  it('has no duration while it is not finished', () => {
    const run = foldRunReports([
      {
        at: '2026-12-01T10:00:05.000Z',
        facts: {
          ...base,
          status: 'running',
          startedAt: '2026-12-01T10:00:05.000Z',
          finishedAt: '2026-12-01T10:01:00.000Z',
        },
      },
    ]);
    expect(run.finishedAt).toBeUndefined();
    expect(run.durationMs).toBeUndefined();
  });

  it('orders status reports: terminal over running over queued, then by time, then failure first', () => {
    expect(statusWins('queued', '2026-12-02', 'running', '2026-12-01')).toBe(
      false,
    );
    expect(statusWins('running', '2026-12-01', 'queued', '2026-12-02')).toBe(
      true,
    );
    expect(statusWins('succeeded', '2026-12-01', 'failed', '2026-12-01')).toBe(
      false,
    );
    expect(statusWins('failed', '2026-12-01', 'succeeded', '2026-12-01')).toBe(
      true,
    );
    expect(statusWins('failed', '2026-12-01', 'failed', '2026-12-01')).toBe(
      false,
    );
    expect(impliedRunStatus('failed')).toBe('running');
    expect(impliedRunStatus('queued')).toBe('queued');
  });
});

describe('folding a stage', () => {
  const STAGE: Omit<StageFacts, 'status'> = {
    key: 'job:9',
    name: 'test',
    jobName: 'unit tests',
  };
  const reports: Array<{ facts: StageFacts; at: string }> = [
    { at: '2026-12-01T10:01:00.000Z', facts: { ...STAGE, status: 'queued' } },
    {
      at: '2026-12-01T10:02:00.000Z',
      facts: {
        ...STAGE,
        status: 'running',
        startedAt: '2026-12-01T10:02:00.000Z',
        url: 'https://ci/job/9',
      },
    },
    {
      at: '2026-12-01T10:06:00.000Z',
      facts: {
        ...STAGE,
        status: 'failed',
        startedAt: '2026-12-01T10:02:00.000Z',
        finishedAt: '2026-12-01T10:06:00.000Z',
        tests: { passed: 41, failed: 1, failures: [{ name: 'refunds twice' }] },
      },
    },
    {
      at: '2026-12-01T10:06:00.000Z',
      facts: {
        ...STAGE,
        status: 'failed',
        policy: { passed: false, denied: 1, warnings: 0 },
      },
    },
  ];

  function foldAll(order: typeof reports): StageRecord {
    let stage: StageRecord | undefined;
    for (const { facts, at } of order) {
      stage = foldStage(stage, { id: 's-1', runId: 'run-1' }, facts, at);
    }
    return stage!;
  }

  it('ends in the same state for every order, completed before started included', () => {
    const expected = foldAll(reports);
    expect(expected).toMatchObject({
      status: 'failed',
      startedAt: '2026-12-01T10:02:00.000Z',
      finishedAt: '2026-12-01T10:06:00.000Z',
      durationMs: 240_000,
      url: 'https://ci/job/9',
      tests: { passed: 41, failed: 1 },
      policy: { passed: false, denied: 1, warnings: 0 },
    });
    for (const order of permutations(reports)) {
      expect(foldAll(order)).toEqual(expected);
    }
  });
});

describe('folding a pull request', () => {
  const reports: Array<{ facts: PullRequestFacts; at: string }> = [
    {
      at: '2026-12-01T09:00:00.000Z',
      facts: {
        number: 7,
        state: 'open',
        title: 'Retry captures',
        headCommit: 'aaa',
      },
    },
    {
      at: '2026-12-01T09:30:00.000Z',
      facts: { number: 7, headCommit: 'bbb', title: 'Retry card captures' },
    },
    {
      at: '2026-12-01T10:00:00.000Z',
      facts: { number: 7, previewUrl: 'https://pr-7.preview.acme.dev' },
    },
    { at: '2026-12-01T11:00:00.000Z', facts: { number: 7, state: 'merged' } },
  ];

  function foldAll(order: typeof reports): PullRequestRecord {
    let pr: PullRequestRecord | undefined;
    for (const { facts, at } of order) {
      pr = foldPullRequest(
        pr,
        {
          id: 'pr-7',
          entityRef: RUN_INIT.entityRef,
          createdAt: RUN_INIT.createdAt,
        },
        facts,
        at,
      );
    }
    return pr!;
  }

  it('ends in the same state for every order', () => {
    const expected = foldAll(reports);
    expect(expected).toMatchObject({
      number: 7,
      state: 'merged',
      title: 'Retry card captures',
      headCommit: 'bbb',
      previewUrl: 'https://pr-7.preview.acme.dev',
      updatedAt: '2026-12-01T11:00:00.000Z',
    });
    for (const order of permutations(reports)) {
      expect(foldAll(order)).toEqual(expected);
    }
  });

  it('prefers merged over closed when both are reported at the same time', () => {
    const at = '2026-12-01T11:00:00.000Z';
    const closedFirst = foldAll([
      { at, facts: { number: 7, state: 'closed' } },
      { at, facts: { number: 7, state: 'merged' } },
    ]);
    const mergedFirst = foldAll([
      { at, facts: { number: 7, state: 'merged' } },
      { at, facts: { number: 7, state: 'closed' } },
    ]);
    expect(closedFirst.state).toBe('merged');
    expect(mergedFirst.state).toBe('merged');
  });
});

describe('stage names', () => {
  it.each([
    ['Run linters', 'lint'],
    ['golangci-lint', 'lint'],
    ['unit tests', 'test'],
    ['build and test', 'test'],
    ['docker build', 'build'],
    ['buildah', 'build'],
    ['Trivy scan image', 'scan'],
    ['grype', 'scan'],
    ['cosign sign', 'sign'],
    ['conftest', 'policy'],
    ['Policy check', 'policy'],
    ['deploy-preview', 'deploy'],
    ['e2e (chromium)', 'e2e'],
    ['end-to-end tests', 'e2e'],
    ['design review', 'design review'],
    ['git-clone', 'git-clone'],
  ])('maps %s to %s', (job, stage) => {
    expect(stageNameOf(job)).toBe(stage);
  });
});

/**
 * The generic BuildEvent API (`POST /hud/events`, the contract's
 * {@link BuildEvent}) and the HUD's read queries, as zod schemas that
 * parseInput turns into 400s; and the BuildEvent → HUD draft mapping.
 */
import {
  BuildEvent,
  entityRefSchema,
  isImageDigest,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { z } from 'zod';
import { MAX_TIMELINE_LIMIT } from '../HudService';
import { stageNameOf } from './stageNames';
import { HudEventDraft } from '../types';

const count = z.number().int().min(0);
const time = z.iso.datetime({ offset: true });
const link = z.url({ protocol: /^https?$/ }).max(2048);

export const buildEventSchema = z
  .object({
    eventId: z.string().trim().min(1).max(255),
    entityRef: z.string().min(1).max(512).optional(),
    repository: z
      .string()
      .regex(/^[^/\s]+\/[^/\s]+$/, 'must be owner/name')
      .optional(),
    provider: z.string().trim().min(1).max(64),
    runId: z.string().trim().min(1).max(200),
    runName: z.string().max(512).optional(),
    runUrl: link.optional(),
    pullRequest: z.number().int().positive().optional(),
    commit: z.string().max(64).optional(),
    branch: z.string().max(255).optional(),
    stage: z.string().trim().min(1).max(200).optional(),
    status: z.enum([
      'queued',
      'running',
      'succeeded',
      'failed',
      'cancelled',
      'skipped',
    ]),
    startedAt: time.optional(),
    finishedAt: time.optional(),
    tests: z
      .object({
        passed: count,
        failed: count,
        skipped: count.optional(),
        // The contract keeps at most 100 failures; more are cut, not refused.
        failures: z
          .array(
            z.object({
              name: z.string().max(1024),
              message: z.string().max(4096).optional(),
            }),
          )
          .transform(failures => failures.slice(0, 100))
          .optional(),
        reportUrl: link.optional(),
      })
      .optional(),
    scan: z
      .object({
        critical: count,
        high: count,
        medium: count.optional(),
        low: count.optional(),
        reportUrl: link.optional(),
      })
      .optional(),
    sbomUrl: link.optional(),
    signature: z
      .object({
        verified: z.boolean(),
        reason: z.string().max(1024).optional(),
      })
      .optional(),
    policy: z
      .object({ passed: z.boolean(), denied: count, warnings: count })
      .optional(),
    previewUrl: link.optional(),
    imageDigest: z
      .string()
      .refine(isImageDigest, 'must be sha256:<64 lower-case hex digits>')
      .optional(),
    occurredAt: time,
  })
  .refine(event => event.entityRef || event.repository, {
    message: 'give entityRef or repository',
    path: ['entityRef'],
  }) satisfies z.ZodType<BuildEvent, any>;

export const timelineQuery = z.object({
  entityRef: entityRefSchema,
  limit: z.coerce.number().int().min(1).max(MAX_TIMELINE_LIMIT).optional(),
});

export const unroutedQuery = z.object({
  entityRef: entityRefSchema.optional(),
});

export const pullRequestQuery = z.object({
  entityRef: entityRefSchema,
  number: z.coerce.number().int().positive(),
});

const iso = (value?: string) =>
  value === undefined ? undefined : new Date(value).toISOString();

/**
 * One BuildEvent as a HUD draft. Without `stage` it reports the run; with
 * one it reports that stage, and the run gets only its identity and links.
 * Test, scan, signature and policy results belong to stages: on a run-level
 * event they are kept in the stored event but not folded.
 */
export function readBuildEvent(event: z.output<typeof buildEventSchema>) {
  const occurredAt = iso(event.occurredAt)!;
  const times = {
    startedAt: iso(event.startedAt),
    finishedAt: iso(event.finishedAt),
  };
  const draft: HudEventDraft = {
    source: 'api',
    origin: event.provider,
    deliveryId: event.eventId,
    type: event.stage ? 'build-event.stage' : 'build-event.run',
    payload: event,
    facts: {
      occurredAt,
      run: {
        provider: event.provider,
        externalId: event.runId,
        name: event.runName,
        url: event.runUrl,
        pullRequest: event.pullRequest,
        commit: event.commit,
        branch: event.branch,
        imageDigest: event.imageDigest,
        ...(!event.stage && {
          status: event.status,
          ...times,
          previewUrl: event.previewUrl,
        }),
      },
      ...(event.stage && {
        stage: {
          key: `stage:${event.stage}`,
          name: stageNameOf(event.stage),
          jobName: event.stage,
          status: event.status,
          ...times,
          tests: event.tests,
          scan: event.scan,
          sbomUrl: event.sbomUrl,
          signature: event.signature,
          policy: event.policy,
          previewUrl: event.previewUrl,
        },
      }),
    },
    correlation: {
      entityRef: event.entityRef,
      repository: event.repository,
    },
  };
  return draft;
}

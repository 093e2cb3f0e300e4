import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { DatabaseIdempotencyStore } from './DatabaseIdempotencyStore';
import { IdempotencyService } from './IdempotencyService';

/**
 * The idempotency keys shared by every create that accepts them, and the
 * hourly task `maestro-idempotency-prune` that deletes lapsed answers.
 */
export async function createIdempotency(options: {
  db: Knex;
  scheduler: SchedulerService;
  logger: LoggerService;
}): Promise<IdempotencyService> {
  const idempotency = new IdempotencyService({
    store: DatabaseIdempotencyStore.fromClient(options.db),
  });
  await options.scheduler.scheduleTask({
    id: 'maestro-idempotency-prune',
    frequency: { hours: 1 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 5 },
    fn: async () => {
      const pruned = await idempotency.prune();
      if (pruned > 0) {
        options.logger.debug(`Pruned ${pruned} lapsed idempotency keys`);
      }
    },
  });
  return idempotency;
}

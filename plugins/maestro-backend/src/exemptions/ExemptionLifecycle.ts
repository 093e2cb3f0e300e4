/*
 * The lifecycle every kind of exemption shares (policy rules, vulnerabilities):
 * an owner, a reason, an optional ticket and a mandatory expiry no further
 * away than configured, so an exemption is renewed on purpose rather than
 * forgotten. Creating and revoking each commit with their ledger entry and
 * publish the kind's signal after commit. Identical active exemptions are one
 * (the kind's identity): a second identical create returns the first, and the
 * check and the insert run under a transaction lock on that identity, so two
 * racing creates record one. An Idempotency-Key replays the first answer.
 *
 * What differs per kind is data, not flow: the words in messages, the
 * idempotency operation, the ledger actions and the kind's own payload
 * fields, the signal topic, how a stored exemption becomes a record, and an
 * optional check of the request against other capabilities.
 */
import { InputError, NotFoundError } from '@backstage/errors';
import { MaestroSignalTopic } from '@maestro-conductor/backstage-plugin-maestro-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { lockForTransaction } from '../database/transactionLock';
import { IdempotencyKey } from '../idempotency/IdempotencyService';
import { RecordedMutations } from '../ledger/recordedMutation';

const DAY_MS = 24 * 3600 * 1000;

export type ExemptionStatus = 'active' | 'expired' | 'revoked';

/** What any exemption request names, whatever it exempts. */
export type ExemptionRequestBase = {
  entityRef: string;
  owner: string;
  reason: string;
  ticket?: string;
  expiresAt: string;
};

/** A request as stored: who created it when, and who revoked it when. */
export type StoredExemptionOf<Request extends ExemptionRequestBase> =
  Request & {
    id: string;
    createdBy: string;
    createdAt: string;
    revokedBy?: string;
    revokedAt?: string;
  };

/** The store a lifecycle works on (see ExemptionTable for the common part). */
export interface ExemptionStore<Request extends ExemptionRequestBase> {
  insertExemption(
    tx: Knex.Transaction,
    exemption: StoredExemptionOf<Request>,
  ): Promise<void>;
  getExemption(id: string): Promise<StoredExemptionOf<Request> | undefined>;
  listExemptions(query: {
    entityRef?: string;
  }): Promise<StoredExemptionOf<Request>[]>;
  /** Neither revoked nor expired at `now`, of the request's entity and owner; oldest first. */
  listActiveExemptions(
    tx: Knex.Transaction,
    query: Request & { now: string },
  ): Promise<StoredExemptionOf<Request>[]>;
  /** False when the exemption was already revoked (or does not exist). */
  revokeExemption(
    tx: Knex.Transaction,
    id: string,
    revokedBy: string,
    revokedAt: string,
  ): Promise<boolean>;
}

/** What sets one kind of exemption apart. */
export type ExemptionKind<Request extends ExemptionRequestBase, Rec> = {
  /** Lower case, as in "No policy exemption x1". */
  noun: string;
  idempotencyOperation: string;
  ledgerActions: { create: string; revoke: string };
  signalTopic: MaestroSignalTopic;
  /** Equal for exemptions that are one; see maestro-common's exemptionIdentity. */
  identity(exemption: Request): string;
  /** The kind's fields of the ledger payloads, after `exemptionId`. */
  ledgerFields: {
    create(exemption: StoredExemptionOf<Request>): object;
    revoke(exemption: StoredExemptionOf<Request>): object;
  };
  toRecord(exemption: StoredExemptionOf<Request>, status: ExemptionStatus): Rec;
  /** Throws InputError when the request contradicts what is known elsewhere. */
  check?(request: Request): Promise<void>;
};

/** What a create did: `created` false when an identical active exemption already existed (and is returned); `replayed` when an idempotency key's stored answer was returned instead of acting. */
export type ExemptionCreation<Rec> = {
  exemption: Rec;
  created: boolean;
  replayed: boolean;
};

export function exemptionStatus(
  exemption: { expiresAt: string; revokedAt?: string },
  now: Date,
): ExemptionStatus {
  if (exemption.revokedAt) return 'revoked';
  return exemption.expiresAt <= now.toISOString() ? 'expired' : 'active';
}

export class ExemptionLifecycle<
  Request extends ExemptionRequestBase,
  Rec extends { entityRef: string; status: ExemptionStatus },
> {
  private readonly now: () => Date;

  constructor(
    private readonly kind: ExemptionKind<Request, Rec>,
    private readonly options: {
      store: ExemptionStore<Request>;
      mutations: RecordedMutations;
      /** Longest allowed exemption, in days. */
      maxExemptionDays: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async listExemptions(query: {
    entityRef?: string;
    status?: ExemptionStatus;
  }): Promise<Rec[]> {
    const now = this.now();
    return (await this.options.store.listExemptions(query))
      .map(e => this.record(e, now))
      .filter(e => !query.status || e.status === query.status);
  }

  async getExemption(id: string): Promise<Rec> {
    return this.record(await this.stored(id), this.now());
  }

  async createExemption(
    request: Request,
    actor: string,
    idempotency?: IdempotencyKey,
  ): Promise<ExemptionCreation<Rec>> {
    const now = this.now();
    const expires = new Date(request.expiresAt);
    if (expires.getTime() <= now.getTime()) {
      throw new InputError(
        `expiresAt ${request.expiresAt} is not in the future`,
      );
    }
    const { maxExemptionDays } = this.options;
    if (expires.getTime() - now.getTime() > maxExemptionDays * DAY_MS) {
      throw new InputError(
        `expiresAt ${request.expiresAt} is more than ${maxExemptionDays} days away; exemptions must be renewed, not permanent`,
      );
    }
    await this.kind.check?.(request);
    const { kind } = this;
    const { store, mutations } = this.options;
    const identity = kind.identity(request);
    const { result, replayed } = await mutations.run(
      {
        idempotency: {
          key: idempotency,
          operation: kind.idempotencyOperation,
          body: request,
        },
      },
      async ({ tx, record, signal }) => {
        await lockForTransaction(tx, `exemption:${identity}`);
        const [existing] = (
          await store.listActiveExemptions(tx, {
            ...request,
            now: now.toISOString(),
          })
        ).filter(e => kind.identity(e) === identity);
        if (existing) {
          return { exemption: this.record(existing, now), created: false };
        }
        const exemption: StoredExemptionOf<Request> = {
          ...request,
          id: randomUUID(),
          expiresAt: expires.toISOString(),
          createdBy: actor,
          createdAt: now.toISOString(),
        };
        await store.insertExemption(tx, exemption);
        await record({
          actor,
          action: kind.ledgerActions.create,
          target: request.entityRef,
          payload: {
            exemptionId: exemption.id,
            ...kind.ledgerFields.create(exemption),
            owner: exemption.owner,
            reason: exemption.reason,
            ticket: exemption.ticket ?? null,
            expiresAt: exemption.expiresAt,
          },
        });
        signal(request.entityRef, kind.signalTopic);
        return { exemption: this.record(exemption, now), created: true };
      },
    );
    return { ...result, replayed };
  }

  async revokeExemption(id: string, actor: string): Promise<void> {
    const exemption = await this.stored(id);
    const revokedAt = this.now().toISOString();
    const { store, mutations } = this.options;
    await mutations.run({}, async ({ tx, record, signal }) => {
      if (!(await store.revokeExemption(tx, id, actor, revokedAt))) {
        throw new InputError(
          `${capitalized(this.kind.noun)} ${id} is already revoked`,
        );
      }
      await record({
        actor,
        action: this.kind.ledgerActions.revoke,
        target: exemption.entityRef,
        payload: {
          exemptionId: id,
          ...this.kind.ledgerFields.revoke(exemption),
        },
      });
      signal(exemption.entityRef, this.kind.signalTopic);
    });
  }

  private async stored(id: string): Promise<StoredExemptionOf<Request>> {
    const exemption = await this.options.store.getExemption(id);
    if (!exemption) {
      throw new NotFoundError(`No ${this.kind.noun} ${id}`);
    }
    return exemption;
  }

  private record(exemption: StoredExemptionOf<Request>, now: Date): Rec {
    return this.kind.toRecord(exemption, exemptionStatus(exemption, now));
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  MAESTRO_SIGNAL_TOPICS,
  policyExemptionIdentity,
  PolicyBypassRecord,
  PolicyEngine,
  PolicyExemption,
  PolicyExemptionRecord,
  PolicyInput,
  PolicyProfile,
  PolicyReport,
  PolicyRuleSummary,
  StoredPolicyEvaluation,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  evaluatePolicy,
  PolicyInputError,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { randomUUID } from 'node:crypto';
import { lockForTransaction } from '../database/transactionLock';
import {
  IdempotencyKey,
  IdempotencyService,
} from '../idempotency/IdempotencyService';
import { LedgerService } from '../ledger/LedgerService';
import { EntitySignalPublisher } from '../signals/EntitySignalPublisher';
import { DatabasePolicyStore, StoredExemption } from './DatabasePolicyStore';
import { PackagedChartRenderer } from './PackagedChartRenderer';

export type EvaluateRequest = {
  inputs: PolicyInput[];
  /** A packaged chart (`helm package` output), base64; rendered per values overlay. */
  packagedChart?: string;
  entityRef?: string;
  imageDigest?: string;
  profile?: PolicyProfile;
  /** Store the result for the entity (and digest), for gates and the UI. */
  store: boolean;
  source: string;
  actor: string;
};

export type CreateExemptionRequest = Omit<PolicyExemption, 'id'> & {
  entityRef: string;
};

export type BypassRequest = {
  entityRef: string;
  imageDigest?: string;
  reason: string;
};

/**
 * What a create did: `created` false when an identical active exemption
 * already existed (and is returned); `replayed` when an idempotency key's
 * stored answer was returned instead of acting.
 */
export type ExemptionCreation = {
  exemption: PolicyExemptionRecord;
  created: boolean;
  replayed: boolean;
};

/**
 * Policy as code in the backend: evaluates inputs with the shared engine
 * (the same rules the CLI and the scaffolder use), applies the entity's
 * exemptions, stores results, and keeps exemptions and bypasses — every
 * change in one transaction with its ledger entry.
 */
export class PolicyService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      engine: PolicyEngine;
      charts?: PackagedChartRenderer;
      /** Profile for requests that name none. */
      defaultProfile: PolicyProfile;
      store: DatabasePolicyStore;
      ledger: LedgerService;
      idempotency: IdempotencyService;
      signals: EntitySignalPublisher;
      notifications?: NotificationService;
      logger: LoggerService;
      /** Longest allowed exemption, in days. */
      maxExemptionDays: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async rules(): Promise<PolicyRuleSummary[]> {
    const stats = await this.options.store.ruleStats();
    return this.options.engine.rules().map(rule => ({
      ...rule,
      fired: stats.get(rule.id)?.fired ?? 0,
      evaluations: stats.get(rule.id)?.evaluations ?? 0,
    }));
  }

  async evaluate(
    request: EvaluateRequest,
  ): Promise<{ report: PolicyReport; evaluationId?: string }> {
    if (request.store && !request.entityRef) {
      throw new InputError(
        'Storing an evaluation needs the entityRef it belongs to',
      );
    }
    const exemptions = request.entityRef
      ? (
          await this.options.store.listExemptions({
            entityRef: request.entityRef,
          })
        )
          .filter(e => !e.revokedAt)
          .map(toEngineExemption)
      : [];
    const inputs = [...request.inputs];
    if (request.packagedChart) {
      if (!this.options.charts) {
        throw new InputError(
          'This Maestro backend does not render packaged charts',
        );
      }
      inputs.push(...(await this.options.charts.render(request.packagedChart)));
    }
    if (inputs.length === 0) {
      throw new InputError(
        'Give at least one Dockerfile, manifest or packaged chart',
      );
    }
    let report: PolicyReport;
    try {
      report = await evaluatePolicy(this.options.engine, inputs, {
        profile: request.profile ?? this.options.defaultProfile,
        exemptions,
        now: this.now(),
        entityRef: request.entityRef,
      });
    } catch (error) {
      if (error instanceof PolicyInputError) {
        throw new InputError(error.message);
      }
      throw error;
    }
    if (!request.store || !request.entityRef) {
      return { report };
    }
    const evaluation: StoredPolicyEvaluation = {
      id: randomUUID(),
      entityRef: request.entityRef,
      imageDigest: request.imageDigest,
      source: request.source,
      evaluatedAt: report.evaluatedAt,
      evaluatedBy: request.actor,
      report,
    };
    await this.options.ledger.transaction(async tx => {
      await this.options.store.insertEvaluation(tx, evaluation);
      await this.options.ledger.record(tx, {
        actor: request.actor,
        action: 'policy.evaluate',
        target: request.entityRef!,
        payload: {
          evaluationId: evaluation.id,
          imageDigest: request.imageDigest ?? null,
          profile: report.profile,
          passed: report.passed,
          deny: report.summary.deny,
          warn: report.summary.warn,
          exempted: report.summary.exempted,
        },
      });
    });
    await this.options.signals.publish(
      request.entityRef,
      MAESTRO_SIGNAL_TOPICS.policy,
    );
    return { report, evaluationId: evaluation.id };
  }

  listResults(query: {
    entityRef?: string;
    imageDigest?: string;
    limit: number;
  }): Promise<StoredPolicyEvaluation[]> {
    return this.options.store.listEvaluations(query);
  }

  async listExemptions(query: {
    entityRef?: string;
    status?: PolicyExemptionRecord['status'];
  }): Promise<PolicyExemptionRecord[]> {
    const now = this.now().toISOString();
    return (await this.options.store.listExemptions(query))
      .map(e => withStatus(e, now))
      .filter(e => !query.status || e.status === query.status);
  }

  async getExemption(id: string): Promise<PolicyExemptionRecord> {
    const exemption = await this.options.store.getExemption(id);
    if (!exemption) {
      throw new NotFoundError(`No policy exemption ${id}`);
    }
    return withStatus(exemption, this.now().toISOString());
  }

  /**
   * Records an exemption, unless an identical one (same entity, rule,
   * selector and owner; see policyExemptionIdentity) is active: then that one
   * is returned and nothing is recorded. Race-free: the check and the insert
   * run under a transaction lock on the exemption's identity.
   */
  async createExemption(
    request: CreateExemptionRequest,
    actor: string,
    idempotency?: IdempotencyKey,
  ): Promise<ExemptionCreation> {
    if (!this.options.engine.rules().some(r => r.id === request.ruleId)) {
      throw new InputError(`Unknown policy rule '${request.ruleId}'`);
    }
    const now = this.now();
    const expires = new Date(request.expiresAt);
    if (expires.getTime() <= now.getTime()) {
      throw new InputError(
        `expiresAt ${request.expiresAt} is not in the future`,
      );
    }
    const maxMs = this.options.maxExemptionDays * 24 * 3600 * 1000;
    if (expires.getTime() - now.getTime() > maxMs) {
      throw new InputError(
        `expiresAt ${request.expiresAt} is more than ${this.options.maxExemptionDays} days away; exemptions must be renewed, not permanent`,
      );
    }
    const identity = policyExemptionIdentity(request);
    const { result, replayed } = await this.options.ledger.transaction(tx =>
      this.options.idempotency.once(
        tx,
        idempotency,
        { operation: 'policy.exemption.create', body: request },
        async () => {
          await lockForTransaction(tx, `exemption:${identity}`);
          const [existing] = (
            await this.options.store.listActiveExemptions(tx, {
              entityRef: request.entityRef,
              ruleId: request.ruleId,
              owner: request.owner,
              now: now.toISOString(),
            })
          ).filter(e => policyExemptionIdentity(e) === identity);
          if (existing) {
            return {
              exemption: withStatus(existing, now.toISOString()),
              created: false,
            };
          }
          const exemption: StoredExemption = {
            ...request,
            id: randomUUID(),
            expiresAt: expires.toISOString(),
            createdBy: actor,
            createdAt: now.toISOString(),
          };
          await this.options.store.insertExemption(tx, exemption);
          await this.options.ledger.record(tx, {
            actor,
            action: 'exemption.create',
            target: request.entityRef,
            payload: {
              exemptionId: exemption.id,
              ruleId: exemption.ruleId,
              selector: exemption.selector,
              owner: exemption.owner,
              reason: exemption.reason,
              ticket: exemption.ticket,
              expiresAt: exemption.expiresAt,
            },
          });
          return {
            exemption: withStatus(exemption, now.toISOString()),
            created: true,
          };
        },
      ),
    );
    if (result.created && !replayed) {
      await this.options.signals.publish(
        request.entityRef,
        MAESTRO_SIGNAL_TOPICS.policy,
      );
    }
    return { ...result, replayed };
  }

  async revokeExemption(id: string, actor: string): Promise<void> {
    const exemption = await this.getExemption(id);
    const revokedAt = this.now().toISOString();
    await this.options.ledger.transaction(async tx => {
      if (
        !(await this.options.store.revokeExemption(tx, id, actor, revokedAt))
      ) {
        throw new InputError(`Policy exemption ${id} is already revoked`);
      }
      await this.options.ledger.record(tx, {
        actor,
        action: 'exemption.revoke',
        target: exemption.entityRef,
        payload: { exemptionId: id, ruleId: exemption.ruleId },
      });
    });
    await this.options.signals.publish(
      exemption.entityRef,
      MAESTRO_SIGNAL_TOPICS.policy,
    );
  }

  /** Emergency bypasses recorded at or after `since`, per entity that has any. */
  countBypasses(query: {
    entityRef?: string;
    since: string;
  }): Promise<Array<{ entityRef: string; count: number }>> {
    return this.options.store.countBypasses(query);
  }

  /**
   * Emergency bypass: recorded in the ledger in the same transaction, then
   * announced to the entity's owners as a critical notification. Each call
   * is a bypass of its own; only an idempotency key makes a retry replay the
   * first answer (and notify no one again).
   */
  async bypass(
    request: BypassRequest,
    actor: string,
    idempotency?: IdempotencyKey,
  ): Promise<{ bypass: PolicyBypassRecord; replayed: boolean }> {
    const id = randomUUID();
    const createdAt = this.now().toISOString();
    const { result: record, replayed } = await this.options.ledger.transaction(
      tx =>
        this.options.idempotency.once(
          tx,
          idempotency,
          { operation: 'policy.bypass', body: request },
          async () => {
            const entry = await this.options.ledger.record(tx, {
              actor,
              action: 'policy.bypass',
              target: request.entityRef,
              payload: {
                bypassId: id,
                imageDigest: request.imageDigest ?? null,
                reason: request.reason,
              },
            });
            const bypass: PolicyBypassRecord = {
              id,
              entityRef: entry.target,
              imageDigest: request.imageDigest,
              reason: request.reason,
              createdBy: actor,
              createdAt,
              ledgerSequence: entry.sequence,
            };
            await this.options.store.insertBypass(tx, bypass);
            return bypass;
          },
        ),
    );
    if (!replayed) {
      await this.options.signals.publish(
        record.entityRef,
        MAESTRO_SIGNAL_TOPICS.policy,
      );
      await this.notifyBypass(record);
    }
    return { bypass: record, replayed };
  }

  private async notifyBypass(bypass: PolicyBypassRecord): Promise<void> {
    if (!this.options.notifications) {
      this.options.logger.warn(
        `Policy bypass ${bypass.id} on ${bypass.entityRef} recorded, but no notification service is available`,
      );
      return;
    }
    try {
      // An entity recipient that is not a user or group reaches its owners.
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: bypass.entityRef },
        payload: {
          title: `Policy gate bypassed for ${bypass.entityRef}`,
          description: `${bypass.createdBy} used the emergency bypass${
            bypass.imageDigest ? ` for ${bypass.imageDigest}` : ''
          }: ${bypass.reason} (ledger entry ${bypass.ledgerSequence})`,
          severity: 'critical',
          topic: 'maestro-policy-bypass',
          scope: `maestro-policy-bypass:${bypass.id}`,
        },
      });
    } catch (error) {
      this.options.logger.error(
        `Could not notify the owners of ${bypass.entityRef} about bypass ${bypass.id}: ${error}`,
      );
    }
  }
}

function withStatus(
  exemption: StoredExemption,
  now: string,
): PolicyExemptionRecord {
  let status: PolicyExemptionRecord['status'] = 'active';
  if (exemption.revokedAt) {
    status = 'revoked';
  } else if (exemption.expiresAt <= now) {
    status = 'expired';
  }
  return { ...exemption, status };
}

function toEngineExemption(exemption: StoredExemption): PolicyExemption {
  return {
    id: exemption.id,
    ruleId: exemption.ruleId,
    selector: { ...exemption.selector, entityRef: exemption.entityRef },
    owner: exemption.owner,
    reason: exemption.reason,
    ticket: exemption.ticket,
    expiresAt: exemption.expiresAt,
  };
}

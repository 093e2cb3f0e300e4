import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
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
import {
  ExemptionCreation as ExemptionCreationOf,
  ExemptionLifecycle,
} from '../exemptions/ExemptionLifecycle';
import { IdempotencyKey } from '../idempotency/IdempotencyService';
import { RecordedMutations } from '../ledger/recordedMutation';
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

/** What a create did; see ExemptionLifecycle. */
export type ExemptionCreation = ExemptionCreationOf<PolicyExemptionRecord>;

/**
 * Policy as code in the backend: evaluates inputs with the shared engine
 * (the same rules the CLI and the scaffolder use), applies the entity's
 * exemptions, stores results, and keeps exemptions and bypasses — every
 * change in one transaction with its ledger entry.
 */
export class PolicyService {
  private readonly now: () => Date;
  private readonly exemptions: ExemptionLifecycle<
    CreateExemptionRequest,
    PolicyExemptionRecord
  >;

  constructor(
    private readonly options: {
      engine: PolicyEngine;
      charts?: PackagedChartRenderer;
      /** Profile for requests that name none. */
      defaultProfile: PolicyProfile;
      store: DatabasePolicyStore;
      mutations: RecordedMutations;
      notifications?: NotificationService;
      logger: LoggerService;
      /** Longest allowed exemption, in days. */
      maxExemptionDays: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
    this.exemptions = new ExemptionLifecycle<
      CreateExemptionRequest,
      PolicyExemptionRecord
    >(
      {
        noun: 'policy exemption',
        idempotencyOperation: 'policy.exemption.create',
        ledgerActions: {
          create: 'exemption.create',
          revoke: 'exemption.revoke',
        },
        signalTopic: MAESTRO_SIGNAL_TOPICS.policy,
        identity: policyExemptionIdentity,
        ledgerFields: {
          create: exemption => ({
            ruleId: exemption.ruleId,
            selector: exemption.selector,
          }),
          revoke: exemption => ({ ruleId: exemption.ruleId }),
        },
        toRecord: (exemption, status) => ({ ...exemption, status }),
      },
      options,
    );
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
    await this.options.mutations.run({}, async ({ tx, record, signal }) => {
      await this.options.store.insertEvaluation(tx, evaluation);
      await record({
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
      signal(request.entityRef!, MAESTRO_SIGNAL_TOPICS.policy);
    });
    return { report, evaluationId: evaluation.id };
  }

  listResults(query: {
    entityRef?: string;
    imageDigest?: string;
    limit: number;
  }): Promise<StoredPolicyEvaluation[]> {
    return this.options.store.listEvaluations(query);
  }

  listExemptions(query: {
    entityRef?: string;
    status?: PolicyExemptionRecord['status'];
  }): Promise<PolicyExemptionRecord[]> {
    return this.exemptions.listExemptions(query);
  }

  getExemption(id: string): Promise<PolicyExemptionRecord> {
    return this.exemptions.getExemption(id);
  }

  /**
   * Records an exemption, unless an identical one (same entity, rule,
   * selector and owner; see policyExemptionIdentity) is active: then that one
   * is returned and nothing is recorded (see ExemptionLifecycle).
   */
  async createExemption(
    request: CreateExemptionRequest,
    actor: string,
    idempotency?: IdempotencyKey,
  ): Promise<ExemptionCreation> {
    if (!this.options.engine.rules().some(r => r.id === request.ruleId)) {
      throw new InputError(`Unknown policy rule '${request.ruleId}'`);
    }
    return this.exemptions.createExemption(request, actor, idempotency);
  }

  revokeExemption(id: string, actor: string): Promise<void> {
    return this.exemptions.revokeExemption(id, actor);
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
    const { result: bypass, replayed } = await this.options.mutations.run(
      {
        idempotency: {
          key: idempotency,
          operation: 'policy.bypass',
          body: request,
        },
      },
      async ({ tx, record, signal }) => {
            const entry = await record({
              actor,
              action: 'policy.bypass',
              target: request.entityRef,
              payload: {
                bypassId: id,
                imageDigest: request.imageDigest ?? null,
                reason: request.reason,
              },
            });
            const stored: PolicyBypassRecord = {
              id,
              entityRef: entry.target,
              imageDigest: request.imageDigest,
              reason: request.reason,
              createdBy: actor,
              createdAt,
              ledgerSequence: entry.sequence,
            };
            await this.options.store.insertBypass(tx, stored);
            signal(stored.entityRef, MAESTRO_SIGNAL_TOPICS.policy);
            return stored;
      },
    );
    if (!replayed) {
      await this.notifyBypass(bypass);
    }
    return { bypass, replayed };
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

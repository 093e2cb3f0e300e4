import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { normalizeEntityRef } from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  NotificationRecipients,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import { HudBreach } from './DatabaseHudAlertStore';
import { HudAlertMetric } from './alertsConfig';

/** Who owns an entity: the ref of its `spec.owner`, or undefined when unknown. */
export interface EntityOwners {
  ownerOf(entityRef: string): Promise<string | undefined>;
}

/**
 * Reads `spec.owner` from the catalog with the plugin's own credentials (an
 * alert is raised by a schedule, not by a person). A bare owner name is a
 * group in the entity's namespace, as the catalog reads it.
 */
export class CatalogEntityOwners implements EntityOwners {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  async ownerOf(entityRef: string): Promise<string | undefined> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    const owner = entity?.spec?.owner;
    if (typeof owner !== 'string' || !owner) return undefined;
    try {
      return normalizeEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity!.metadata.namespace ?? 'default',
      });
    } catch (error) {
      this.options.logger.warn(
        `${entityRef} has an owner that is not an entity ref (${owner}): ${error}`,
      );
      return undefined;
    }
  }
}

const SEVERITY: Record<
  HudAlertMetric,
  NotificationSendOptions['payload']['severity']
> = {
  failureRate: 'high',
  criticalVulnerabilities: 'critical',
  policyBypasses: 'high',
};

/** The entity's catalog page, relative to the app. */
function entityPage(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
}

const formatted = (value: number) =>
  value.toLocaleString('en-US', { maximumFractionDigits: 3 });

/**
 * The one notification of a breach, to the owning group. Without a known
 * owner it goes to the entity itself, which the notifications backend
 * resolves to the entity's owners through the catalog's relations.
 */
export function notificationFor(
  breach: HudBreach,
  owner: string | undefined,
  detail?: string,
): NotificationSendOptions {
  const recipients: NotificationRecipients = {
    type: 'entity',
    entityRef: owner ?? breach.entityRef,
  };
  const measured =
    detail ??
    `value ${formatted(breach.value)} when it opened at ${breach.openedAt}`;
  return {
    recipients,
    payload: {
      title: `${breach.title}: ${breach.entityRef}`,
      description: `${measured}; the threshold is ${formatted(
        breach.threshold,
      )}. Maestro notifies once per breach: no more notices until it is back at or under the threshold and crosses it again.`,
      link: entityPage(breach.entityRef),
      severity: SEVERITY[breach.metric],
      topic: 'maestro-hud-alert',
      scope: `maestro-hud-alert:${breach.id}`,
    },
  };
}

import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Maestro's permissions. Every mutating action the mission needs has one.
 *
 * Entity-scoped actions are resource permissions on `catalog-entity`, so a
 * permission policy can answer them with the catalog's own conditional rules
 * (for example "is owner of the entity"), and the permission framework
 * resolves those conditions against the catalog.
 */

/** The resource type of entity-scoped Maestro permissions. @public */
export const MAESTRO_ENTITY_RESOURCE_TYPE = RESOURCE_TYPE_CATALOG_ENTITY;

/** Ingest CI evidence (events, SBOMs, scans, signatures, policy results) for an entity. @public */
export const maestroIngestPermission = createPermission({
  name: 'maestro.evidence.ingest',
  attributes: { action: 'create' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Create or revoke a policy or vulnerability exemption for an entity. @public */
export const maestroExemptionManagePermission = createPermission({
  name: 'maestro.exemption.manage',
  attributes: { action: 'update' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Use the emergency bypass of a policy gate (recorded and alerted). @public */
export const maestroPolicyBypassPermission = createPermission({
  name: 'maestro.policy.bypass',
  attributes: { action: 'update' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Promote an image digest to a release channel. @public */
export const maestroPromotePermission = createPermission({
  name: 'maestro.release.promote',
  attributes: { action: 'update' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Roll a release channel back to an earlier revision. @public */
export const maestroRollbackPermission = createPermission({
  name: 'maestro.release.rollback',
  attributes: { action: 'update' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Approve a digest for a release channel that needs approvals (never one's own promotion). @public */
export const maestroReleaseApprovePermission = createPermission({
  name: 'maestro.release.approve',
  attributes: { action: 'update' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Promote a paused Argo Rollout step (or fully). @public */
export const maestroRolloutPromotePermission = createPermission({
  name: 'maestro.rollout.promote',
  attributes: { action: 'update' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Abort an Argo Rollout. @public */
export const maestroRolloutAbortPermission = createPermission({
  name: 'maestro.rollout.abort',
  attributes: { action: 'update' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Retry an aborted Argo Rollout. @public */
export const maestroRolloutRetryPermission = createPermission({
  name: 'maestro.rollout.retry',
  attributes: { action: 'update' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Request an environment (or a preview environment) from a blueprint. @public */
export const maestroEnvironmentRequestPermission = createPermission({
  name: 'maestro.environment.request',
  attributes: { action: 'create' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Approve a planned environment change. @public */
export const maestroEnvironmentApprovePermission = createPermission({
  name: 'maestro.environment.approve',
  attributes: { action: 'update' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Apply an approved environment plan. @public */
export const maestroEnvironmentApplyPermission = createPermission({
  name: 'maestro.environment.apply',
  attributes: { action: 'update' },
  resourceType: MAESTRO_ENTITY_RESOURCE_TYPE,
});

/** Export the whole audit ledger. Not entity-scoped. @public */
export const maestroLedgerExportPermission = createPermission({
  name: 'maestro.ledger.export',
  attributes: { action: 'read' },
});

/**
 * Move a supply-chain artifact (an image digest and its evidence) to another
 * entity, when it was claimed by the wrong one. Not entity-scoped: it takes
 * a digest away from its owner, so it is an administrator's action.
 *
 * @public
 */
export const maestroArtifactReassignPermission = createPermission({
  name: 'maestro.artifact.reassign',
  attributes: { action: 'update' },
});

/** Every permission Maestro declares, for registration with the permission framework. @public */
export const maestroPermissions = [
  maestroIngestPermission,
  maestroExemptionManagePermission,
  maestroPolicyBypassPermission,
  maestroPromotePermission,
  maestroRollbackPermission,
  maestroReleaseApprovePermission,
  maestroRolloutPromotePermission,
  maestroRolloutAbortPermission,
  maestroRolloutRetryPermission,
  maestroEnvironmentRequestPermission,
  maestroEnvironmentApprovePermission,
  maestroEnvironmentApplyPermission,
  maestroLedgerExportPermission,
  maestroArtifactReassignPermission,
];

/** Names of the entity-scoped Maestro permissions. @public */
export const maestroEntityPermissionNames: ReadonlySet<string> = new Set(
  maestroPermissions.filter(p => p.type === 'resource').map(p => p.name),
);

import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  MAESTRO_ANNOTATIONS,
  MaestroSignalTopic,
  isMaestroAvailable,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { ReactNode } from 'react';
import { useResolvedPath } from 'react-router-dom';
import { EntityRefreshProvider } from '../../hooks/entityRefresh';

/** What an entity tab's content is drawn from. */
export type EntityTabContext = {
  entity: Entity;
  /** The entity's ref as Maestro records it (lower-cased, as the catalog normalises refs). */
  entityRef: string;
  /** The path the app mounted the tab at, for links inside the tab's own routes. */
  base: string;
};

/**
 * The frame of every Maestro entity tab: asks for the `maestro.io/image`
 * annotation on entities without it; otherwise subscribes once to the
 * entity's signals channel, so that every view inside refetches on a notice
 * about one of `topics` (or on each poll without signals), and renders
 * `children` with the entity.
 */
export function EntityTab(props: {
  topics: readonly MaestroSignalTopic[];
  children: (tab: EntityTabContext) => ReactNode;
}) {
  const { entity } = useEntity();
  // Resolved here, where the app mounted the tab, and handed down: links
  // inside nested routes would otherwise resolve against those routes.
  const base = useResolvedPath('.').pathname;

  if (!isMaestroAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={MAESTRO_ANNOTATIONS.image} />
    );
  }

  // Maestro records entity refs the way the catalog normalises them.
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  return (
    <EntityRefreshProvider entityRef={entityRef} topics={props.topics}>
      {props.children({ entity, entityRef, base })}
    </EntityRefreshProvider>
  );
}

import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import {
  MAESTRO_ANNOTATIONS,
  getReleaseChannels,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';

function NotSet() {
  return (
    <Typography variant="body2" color="textSecondary" component="span">
      not set
    </Typography>
  );
}

function Code(props: { children: string }) {
  return <span style={{ fontFamily: 'monospace' }}>{props.children}</span>;
}

/** What the entity tells Maestro about itself through its annotations. */
export function MaestroAnnotationsCard(props: { entity: Entity }) {
  const annotations = props.entity.metadata.annotations ?? {};
  const value = (key: keyof typeof MAESTRO_ANNOTATIONS) => {
    const raw = annotations[MAESTRO_ANNOTATIONS[key]]?.trim();
    return raw ? <Code>{raw}</Code> : <NotSet />;
  };
  const declaresChannels = Boolean(
    annotations[MAESTRO_ANNOTATIONS.channels]?.trim(),
  );

  const metadata = {
    Image: value('image'),
    Channels: (
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 4 }}
      >
        {getReleaseChannels(props.entity).map(channel => (
          <Chip key={channel} label={channel} size="small" />
        ))}
        {!declaresChannels && (
          <Typography variant="caption" color="textSecondary">
            (default)
          </Typography>
        )}
      </Box>
    ),
    'Helm chart': value('helmChart'),
    Rollout: value('rollout'),
    'GitHub project': value('githubProjectSlug'),
  };

  return (
    <InfoCard title="Maestro annotations">
      <StructuredMetadataTable
        dense
        metadata={metadata}
        options={{ titleFormat: key => key }}
      />
    </InfoCard>
  );
}

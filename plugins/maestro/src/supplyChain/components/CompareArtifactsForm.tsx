import { ResponseErrorPanel } from '@backstage/core-components';
import { ArtifactSummary } from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Typography from '@material-ui/core/Typography';
import CompareArrowsIcon from '@material-ui/icons/CompareArrows';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useArtifacts } from '../hooks/useArtifacts';
import { useSupplyChainPaths } from './supplyChainPaths';

/** How many of the newest artifacts the pickers offer. */
const PICKER_LIMIT = 100;

/** "1.4.0 · sha256:0123456789ab · 23/11/2026", enough to tell artifacts apart. */
export function artifactLabel(artifact: {
  digest: string;
  tags: string[];
  createdAt: string;
}): string {
  const parts = [
    ...artifact.tags.slice(0, 2),
    artifact.digest.slice(0, 19),
    new Date(artifact.createdAt).toLocaleDateString(),
  ];
  return parts.join(' · ');
}

/** The artifact built just before `artifactId` (the list is newest first), else the one after it. */
function olderThan(
  artifacts: ArtifactSummary[],
  artifactId: string,
): string | undefined {
  const index = artifacts.findIndex(artifact => artifact.id === artifactId);
  return (artifacts[index + 1] ?? artifacts[index - 1])?.id;
}

function ArtifactSelect(props: {
  label: string;
  value: string;
  artifacts: ArtifactSummary[];
  onChange: (artifactId: string) => void;
}) {
  const id = `supply-chain-compare-${props.label.toLocaleLowerCase('en-US')}`;
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 280 }}>
      <InputLabel id={`${id}-label`}>{props.label}</InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        label={props.label}
        value={props.value}
        onChange={event => props.onChange(String(event.target.value))}
      >
        {props.artifacts.map(artifact => (
          <MenuItem key={artifact.id} value={artifact.id}>
            {artifactLabel(artifact)}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/**
 * Two pickers over the entity's newest artifacts and a Compare button that
 * opens the diff view. Without a choice it proposes the newest artifact
 * (or the given `to`) against the one built before it, the usual "what
 * does this build change" question.
 */
export function CompareArtifactsForm(props: {
  entityRef: string;
  from?: string;
  to?: string;
}) {
  const navigate = useNavigate();
  const paths = useSupplyChainPaths();
  const { value, error } = useArtifacts({
    entityRef: props.entityRef,
    limit: PICKER_LIMIT,
  });
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>();

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  const artifacts = value?.items ?? [];
  if (value && artifacts.length < 2) {
    return (
      <Typography variant="body2" color="textSecondary">
        Comparing needs at least two artifacts.
      </Typography>
    );
  }
  const known = (id?: string) =>
    id && artifacts.some(artifact => artifact.id === id) ? id : undefined;
  const chosenTo = known(to) ?? known(props.to) ?? artifacts[0]?.id ?? '';
  const chosenFrom =
    known(from) ?? known(props.from) ?? olderThan(artifacts, chosenTo) ?? '';

  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 16 }}>
      <ArtifactSelect
        label="From"
        value={chosenFrom}
        artifacts={artifacts}
        onChange={setFrom}
      />
      <ArtifactSelect
        label="To"
        value={chosenTo}
        artifacts={artifacts}
        onChange={setTo}
      />
      <Button
        variant="contained"
        color="primary"
        startIcon={<CompareArrowsIcon />}
        disabled={!chosenFrom || !chosenTo || chosenFrom === chosenTo}
        onClick={() => navigate(paths.diff(chosenFrom, chosenTo))}
      >
        Compare
      </Button>
    </Box>
  );
}

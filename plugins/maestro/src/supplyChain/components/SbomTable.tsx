import {
  InfoCard,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  EvidenceSubject,
  SbomComponentRelationship,
  StoredSbomComponent,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TablePagination from '@material-ui/core/TablePagination';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import SearchIcon from '@material-ui/icons/Search';
import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { useSbomComponents } from '../hooks/useSbomComponents';
import { describeSubject } from './EvidenceReadingNotes';

/** Page sizes on offer; the server pages, so even 500 rows stay light. */
export const SBOM_PAGE_SIZES = [50, 100, 500];
/** Quiet time after the last keystroke before the search goes to the server. */
export const SBOM_SEARCH_DEBOUNCE_MS = 300;

const ANY = '';
const RELATIONSHIPS: SbomComponentRelationship[] = [
  'direct',
  'transitive',
  'unknown',
];

function FilterSelect(props: {
  label: string;
  value: string;
  options: string[];
  onChange: (value: string) => void;
}) {
  const id = `sbom-filter-${props.label.toLocaleLowerCase('en-US')}`;
  // Keep a chosen value selectable even when the facets no longer list it.
  const options =
    props.value && !props.options.includes(props.value)
      ? [props.value, ...props.options]
      : props.options;
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 160 }}>
      <InputLabel id={`${id}-label`}>{props.label}</InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        label={props.label}
        value={props.value}
        onChange={event => props.onChange(String(event.target.value))}
      >
        <MenuItem value={ANY}>Any</MenuItem>
        {options.map(option => (
          <MenuItem key={option} value={option}>
            {option}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

const COLUMNS: TableColumn<StoredSbomComponent>[] = [
  { title: 'Name', field: 'name' },
  { title: 'Version', render: component => component.version ?? '—' },
  { title: 'Type', render: component => component.type ?? '—' },
  {
    title: 'Licences',
    render: component =>
      component.licenses.length > 0 ? component.licenses.join(', ') : '—',
  },
  { title: 'Relationship', field: 'relationship' },
  {
    title: 'Package URL',
    render: component => component.purl ?? '',
    cellStyle: {
      fontFamily: 'monospace',
      fontSize: '0.8em',
      wordBreak: 'break-all',
    },
  },
];

/** What the SBOM describes: its root, which is not one of its components. */
function SbomSubject(props: { subject: EvidenceSubject }) {
  const { subject } = props;
  return (
    <Box px={2} pt={2}>
      <Typography variant="body2">
        Describes{' '}
        <strong>{describeSubject(subject) ?? 'an unnamed subject'}</strong>
        {subject.purl && describeSubject(subject) !== subject.purl && (
          <span style={{ fontFamily: 'monospace', fontSize: '0.85em' }}>
            {' '}
            ({subject.purl})
          </span>
        )}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        The SBOM's subject (CycloneDX metadata.component, or the package an SPDX
        document describes) is not counted among its components.
      </Typography>
    </Box>
  );
}

/**
 * The artifact's SBOM components, searched, filtered and paged by the
 * server: an image can hold tens of thousands, so only one page ever
 * reaches the browser. Typing waits for a pause before it searches, and
 * the current page stays visible while the next one loads.
 */
export function SbomTable(props: {
  artifactId: string;
  /** All the artifact's components, whatever the filters. */
  componentCount: number;
}) {
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  const [license, setLicense] = useState(ANY);
  const [type, setType] = useState(ANY);
  const [relationship, setRelationship] = useState(ANY);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(SBOM_PAGE_SIZES[0]);

  useDebounce(
    () => {
      const next = searchInput.trim();
      if (next !== search) {
        setSearch(next);
        setPage(0);
      }
    },
    SBOM_SEARCH_DEBOUNCE_MS,
    [searchInput],
  );

  const { value, loading, error } = useSbomComponents(props.artifactId, {
    search: search || undefined,
    license: license || undefined,
    type: type || undefined,
    relationship: (relationship || undefined) as
      | SbomComponentRelationship
      | undefined,
    offset: page * pageSize,
    limit: pageSize,
  });

  const filterBy = (set: (value: string) => void) => (next: string) => {
    set(next);
    setPage(0);
  };

  return (
    <InfoCard
      title="SBOM components"
      subheader={
        value
          ? `${value.totalCount} component${
              value.totalCount === 1 ? '' : 's'
            } match`
          : undefined
      }
      noPadding
    >
      {value?.subject && <SbomSubject subject={value.subject} />}
      <Box display="flex" flexWrap="wrap" p={2} style={{ gap: 16 }}>
        <TextField
          id={`sbom-search-${props.artifactId}`}
          variant="outlined"
          size="small"
          label="Search components"
          placeholder="name or package URL"
          value={searchInput}
          onChange={event => setSearchInput(event.target.value)}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          }}
        />
        <FilterSelect
          label="Licence"
          value={license}
          options={value?.facets.licenses ?? []}
          onChange={filterBy(setLicense)}
        />
        <FilterSelect
          label="Type"
          value={type}
          options={value?.facets.types ?? []}
          onChange={filterBy(setType)}
        />
        <FilterSelect
          label="Relationship"
          value={relationship}
          options={RELATIONSHIPS}
          onChange={filterBy(setRelationship)}
        />
      </Box>
      {error && <ResponseErrorPanel error={error} />}
      <Box height={4}>
        {loading && <LinearProgress aria-label="Loading components" />}
      </Box>
      {/* The server filters and pages, so the table does neither. */}
      <div role="region" aria-label="SBOM components">
        <Table<StoredSbomComponent>
          columns={COLUMNS}
          data={value?.items ?? []}
          options={{
            toolbar: false,
            search: false,
            paging: false,
            sorting: false,
            draggable: false,
            padding: 'dense',
          }}
          emptyContent={
            value ? (
              <Box p={2}>
                <Typography color="textSecondary">
                  {props.componentCount === 0
                    ? 'No SBOM ingested for this artifact yet.'
                    : 'No component matches.'}
                </Typography>
              </Box>
            ) : undefined
          }
        />
      </div>
      <TablePagination
        component="div"
        count={value?.totalCount ?? 0}
        page={page}
        rowsPerPage={pageSize}
        rowsPerPageOptions={SBOM_PAGE_SIZES}
        onPageChange={(_event, next) => setPage(next)}
        onRowsPerPageChange={event => {
          setPageSize(Number(event.target.value));
          setPage(0);
        }}
      />
    </InfoCard>
  );
}

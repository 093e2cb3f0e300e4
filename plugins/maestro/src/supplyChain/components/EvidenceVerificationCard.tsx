import { InfoCard, StatusWarning } from '@backstage/core-components';
import {
  StoredProvenanceVerification,
  StoredSignatureVerification,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { Timestamp } from '../../shared/components/Timestamp';
import { VerificationIcon } from '../../shared/components/ArtifactBadges/ArtifactBadges';

/** A label and its value, left out when there is no value. */
function Fact(props: { label: string; children?: ReactNode }) {
  if (props.children === undefined || props.children === '') {
    return null;
  }
  return (
    <>
      <Typography
        component="dt"
        variant="caption"
        color="textSecondary"
        style={{ marginTop: 4 }}
      >
        {props.label}
      </Typography>
      <Typography
        component="dd"
        variant="body2"
        style={{ margin: 0, wordBreak: 'break-all' }}
      >
        {props.children}
      </Typography>
    </>
  );
}

function Outcome(props: {
  ok: boolean;
  okLabel: string;
  failedLabel: string;
  reason: string;
}) {
  return (
    <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
      <VerificationIcon
        ok={props.ok}
        okLabel={props.okLabel}
        failedLabel={props.failedLabel}
      />
      <div>
        <Typography variant="subtitle2" component="p">
          {props.ok ? props.okLabel : props.failedLabel}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {props.reason}
        </Typography>
      </div>
    </Box>
  );
}

function SignatureOutcome(props: { signature: StoredSignatureVerification }) {
  const { signature } = props;
  return (
    <Box mb={2}>
      <Outcome
        ok={signature.verified}
        okLabel="Signature verified"
        failedLabel="Signature not verified"
        reason={signature.reason}
      />
      <Box component="dl" ml={4} mt={1} mb={0}>
        <Fact label="Signer subject">{signature.signerSubject}</Fact>
        <Fact label="Signer issuer">{signature.signerIssuer}</Fact>
        <Fact label="Logged in transparency log">
          {signature.integratedTime && (
            <Timestamp value={signature.integratedTime} />
          )}
        </Fact>
        <Fact label="Checked">
          <Timestamp value={signature.verifiedAt} />
        </Fact>
      </Box>
    </Box>
  );
}

function ProvenanceOutcome(props: {
  provenance: StoredProvenanceVerification;
}) {
  const { provenance } = props;
  return (
    <Box mb={2}>
      <Outcome
        ok={provenance.valid}
        okLabel="Provenance valid"
        failedLabel="Provenance not valid"
        reason={provenance.reason}
      />
      <Box component="dl" ml={4} mt={1} mb={0}>
        <Fact label="Builder">{provenance.builderId}</Fact>
        <Fact label="Source repository">{provenance.sourceRepository}</Fact>
        <Fact label="Source commit">
          {provenance.sourceCommit && (
            <span style={{ fontFamily: 'monospace' }}>
              {provenance.sourceCommit}
            </span>
          )}
        </Fact>
        <Fact label="Predicate type">{provenance.predicateType}</Fact>
        <Fact label="Signed">
          {provenance.signed
            ? 'yes, inside a verified sigstore bundle'
            : 'no, the statement was not signed'}
        </Fact>
      </Box>
    </Box>
  );
}

/**
 * Who signed the artifact and how it was built: each ingested signature
 * bundle and provenance statement with whether it verified and why.
 */
export function EvidenceVerificationCard(props: {
  signatures: StoredSignatureVerification[];
  provenance: StoredProvenanceVerification[];
}) {
  return (
    <InfoCard title="Signature and provenance">
      <Typography variant="subtitle1" component="h3" gutterBottom>
        Signature
      </Typography>
      {props.signatures.length === 0 ? (
        <Box mb={2}>
          <StatusWarning>No signature bundle ingested</StatusWarning>
        </Box>
      ) : (
        props.signatures.map(signature => (
          <SignatureOutcome key={signature.documentId} signature={signature} />
        ))
      )}
      <Typography variant="subtitle1" component="h3" gutterBottom>
        Provenance
      </Typography>
      {props.provenance.length === 0 ? (
        <StatusWarning>No provenance ingested</StatusWarning>
      ) : (
        props.provenance.map(provenance => (
          <ProvenanceOutcome
            key={provenance.documentId}
            provenance={provenance}
          />
        ))
      )}
    </InfoCard>
  );
}

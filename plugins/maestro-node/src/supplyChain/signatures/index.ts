export {
  createSignatureVerifier,
  type AttestationVerification,
  type SignatureVerification,
  type SignatureVerifier,
  type SignatureVerifierOptions,
} from './signatureVerifier';
export type { SignerIdentity, TrustedIdentity } from './signerIdentity';
export type { InTotoStatement } from './inTotoStatement';
export {
  SLSA_PROVENANCE_V02,
  SLSA_PROVENANCE_V1,
  isBuilderAllowed,
  verifySlsaProvenance,
  type ProvenanceVerification,
  type SlsaProvenanceInput,
} from './slsaProvenance';
export { parseTrustedRoot } from './trustedRoot';
export {
  readSignatureConfig,
  type SignatureConfig,
  type SignatureConfigReader,
} from './signatureConfig';

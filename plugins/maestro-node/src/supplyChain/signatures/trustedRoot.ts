/*
 * Reads a Sigstore trusted root: the `trusted_root.json` document that
 * Sigstore's TUF repository distributes for the public-good instance
 * (targets/trusted_root.json in sigstore/root-signing) and that a private
 * Sigstore deployment publishes for its own Fulcio, Rekor, CT log and TSA.
 *
 * @sigstore/verify wants the protobuf-decoded form (bytes as Buffers, times as
 * Dates, enums as numbers). The decoder for that lives in
 * @sigstore/protobuf-specs, which this package does not depend on directly, so
 * the JSON is checked and decoded here; the rest (certificate and key parsing)
 * stays with `toTrustMaterial`.
 */
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import { z } from 'zod';

type TrustedRoot = Parameters<typeof toTrustMaterial>[0];
type TransparencyLogInstance = TrustedRoot['tlogs'][number];
type CertificateAuthority = TrustedRoot['certificateAuthorities'][number];
type PublicKeyDetails = NonNullable<
  TransparencyLogInstance['publicKey']
>['keyDetails'];
type HashAlgorithm = TransparencyLogInstance['hashAlgorithm'];

/**
 * Enum numbers from sigstore's protobuf-specs (`sigstore_common.proto`,
 * `PublicKeyDetails`). `toTrustMaterial` only tells PKCS#1 RSA keys from the
 * rest; a name missing here decodes as unspecified, which it reads as SPKI.
 */
const PUBLIC_KEY_DETAILS: Record<string, number> = {
  PUBLIC_KEY_DETAILS_UNSPECIFIED: 0,
  PKCS1_RSA_PKCS1V5: 1,
  PKCS1_RSA_PSS: 2,
  PKIX_RSA_PKCS1V5: 3,
  PKIX_RSA_PSS: 4,
  PKIX_ECDSA_P256_SHA_256: 5,
  PKIX_ECDSA_P256_HMAC_SHA_256: 6,
  PKIX_ED25519: 7,
  PKIX_ED25519_PH: 8,
  PKIX_RSA_PKCS1V15_2048_SHA256: 9,
  PKIX_RSA_PKCS1V15_3072_SHA256: 10,
  PKIX_RSA_PKCS1V15_4096_SHA256: 11,
  PKIX_ECDSA_P384_SHA_384: 12,
  PKIX_ECDSA_P521_SHA_512: 13,
  LMS_SHA256: 14,
  LMOTS_SHA256: 15,
  PKIX_RSA_PSS_2048_SHA256: 16,
  PKIX_RSA_PSS_3072_SHA256: 17,
  PKIX_RSA_PSS_4096_SHA256: 18,
  PKIX_ECDSA_P384_SHA_256: 19,
  PKIX_ECDSA_P521_SHA_256: 20,
  ML_DSA_65: 21,
  ML_DSA_87: 22,
  ML_DSA_44: 23,
};

/** `HashAlgorithm` from the same file. */
const HASH_ALGORITHMS: Record<string, number> = {
  HASH_ALGORITHM_UNSPECIFIED: 0,
  SHA2_256: 1,
  SHA2_384: 2,
  SHA2_512: 3,
  SHA3_256: 4,
  SHA3_384: 5,
};

const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64')
  .transform(value => Buffer.from(value, 'base64'));

const timestamp = z
  .string()
  .refine(
    value => !Number.isNaN(Date.parse(value)),
    'expected an RFC 3339 time',
  )
  .transform(value => new Date(value));

const timeRange = z.object({
  start: timestamp.optional(),
  end: timestamp.optional(),
});

const logId = z.object({ keyId: base64 });

const transparencyLog = z.object({
  baseUrl: z.string(),
  hashAlgorithm: z.string().optional(),
  publicKey: z.object({
    rawBytes: base64,
    keyDetails: z.string().optional(),
    validFor: timeRange.optional(),
  }),
  logId,
  checkpointKeyId: logId.optional(),
  operator: z.string().optional(),
});

const certificateAuthority = z.object({
  subject: z
    .object({
      organization: z.string().optional(),
      commonName: z.string().optional(),
    })
    .optional(),
  uri: z.string().optional(),
  certChain: z.object({
    certificates: z.array(z.object({ rawBytes: base64 })).min(1),
  }),
  validFor: timeRange.optional(),
  operator: z.string().optional(),
});

const trustedRootSchema = z.object({
  mediaType: z
    .string()
    .regex(
      /^application\/vnd\.dev\.sigstore\.trustedroot/,
      'expected a Sigstore trusted root media type',
    ),
  tlogs: z.array(transparencyLog).default([]),
  certificateAuthorities: z.array(certificateAuthority).default([]),
  ctlogs: z.array(transparencyLog).default([]),
  timestampAuthorities: z.array(certificateAuthority).default([]),
});

function toLogInstance(
  log: z.infer<typeof transparencyLog>,
): TransparencyLogInstance {
  return {
    baseUrl: log.baseUrl,
    hashAlgorithm: (HASH_ALGORITHMS[log.hashAlgorithm ?? ''] ??
      0) as HashAlgorithm,
    publicKey: {
      rawBytes: log.publicKey.rawBytes,
      keyDetails: (PUBLIC_KEY_DETAILS[log.publicKey.keyDetails ?? ''] ??
        0) as PublicKeyDetails,
      validFor: log.publicKey.validFor && {
        start: log.publicKey.validFor.start,
        end: log.publicKey.validFor.end,
      },
    },
    logId: log.logId,
    checkpointKeyId: log.checkpointKeyId,
    operator: log.operator ?? '',
  };
}

function toCertificateAuthority(
  ca: z.infer<typeof certificateAuthority>,
): CertificateAuthority {
  return {
    subject: ca.subject && {
      organization: ca.subject.organization ?? '',
      commonName: ca.subject.commonName ?? '',
    },
    uri: ca.uri ?? '',
    certChain: ca.certChain,
    validFor: ca.validFor && { start: ca.validFor.start, end: ca.validFor.end },
    operator: ca.operator ?? '',
  };
}

/**
 * Decodes a Sigstore `trusted_root.json` document into the trust material
 * `@sigstore/verify` checks bundles against. Throws an Error saying what is
 * wrong when the document is not a usable trusted root: a bad root is a
 * configuration error and should stop startup, not fail every verification.
 *
 * @public
 */
export function parseTrustedRoot(document: unknown): TrustMaterial {
  const parsed = trustedRootSchema.safeParse(document);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid Sigstore trusted root: ${issues}`);
  }
  const root = parsed.data;
  if (root.certificateAuthorities.length === 0) {
    throw new Error(
      'Invalid Sigstore trusted root: no certificateAuthorities, so no signing certificate can be trusted',
    );
  }
  const decoded: TrustedRoot = {
    mediaType: root.mediaType,
    tlogs: root.tlogs.map(toLogInstance),
    certificateAuthorities: root.certificateAuthorities.map(
      toCertificateAuthority,
    ),
    ctlogs: root.ctlogs.map(toLogInstance),
    timestampAuthorities: root.timestampAuthorities.map(toCertificateAuthority),
  };
  try {
    return toTrustMaterial(decoded);
  } catch (error) {
    throw new Error(
      `Invalid Sigstore trusted root: ${(error as Error).message}`,
    );
  }
}

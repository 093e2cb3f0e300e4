/*
 * Who signed: the identity Fulcio wrote into a keyless signing certificate
 * (subject alternative name plus the OIDC issuer extension) and the identity
 * policy that decides whether that signer is trusted for Maestro's evidence.
 * Extension OIDs: https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md
 */
import { ASN1Obj } from '@sigstore/core';
import type { Signer } from '@sigstore/verify';

/**
 * One signer the platform trusts: the OIDC issuer that vouched for it and a
 * regular expression its certificate subject (SAN) must match in full.
 *
 * @public
 */
export interface TrustedIdentity {
  /** Exact OIDC issuer URL, e.g. `https://token.actions.githubusercontent.com`. */
  issuer: string;
  /**
   * Regular expression for the certificate subject (an email address or a URI
   * such as a GitHub Actions workflow ref). Anchored at both ends: `acme` does
   * not match `https://github.com/acme-evil/...`.
   */
  subjectPattern: string;
}

/**
 * The certificate identity of a signature, as Fulcio recorded it.
 *
 * @public
 */
export interface SignerIdentity {
  /** Subject alternative name: email address or URI. */
  subject?: string;
  /** OIDC issuer (Fulcio extension 1.3.6.1.4.1.57264.1.8, or legacy .1.1). */
  issuer?: string;
  /** Source repository URI (extension .1.12), set for CI identities. */
  sourceRepository?: string;
  /** Source repository ref, e.g. `refs/heads/main` (.1.14). */
  sourceRepositoryRef?: string;
  /** Source repository commit (.1.13). */
  sourceRepositoryDigest?: string;
  /** Build signer URI: the workflow that signed (.1.9). */
  buildSignerUri?: string;
  /** Run invocation URI: the CI run that signed (.1.21). */
  runInvocationUri?: string;
}

const FULCIO_EXTENSIONS: Array<[keyof SignerIdentity, string]> = [
  ['buildSignerUri', '1.3.6.1.4.1.57264.1.9'],
  ['sourceRepository', '1.3.6.1.4.1.57264.1.12'],
  ['sourceRepositoryDigest', '1.3.6.1.4.1.57264.1.13'],
  ['sourceRepositoryRef', '1.3.6.1.4.1.57264.1.14'],
  ['runInvocationUri', '1.3.6.1.4.1.57264.1.21'],
];

/** The newer Fulcio extensions hold a DER UTF8String. */
function utf8Extension(value: Buffer): string | undefined {
  try {
    return ASN1Obj.parseBuffer(value).value.toString('utf8');
  } catch {
    return undefined;
  }
}

/** Reads the identity @sigstore/verify extracted from the signing certificate. */
export function signerIdentityOf(signer: Signer): SignerIdentity {
  const identity: SignerIdentity = {};
  const subject = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  if (subject) identity.subject = subject;
  if (issuer) identity.issuer = issuer;
  for (const [field, oid] of FULCIO_EXTENSIONS) {
    const extension = signer.identity?.oids?.find(
      pair => pair.oid?.id.join('.') === oid,
    );
    const value = extension && utf8Extension(Buffer.from(extension.value));
    if (value) identity[field] = value;
  }
  return identity;
}

/** A trusted identity with its subject pattern compiled. */
export interface IdentityRule {
  issuer: string;
  subject: RegExp;
}

/**
 * Compiles the identity policy. An empty policy or a pattern that is not a
 * regular expression is a configuration error and throws.
 */
export function compileIdentityPolicy(
  identities: TrustedIdentity[],
): IdentityRule[] {
  if (identities.length === 0) {
    throw new Error(
      'Signature identity policy is empty: name at least one { issuer, subjectPattern }',
    );
  }
  return identities.map(({ issuer, subjectPattern }, index) => {
    if (!issuer || !subjectPattern) {
      throw new Error(
        `Signature identity ${index} needs both issuer and subjectPattern`,
      );
    }
    try {
      return { issuer, subject: new RegExp(`^(?:${subjectPattern})$`) };
    } catch (error) {
      throw new Error(
        `Signature identity ${index} has an invalid subjectPattern: ${
          (error as Error).message
        }`,
      );
    }
  });
}

/** Why the signer is not trusted, or undefined when a rule admits it. */
export function identityMismatch(
  rules: IdentityRule[],
  signer: SignerIdentity,
): string | undefined {
  const admitted = rules.some(
    rule =>
      signer.issuer === rule.issuer &&
      signer.subject !== undefined &&
      rule.subject.test(signer.subject),
  );
  if (admitted) {
    return undefined;
  }
  return `signer ${signer.subject ?? '(no subject)'} (issuer ${
    signer.issuer ?? 'none'
  }) matches no trusted identity`;
}

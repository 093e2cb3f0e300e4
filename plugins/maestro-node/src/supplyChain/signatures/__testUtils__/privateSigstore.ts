/*
 * A private Sigstore for tests: @sigstore/mock's Fulcio CA, CT log and Rekor,
 * served over HTTP on localhost so the real signing client (`sigstore.sign`,
 * `sigstore.attest`) produces real bundles, plus the trusted_root.json a
 * platform team running this instance would configure.
 *
 * One gap is filled here: the mock Rekor logs a proposed `dsse` entry as
 * submitted, while real Rekor stores its canonical form (envelope and payload
 * hashes, signatures with verifiers), which is what verifiers compare with.
 * `canonicalDsseEntry` does that step, following Rekor's
 * pkg/types/dsse/v0.0.1/entry.go.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  fulcioHandler,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  rekorHandler,
  type HandlerFn,
} from '@sigstore/mock';
import { attest, sign, type Bundle } from 'sigstore';

/**
 * OIDC token claims. Fulcio writes `sub` as the certificate SAN and `iss` as
 * the issuer extension; the mock turns GitHub claims (`repository`, `ref`,
 * `sha`, `job_workflow_ref`, `run_id` + `run_attempt`) into Fulcio extensions.
 */
export type SignerClaims = { iss: string; sub: string } & Record<
  string,
  string
>;

export interface PrivateSigstore {
  /** trusted_root.json for this instance, as a platform team would configure it. */
  trustedRoot: object;
  sign(payload: Buffer, signer: SignerClaims): Promise<Bundle>;
  /** Signs a DSSE envelope; the payload type defaults to in-toto's. */
  attest(
    statement: object,
    signer: SignerClaims,
    payloadType?: string,
  ): Promise<Bundle>;
  close(): Promise<void>;
}

const newKeyPair = () =>
  generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

const bytesOf = (view: ArrayBufferView) =>
  Buffer.from(view.buffer, view.byteOffset, view.byteLength);

const spki = (key: ReturnType<typeof newKeyPair>) =>
  key.publicKey.export({ format: 'der', type: 'spki' });

/** An unsigned JWT: the mock Fulcio decodes the claims without checking. */
function identityToken(claims: SignerClaims): string {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

function canonicalDsseEntry(proposed: any): object {
  const { envelope, verifiers } = proposed.spec.proposedContent;
  const parsed = JSON.parse(envelope);
  const hash = (bytes: Buffer | string) =>
    createHash('sha256').update(bytes).digest('hex');
  return {
    apiVersion: proposed.apiVersion,
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: hash(envelope) },
      payloadHash: {
        algorithm: 'sha256',
        value: hash(Buffer.from(parsed.payload, 'base64')),
      },
      signatures: parsed.signatures.map((signature: { sig: string }) => ({
        signature: signature.sig,
        verifier: verifiers[0],
      })),
    },
  };
}

export async function startPrivateSigstore(): Promise<PrivateSigstore> {
  const caKeys = newKeyPair();
  const ctKeys = newKeyPair();
  const tlogKeys = newKeyPair();
  const ctLog = await initializeCTLog(ctKeys);
  const ca = await initializeCA(caKeys, ctLog);

  const routes = new Map<string, HandlerFn>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', async () => {
      const handler = routes.get(request.url ?? '');
      if (!handler || request.method !== 'POST') {
        response.writeHead(404).end();
        return;
      }
      const result = await handler(Buffer.concat(chunks).toString('utf8'));
      response
        .writeHead(result.statusCode, {
          'Content-Type': result.contentType ?? 'text/plain',
        })
        .end(result.response);
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tlog = await initializeTLog(baseUrl, tlogKeys);
  const fulcio = fulcioHandler(ca);
  const rekor = rekorHandler(tlog);
  routes.set(fulcio.path, fulcio.fn);
  routes.set(rekor.path, body => {
    const proposed = JSON.parse(body);
    return rekor.fn(
      JSON.stringify(
        proposed.kind === 'dsse' ? canonicalDsseEntry(proposed) : proposed,
      ),
    );
  });

  const validFor = { start: '2020-01-01T00:00:00Z' };
  const logInstance = (keys: ReturnType<typeof newKeyPair>, keyId: Buffer) => ({
    baseUrl,
    hashAlgorithm: 'SHA2_256',
    publicKey: {
      rawBytes: spki(keys).toString('base64'),
      keyDetails: 'PKIX_ECDSA_P256_SHA_256',
      validFor,
    },
    logId: { keyId: keyId.toString('base64') },
  });
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      logInstance(
        tlogKeys,
        createHash('sha256').update(spki(tlogKeys)).digest(),
      ),
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: baseUrl,
        certChain: {
          certificates: [
            { rawBytes: bytesOf(ca.rootCertificate).toString('base64') },
          ],
        },
        validFor,
      },
    ],
    ctlogs: [logInstance(ctKeys, bytesOf(ctLog.logID))],
    timestampAuthorities: [],
  };

  const clientOptions = (signer: SignerClaims) => ({
    fulcioURL: baseUrl,
    rekorURL: baseUrl,
    identityToken: identityToken(signer),
    retry: 0,
  });
  return {
    trustedRoot,
    sign: (payload, signer) => sign(payload, clientOptions(signer)),
    attest: (statement, signer, payloadType = 'application/vnd.in-toto+json') =>
      attest(
        Buffer.from(JSON.stringify(statement)),
        payloadType,
        clientOptions(signer),
      ),
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}

/**
 * Options of a create. `idempotencyKey` is sent as the `Idempotency-Key`
 * header: sending the same request again with the same key (a retry after a
 * lost answer) gets the first answer instead of acting twice. Without one,
 * the client makes up a fresh key for the call.
 *
 * @public
 */
export type MaestroCreateOptions = {
  idempotencyKey?: string;
};

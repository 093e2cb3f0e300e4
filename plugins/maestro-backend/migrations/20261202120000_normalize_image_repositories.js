// @ts-check

/**
 * Artifacts store their image repository normalized from now on, as the
 * distribution reference grammar reads names (`keycloak/keycloak` and
 * `index.docker.io/keycloak/keycloak` are `docker.io/keycloak/keycloak`,
 * `docker.io/nginx` is `docker.io/library/nginx`); this rewrites the rows
 * stored before.
 *
 * The rules are copied here, frozen, rather than imported from
 * maestro-common, so this migration does the same thing whatever later
 * versions of the code do. Stored names all passed the old check (lower-case
 * host, then lower-case path), so only the Docker Hub rules can change them;
 * a row that does not look like that is left as it is.
 *
 * Two rows that normalize to the same repository do not conflict: only the
 * digest is unique, and two digests of one repository are what a repository
 * has. Ledger entries keep the spelling they were recorded with (they are
 * history, and hash-chained). Down leaves the normalized names: they are
 * valid names under the old rules too.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const rows = await knex('maestro_artifacts').select('id', 'repository');
  for (const row of rows) {
    const normalized = normalizeStoredRepository(row.repository);
    if (normalized && normalized !== row.repository) {
      await knex('maestro_artifacts')
        .where({ id: row.id })
        .update({ repository: normalized });
    }
  }
};

/** @param {import('knex').Knex} _knex */
exports.down = async function down(_knex) {
  // Nothing to undo: see above.
};

const OLD_PATTERN =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?)(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$/;

/**
 * @param {string} repository a repository as stored before this migration
 * @returns {string | undefined} its normalized form, or undefined to leave it
 */
function normalizeStoredRepository(repository) {
  if (typeof repository !== 'string' || !OLD_PATTERN.test(repository)) {
    return undefined;
  }
  const slash = repository.indexOf('/');
  const first = repository.slice(0, slash);
  const isDomain = /[.:]/.test(first) || first === 'localhost';
  let domain = isDomain ? first : 'docker.io';
  let path = isDomain ? repository.slice(slash + 1) : repository;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const normalized = `${domain}/${path}`;
  return normalized.length <= 255 ? normalized : undefined;
}

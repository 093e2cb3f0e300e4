import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const MIGRATION = '20261202120000_normalize_image_repositories.js';
const digest = (c: string) => `sha256:${c.repeat(64)}`;

const row = (id: string, repository: string) => ({
  id,
  entity_ref: 'component:default/keycloak',
  repository,
  digest: digest(id),
  tags: '[]',
  created_at: '2026-11-30T10:00:00.000Z',
  created_by: 'service:external:ci',
  updated_at: '2026-11-30T10:00:00.000Z',
});

describe.each(databases.eachSupportedId())(
  'migration normalizing stored image repositories on %s',
  databaseId => {
    it('normalizes rows stored before, including several that become one name, and leaves odd ones alone', async () => {
      const knex: Knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      await knex.migrate.down({
        directory: MIGRATIONS_DIRECTORY,
        name: MIGRATION,
      });
      await knex('maestro_artifacts').insert([
        row('1', 'keycloak/keycloak'),
        row('2', 'index.docker.io/keycloak/keycloak'),
        row('3', 'docker.io/keycloak/keycloak'),
        row('4', 'docker.io/nginx'),
        row('5', 'ghcr.io/acme/payments-api'),
        row('6', 'localhost:5001/demo'),
        row('7', 'Not A Repository'),
      ]);

      await knex.migrate.up({
        directory: MIGRATIONS_DIRECTORY,
        name: MIGRATION,
      });
      const stored = async () =>
        (await knex('maestro_artifacts').orderBy('id')).map(
          (r: { repository: string }) => r.repository,
        );
      const normalized = [
        'docker.io/keycloak/keycloak',
        'docker.io/keycloak/keycloak',
        'docker.io/keycloak/keycloak',
        'docker.io/library/nginx',
        'ghcr.io/acme/payments-api',
        'localhost:5001/demo',
        'Not A Repository',
      ];
      expect(await stored()).toEqual(normalized);

      // Down keeps the normalized names (valid under the old rules too); up again changes nothing.
      await knex.migrate.down({
        directory: MIGRATIONS_DIRECTORY,
        name: MIGRATION,
      });
      expect(await stored()).toEqual(normalized);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect(await stored()).toEqual(normalized);
    });
  },
);

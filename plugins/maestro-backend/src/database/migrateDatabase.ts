import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@maestro-conductor/backstage-plugin-maestro-backend',
  'migrations',
);

/**
 * Returns the plugin's database client, migrated to the latest schema unless
 * the deployment manages migrations itself (`backend.database.skipMigrations`
 * or `plugin.maestro.skipMigrations`).
 */
export async function getMigratedClient(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}

/** For tests: the migrations folder, to run migrations up and down. */
export const MIGRATIONS_DIRECTORY = migrationsDir;

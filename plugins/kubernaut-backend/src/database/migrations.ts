import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@kubernaut/plugin-kubernaut-backend',
  'migrations',
);

/** Brings the plugin's tables up to date. */
export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDir,
    tableName: 'kubernaut_knex_migrations',
  });
}

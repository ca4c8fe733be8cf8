import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@kubernaut/plugin-kubernaut-backend',
  'migrations',
);

/** What another replica migrating at the same moment causes: its table or its lock in the way. */
const CONCURRENT_MIGRATION =
  /already exists|already locked|duplicate key value/i;
const MAX_ATTEMPTS = 10;

/**
 * Brings the plugin's tables up to date. Replicas that start together on one database race for
 * knex's migration table and lock; the loser waits and tries again, and then finds the work done.
 */
export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({
        directory: migrationsDir,
        tableName: 'kubernaut_knex_migrations',
      });
      return;
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !CONCURRENT_MIGRATION.test(String(error)))
        throw error;
      await new Promise(resolve =>
        setTimeout(resolve, 100 * attempt + Math.random() * 100),
      );
    }
  }
}

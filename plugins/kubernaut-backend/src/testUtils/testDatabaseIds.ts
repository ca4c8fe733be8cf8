import type { TestDatabaseId } from '@backstage/backend-test-utils';

const POSTGRES_IDS: TestDatabaseId[] = [
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
  'POSTGRES_13',
];

/**
 * The databases the plugin's storage tests run on: SQLite always, and every PostgreSQL for
 * which `./test.sh` exported `BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING`.
 * With `KUBERNAUT_REQUIRE_POSTGRES=1` a missing PostgreSQL is an error, not a silent skip.
 */
export function kubernautTestDatabaseIds(): TestDatabaseId[] {
  const postgres = POSTGRES_IDS.filter(
    id =>
      process.env[
        `BACKSTAGE_TEST_DATABASE_${id.replace('_', '')}_CONNECTION_STRING`
      ],
  );
  if (process.env.KUBERNAUT_REQUIRE_POSTGRES === '1' && postgres.length === 0) {
    throw new Error(
      'KUBERNAUT_REQUIRE_POSTGRES=1 but no BACKSTAGE_TEST_DATABASE_POSTGRES*_CONNECTION_STRING is set',
    );
  }
  return ['SQLITE_3', ...postgres];
}

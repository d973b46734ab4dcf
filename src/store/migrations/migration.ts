/**
 * @module store/migrations/migration
 * One numbered schema change. Migrations are applied in version order, each in its own transaction, and
 * recorded in `schema_migrations`; a released migration is never edited, only followed by a new one.
 * The SQL is kept in TypeScript modules (not `.sql` files) so that the compiled package carries it
 * without a copy step.
 */

export interface Migration {
  /** 1, 2, 3, ...: the number in the file name. */
  version: number;
  name: string;
  /** SQLite dialect. */
  sqlite: string;
}

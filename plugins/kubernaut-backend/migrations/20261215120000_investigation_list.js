// @ts-check

/**
 * The investigations list. It reads most recent activity first (ties by id) and pages on that
 * order, one creator's the same way ("mine"); without these indexes every page sorts the table.
 * Its search looks in the first question, kept on the investigation so that a search reads one
 * table instead of every transcript; existing investigations get theirs from their transcript.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('kubernaut_investigations', table => {
    table
      .text('first_question')
      .nullable()
      .comment(
        'Text of the first user-message event, for the list and its search',
      );
    table.index(['updated_at', 'id'], 'kubernaut_investigations_activity_idx');
    table.index(
      ['created_by', 'updated_at', 'id'],
      'kubernaut_investigations_creator_activity_idx',
    );
  });
  const text = /^(pg|postgres)/.test(String(knex.client.config.client))
    ? "e.payload::json ->> 'text'"
    : "json_extract(e.payload, '$.text')";
  await knex.raw(
    `UPDATE kubernaut_investigations SET first_question = (SELECT ${text} FROM kubernaut_investigation_events e WHERE e.investigation_id = kubernaut_investigations.id AND e.type = 'user-message' ORDER BY e.seq LIMIT 1) WHERE first_question IS NULL`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('kubernaut_investigations', table => {
    table.dropIndex([], 'kubernaut_investigations_creator_activity_idx');
    table.dropIndex([], 'kubernaut_investigations_activity_idx');
  });
  // Not knex's dropColumn: on SQLite it rebuilds the table, and dropping the old one deletes
  // every transcript through the events' ON DELETE CASCADE.
  await knex.raw(
    'ALTER TABLE kubernaut_investigations DROP COLUMN first_question',
  );
};

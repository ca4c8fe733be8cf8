// @ts-check

/**
 * Who drives a remediation from an investigation: whoever started the conversation, or took
 * the remediation over from the autonomous run. Only they may steer it (upstream's single
 * driver per session). Conversations already stored are driven by whoever started them; a
 * watch (no A2A context) by nobody.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('kubernaut_investigations', table => {
    table
      .string('driver', 255)
      .nullable()
      .comment('User entity ref of who steers the remediation, if anyone');
  });
  await knex('kubernaut_investigations')
    .whereNotNull('context_id')
    .update({ driver: knex.ref('created_by') });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // Not knex's dropColumn: on SQLite it rebuilds the table, and dropping the old one deletes
  // every transcript through the events' ON DELETE CASCADE.
  await knex.raw('ALTER TABLE kubernaut_investigations DROP COLUMN driver');
};

// @ts-check

/**
 * Thumbs up or down, with an optional reason, on an investigation's RCA or one of its answers.
 * One row per person and transcript item: a second feedback replaces the first. The workflow
 * the RCA recommended is kept so that the catalog can count feedback per workflow.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kubernaut_investigation_feedback', table => {
    table.comment('Feedback on the RCA and answers of an investigation');
    table
      .string('investigation_id', 64)
      .notNullable()
      .references('id')
      .inTable('kubernaut_investigations')
      .onDelete('CASCADE');
    table
      .string('item_key', 64)
      .notNullable()
      .comment('Transcript item key: the event sequence number');
    table.string('target', 16).notNullable().comment('rca or answer');
    table
      .string('user', 512)
      .notNullable()
      .comment('Backstage user entity ref');
    table.string('rating', 8).notNullable().comment('up or down');
    table.text('reason').nullable();
    table
      .string('workflow_id', 253)
      .nullable()
      .comment('The workflow the RCA recommended');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(
      ['investigation_id', 'item_key', 'user'],
      'kubernaut_investigation_feedback_pk',
    );
    table.index(['workflow_id'], 'kubernaut_investigation_feedback_wf_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kubernaut_investigation_feedback');
};

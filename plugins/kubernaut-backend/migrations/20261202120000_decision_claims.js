// @ts-check

/**
 * One decision per approval request across backend replicas, where Kubernaut does not arbitrate:
 * API Frontend's `kubernaut_approve` sends no resourceVersion, and the approval webhook lets a
 * second decision through. A replica claims the request here before it writes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kubernaut_decision_claims', table => {
    table.comment('Who is deciding, or decided, an approval request');
    table.string('cluster', 253).notNullable();
    table.string('request', 253).notNullable();
    table
      .string('request_uid', 64)
      .notNullable()
      .comment('metadata.uid: a request recreated under the same name is new');
    table
      .string('decided_by', 512)
      .notNullable()
      .comment('Backstage user entity ref');
    table.string('decision', 16).notNullable();
    table
      .string('state', 16)
      .notNullable()
      .comment('claimed while the write is in flight, then written');
    table.timestamp('claimed_at', { useTz: true }).notNullable();
    table.primary(['cluster', 'request', 'request_uid']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kubernaut_decision_claims');
};

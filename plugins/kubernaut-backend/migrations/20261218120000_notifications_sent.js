// @ts-check

/**
 * What the plugin has told people, so a restart or a second replica does not tell them again:
 * a replica claims (cluster, remediation, its creation time, event) here before it sends.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kubernaut_notifications_sent', table => {
    table.comment('Notifications sent about remediations, one per event');
    table.string('cluster', 253).notNullable();
    table.string('remediation', 253).notNullable();
    table
      .string('remediation_created', 64)
      .notNullable()
      .comment(
        'creationTimestamp: a remediation recreated under the same name is new',
      );
    table
      .string('event', 32)
      .notNullable()
      .comment('approval-requested, approval-expiring, approval-closed, ...');
    table.timestamp('sent_at', { useTz: true }).notNullable();
    table.primary(['cluster', 'remediation', 'remediation_created', 'event']);
    table.index(['sent_at'], 'kubernaut_notifications_sent_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kubernaut_notifications_sent');
};

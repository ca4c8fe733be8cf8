// @ts-check

/**
 * Investigations and their event transcripts. Each event has a per-investigation sequence
 * number so that viewers can resume (`Last-Event-ID`, `?after=`) and several backend replicas
 * sharing one database agree on the order.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kubernaut_investigations', table => {
    table.comment(
      'An investigation relayed from the API Frontend of a cluster',
    );
    table.string('id', 64).primary().notNullable();
    table.string('cluster', 253).notNullable();
    table
      .string('remediation', 253)
      .nullable()
      .comment('RemediationRequest name, when known');
    table
      .string('context_id', 256)
      .nullable()
      .comment('A2A contextId of the conversation');
    table.string('status', 32).notNullable();
    table
      .string('created_by', 512)
      .notNullable()
      .comment('Backstage user entity ref');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(
      ['cluster', 'remediation'],
      'kubernaut_investigations_target_idx',
    );
  });

  await knex.schema.createTable('kubernaut_investigation_events', table => {
    table.comment(
      'Transcript of an investigation, one row per event, in order',
    );
    table
      .string('investigation_id', 64)
      .notNullable()
      .references('id')
      .inTable('kubernaut_investigations')
      .onDelete('CASCADE');
    table.integer('seq').notNullable();
    table.string('type', 64).notNullable();
    table
      .text('payload')
      .notNullable()
      .comment('JSON; agent text is stored as data, never markup');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['investigation_id', 'seq']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kubernaut_investigation_events');
  await knex.schema.dropTable('kubernaut_investigations');
};

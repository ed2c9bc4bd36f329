/** The PostgreSQL channel on which a committed outbox row wakes the relays (payload: its seq). */
export const OUTBOX_CHANNEL = 'deelwijs_outbox';

/**
 * For a connection whose session holds something other instances wait for (an advisory lock,
 * a batch of rows under FOR UPDATE): PostgreSQL probes the client with TCP keepalives after
 * 3 s of silence, every 2 s, and ends the session, releasing what it held, after 3 unanswered
 * probes. A killed process's kernel closes its socket, which PostgreSQL sees at once; this is
 * for a host that vanishes without closing anything, whose session would otherwise live on
 * for the operating system's keepalive time (two hours by default).
 */
export const SESSION_KEEPALIVE_SQL = 'SET tcp_keepalives_idle = 3; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3';

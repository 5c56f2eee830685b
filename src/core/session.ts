/** A session ends 30 minutes after its last activity (seed 003). */
export const SESSION_TIMEOUT_MS = 30 * 60_000;

/** The visitor's current session. */
export interface Session {
  startedAt: number;
  lastActivityAt: number;
}

/** What one activity at `now` does to the session. */
export interface SessionStep {
  /** The session it continues or starts. */
  session: Session;
  /** A session that ended unseen (30 minutes after its last activity), to record as ended first. */
  ended?: Session;
  /** True when this activity starts a new session. */
  started: boolean;
}

/**
 * Sessions as seed 003 defines them: the first activity starts one; one ends 30 minutes
 * after its last activity, and the next activity starts another. A pure function of the
 * session and the clock.
 */
export function sessionStep(session: Session | undefined, now: number): SessionStep {
  if (session && now - session.lastActivityAt < SESSION_TIMEOUT_MS && now >= session.startedAt) {
    return { session: { ...session, lastActivityAt: Math.max(now, session.lastActivityAt) }, started: false };
  }
  return { session: { startedAt: now, lastActivityAt: now }, ended: session, started: true };
}

/** When a session ended: 30 minutes after its last activity. */
export function sessionEndedAt(session: Session): number {
  return session.lastActivityAt + SESSION_TIMEOUT_MS;
}

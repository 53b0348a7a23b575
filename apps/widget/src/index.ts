/**
 * The embeddable visitor widget (mission G1–G6) is built by the live-chat issue: a tiny loader for
 * the host page plus an iframe app. Nothing is served from here yet.
 */
export {};

-- LiveEvent ids in commit order, per account (PostgreSQL only; SQLite has one writer at a time).
-- Subscribers and resuming clients read "the account's events after id N". A sequence hands out ids
-- in the order transactions reach the INSERT, not the order they commit, so an event could become
-- visible after one with a higher id and be skipped. Here each row takes a per-account transaction
-- lock (held until commit) before drawing its id: the transaction that draws the next id commits
-- after every earlier one of that account. The insert is the last statement of each transaction that
-- records events (apps/api/src/live/events.ts), so the lock is held only for the insert and the commit.
CREATE FUNCTION "live_event_commit_order"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7301, hashtext(NEW."accountId"));
  NEW."id" := nextval(pg_get_serial_sequence('"LiveEvent"', 'id'));
  RETURN NEW;
END
$$;

CREATE TRIGGER "LiveEvent_commit_order" BEFORE INSERT ON "LiveEvent"
  FOR EACH ROW EXECUTE FUNCTION "live_event_commit_order"();

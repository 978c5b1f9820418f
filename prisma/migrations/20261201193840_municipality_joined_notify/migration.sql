-- Every worker keeps a snapshot of the joined municipalities (activities/eligibility/joined-municipalities.ts).
-- When a municipality's joined status changes, whoever changed it (the go-live activity in any worker, or
-- staff correcting the data by hand), every worker listening on this channel drops its snapshot at once.
-- The notification is sent at commit, and identical ones of one transaction are sent once: a go-live of a
-- whole consortium is one notification.
-- The body is written with \073 for each semicolon (and no comment here has one): the migration
-- runner (@prisma/adapter-pg's executeScript) splits the file at every semicolon, inside quotes and
-- comments too. The body reads: BEGIN PERFORM pg_notify('municipality_joined', '') then RETURN NULL.
CREATE FUNCTION "notify_municipality_joined"() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(\'municipality_joined\', \'\')\073 RETURN NULL\073 END';

CREATE TRIGGER "Municipality_joined_notify"
AFTER UPDATE OF "joined" ON "Municipality"
FOR EACH ROW WHEN (OLD."joined" IS DISTINCT FROM NEW."joined")
EXECUTE FUNCTION "notify_municipality_joined"();

CREATE TRIGGER "Municipality_joined_insert_notify"
AFTER INSERT ON "Municipality"
FOR EACH ROW WHEN (NEW."joined")
EXECUTE FUNCTION "notify_municipality_joined"();

CREATE TRIGGER "Municipality_joined_delete_notify"
AFTER DELETE ON "Municipality"
FOR EACH ROW WHEN (OLD."joined")
EXECUTE FUNCTION "notify_municipality_joined"();

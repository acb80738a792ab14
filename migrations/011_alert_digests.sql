-- A backlog of alerts as one message (issue 17): when more alerts for one person fall due at once
-- than fit one list, they get ONE paged digest; a manager with many pings due at once gets one
-- paged list of their waiting deals. Both are alert_bundles rows: `kind` says which ('list' as
-- before, 'digest', 'pings'), `page` is the page shown now (0-based), so paging survives a restart.
ALTER TABLE alert_bundles ADD COLUMN kind TEXT NOT NULL DEFAULT 'list';
ALTER TABLE alert_bundles ADD COLUMN page INTEGER NOT NULL DEFAULT 0;
DROP INDEX alert_bundles_person;
CREATE INDEX alert_bundles_person ON alert_bundles (person_id, kind, created_at);

-- Issue 16: change counters, one row per table, raised by triggers on every insert, update
-- or delete (deletions through a foreign key's cascade included). A cached value drawn from
-- these tables is validated against the sum of their counters, which moves at every change
-- a `MAX(updated_at)` cannot see (a deletion, two changes in the same millisecond, a clock
-- behind on another node); so it can be kept until it changes instead of a few seconds.
-- Drafts of census answers do not count: no figure is drawn from them. Triggers are
-- statement-level (an import of 50 000 places raises the counter once per statement, not
-- once per row).
CREATE TABLE data_changes (
    name TEXT PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO data_changes (name, n) VALUES
    ('census_responses', 0), ('census_campaigns', 0), ('census_questionnaires', 0),
    ('place_areas', 0), ('place_typologies', 0), ('typologies', 0);

CREATE FUNCTION data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END
$$;

-- Answers: per statement too (a row trigger raising one row 50 000 times in a transaction
-- took 29 s, each update walking the row's versions left by the others), testing the
-- statement's rows through transition tables.
CREATE FUNCTION census_responses_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'submitted') THEN
        UPDATE data_changes SET n = n + 1 WHERE name = 'census_responses';
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION census_responses_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'submitted')
        OR EXISTS (SELECT 1 FROM old_rows WHERE status = 'submitted') THEN
        UPDATE data_changes SET n = n + 1 WHERE name = 'census_responses';
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION census_responses_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows WHERE status = 'submitted') THEN
        UPDATE data_changes SET n = n + 1 WHERE name = 'census_responses';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER census_responses_changed_i AFTER INSERT ON census_responses
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION census_responses_inserted();
CREATE TRIGGER census_responses_changed_u AFTER UPDATE ON census_responses
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION census_responses_updated();
CREATE TRIGGER census_responses_changed_d AFTER DELETE ON census_responses
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION census_responses_deleted();
CREATE TRIGGER census_responses_changed_t AFTER TRUNCATE ON census_responses
FOR EACH STATEMENT EXECUTE FUNCTION data_changed('census_responses');
CREATE TRIGGER census_campaigns_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON census_campaigns
FOR EACH STATEMENT EXECUTE FUNCTION data_changed('census_campaigns');
CREATE TRIGGER census_questionnaires_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON census_questionnaires
FOR EACH STATEMENT EXECUTE FUNCTION data_changed('census_questionnaires');
-- Places as the figures see them: added, removed (with their answers), or given another
-- department or region; not every edit of a place (its coordinates after geocoding, its
-- description, its hours).
CREATE TRIGGER place_areas_changed AFTER INSERT OR DELETE OR TRUNCATE ON places
FOR EACH STATEMENT EXECUTE FUNCTION data_changed('place_areas');
CREATE TRIGGER place_areas_changed_u AFTER UPDATE OF department, region ON places
FOR EACH STATEMENT EXECUTE FUNCTION data_changed('place_areas');
CREATE TRIGGER place_typologies_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place_typologies
FOR EACH STATEMENT EXECUTE FUNCTION data_changed('place_typologies');
CREATE TRIGGER typologies_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON typologies
FOR EACH STATEMENT EXECUTE FUNCTION data_changed('typologies');

-- The observatory's former version read the newest answer of each campaign from this index
-- (0041); the counters replace it, and `UNIQUE (campaign_id, place_id)` serves a campaign's
-- answers.
DROP INDEX census_responses_campaign_updated;

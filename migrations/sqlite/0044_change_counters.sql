-- Issue 16: change counters, one row per table, raised by triggers on every insert, update
-- or delete (deletions through a foreign key's cascade included). A cached value drawn from
-- these tables is validated against the sum of their counters, which moves at every change
-- a `MAX(updated_at)` cannot see (a deletion, two changes in the same millisecond, a clock
-- behind on another node); so it can be kept until it changes instead of a few seconds.
-- Drafts of census answers do not count: no figure is drawn from them.
CREATE TABLE data_changes (
    name TEXT PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO data_changes (name, n) VALUES
    ('census_responses', 0), ('census_campaigns', 0), ('census_questionnaires', 0),
    ('place_areas', 0), ('place_typologies', 0), ('typologies', 0);

CREATE TRIGGER census_responses_changed_i AFTER INSERT ON census_responses
WHEN new.status = 'submitted' BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'census_responses';
END;
CREATE TRIGGER census_responses_changed_u AFTER UPDATE ON census_responses
WHEN old.status = 'submitted' OR new.status = 'submitted' BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'census_responses';
END;
CREATE TRIGGER census_responses_changed_d AFTER DELETE ON census_responses
WHEN old.status = 'submitted' BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'census_responses';
END;
CREATE TRIGGER census_campaigns_changed_i AFTER INSERT ON census_campaigns BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'census_campaigns';
END;
CREATE TRIGGER census_campaigns_changed_u AFTER UPDATE ON census_campaigns BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'census_campaigns';
END;
CREATE TRIGGER census_campaigns_changed_d AFTER DELETE ON census_campaigns BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'census_campaigns';
END;
CREATE TRIGGER census_questionnaires_changed_i AFTER INSERT ON census_questionnaires BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'census_questionnaires';
END;
CREATE TRIGGER census_questionnaires_changed_u AFTER UPDATE ON census_questionnaires BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'census_questionnaires';
END;
CREATE TRIGGER census_questionnaires_changed_d AFTER DELETE ON census_questionnaires BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'census_questionnaires';
END;
-- Places as the figures see them: added, removed (with their answers), or moved to another
-- department or region; not every edit of a place (its coordinates after geocoding, its
-- description, its hours).
CREATE TRIGGER place_areas_changed_i AFTER INSERT ON places BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'place_areas';
END;
CREATE TRIGGER place_areas_changed_u AFTER UPDATE OF department, region ON places
WHEN old.department IS NOT new.department OR old.region IS NOT new.region BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'place_areas';
END;
CREATE TRIGGER place_areas_changed_d AFTER DELETE ON places BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'place_areas';
END;
CREATE TRIGGER place_typologies_changed_i AFTER INSERT ON place_typologies BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'place_typologies';
END;
CREATE TRIGGER place_typologies_changed_u AFTER UPDATE ON place_typologies BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'place_typologies';
END;
CREATE TRIGGER place_typologies_changed_d AFTER DELETE ON place_typologies BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'place_typologies';
END;
CREATE TRIGGER typologies_changed_i AFTER INSERT ON typologies BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'typologies';
END;
CREATE TRIGGER typologies_changed_u AFTER UPDATE ON typologies BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'typologies';
END;
CREATE TRIGGER typologies_changed_d AFTER DELETE ON typologies BEGIN
    UPDATE data_changes SET n = n + 1 WHERE name = 'typologies';
END;

-- The observatory's former version read the newest answer of each campaign from this index
-- (0041); the counters replace it, and `UNIQUE (campaign_id, place_id)` serves a campaign's
-- answers.
DROP INDEX census_responses_campaign_updated;

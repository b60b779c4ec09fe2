-- Learning paths, completions and the satisfaction questionnaire (issue 19 points 3, 4, 5),
-- and the trainers from the showcase and the documents of a training (point 1).
--
-- A path ("parcours", e.g. "formation de formateurs") of a network or a place is an ordered
-- list of steps; a step is one training, or a choice between several (one row per training
-- at the same position: following any of them completes the step); an optional step is not
-- needed to finish the path. Instants are BIGINT milliseconds since the Unix epoch (UTC).
CREATE TABLE training_paths (
    id INTEGER PRIMARY KEY,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    slug TEXT NOT NULL UNIQUE,
    -- Sanitized rich text.
    description TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((network_id IS NOT NULL) + (place_id IS NOT NULL) = 1)
);
CREATE INDEX training_paths_network ON training_paths(network_id, title);
CREATE INDEX training_paths_place ON training_paths(place_id, title);

CREATE TABLE training_path_steps (
    path_id BIGINT NOT NULL REFERENCES training_paths(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 50),
    training_id BIGINT NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
    optional BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (path_id, position, training_id)
);
CREATE INDEX training_path_steps_training ON training_path_steps(training_id, path_id);

-- A learner completed a training: present every half-day of a session of it that is over
-- (written when the session ends and when its sheet is saved afterwards).
CREATE TABLE training_completions (
    training_id BIGINT NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    completed_at BIGINT NOT NULL,
    PRIMARY KEY (training_id, user_id, event_id)
);
CREATE INDEX training_completions_user ON training_completions(user_id, training_id);
CREATE INDEX training_completions_event ON training_completions(event_id);

-- The satisfaction questionnaire sent when a session is over ("évaluation à chaud"), one
-- per learner present at least once; answered through its unguessable token, without login.
-- Marks are 1 (not at all satisfied) to 5 (very satisfied).
CREATE TABLE training_surveys (
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    training_id BIGINT NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    sent_at BIGINT NOT NULL,
    answered_at BIGINT,
    overall INTEGER CHECK (overall BETWEEN 1 AND 5),
    objectives INTEGER CHECK (objectives BETWEEN 1 AND 5),
    content INTEGER CHECK (content BETWEEN 1 AND 5),
    trainer INTEGER CHECK (trainer BETWEEN 1 AND 5),
    organisation INTEGER CHECK (organisation BETWEEN 1 AND 5),
    recommend BOOLEAN,
    comment TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),
    PRIMARY KEY (event_id, user_id),
    CHECK ((answered_at IS NULL) = (overall IS NULL))
);
CREATE INDEX training_surveys_training ON training_surveys(training_id, answered_at);
CREATE INDEX training_surveys_user ON training_surveys(user_id);

-- An achievement may be awarded automatically on completing a training or a path.
ALTER TABLE badge_achievements ADD COLUMN training_id BIGINT REFERENCES trainings(id) ON DELETE SET NULL;
ALTER TABLE badge_achievements ADD COLUMN path_id BIGINT REFERENCES training_paths(id) ON DELETE SET NULL;
CREATE INDEX badge_achievements_training ON badge_achievements(training_id);
CREATE INDEX badge_achievements_path ON badge_achievements(path_id);

-- A training's trainers from the showcase (actor profiles of its provider's scope), beside its
-- trainers with an account (`training_trainers`), and the public documents of its provider's
-- library that go with it (the programme as a PDF…).
CREATE TABLE training_trainer_actors (
    training_id BIGINT NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (training_id, actor_id)
);
CREATE INDEX training_trainer_actors_actor ON training_trainer_actors(actor_id);

CREATE TABLE training_documents (
    training_id BIGINT NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
    document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (training_id, document_id)
);
CREATE INDEX training_documents_document ON training_documents(document_id);

-- Attendance of a training session (issue 19 point 4): per confirmed registration and per
-- half-day of its occurrence (`am` before 13:00 Europe/Paris, `pm` after), present or not,
-- as the trainer's digital sign-in sheet records it. The day is the Europe/Paris date.
CREATE TABLE training_attendance (
    registration_id BIGINT NOT NULL REFERENCES event_registrations(id) ON DELETE CASCADE,
    day TEXT NOT NULL CHECK (length(day) = 10),
    half TEXT NOT NULL CHECK (half IN ('am', 'pm')),
    present BOOLEAN NOT NULL,
    recorded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (registration_id, day, half)
);

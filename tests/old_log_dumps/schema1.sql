-- A training log as bfr-tui wrote it at schema 1 (PRAGMA user_version = 1), before
-- the schema had Alembic revisions: sqlite3's dump of one exercise, one block of
-- two sets. tests/schema_history.py loads it.
BEGIN TRANSACTION;
CREATE TABLE block (
        id INTEGER NOT NULL PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES training_session (id),
        exercise_id INTEGER NOT NULL REFERENCES exercise (id),
        side VARCHAR NOT NULL,
        protocol_name VARCHAR NOT NULL,
        protocol_reps VARCHAR NOT NULL,
        rest_target_s INTEGER NOT NULL,
        load FLOAT NOT NULL,
        unit VARCHAR NOT NULL,
        one_rm FLOAT,
        tightness INTEGER NOT NULL,
        pulse_felt BOOLEAN NOT NULL,
        skin_normal BOOLEAN NOT NULL,
        pressure_mmhg FLOAT,
        lop_percent FLOAT,
        cuff_width_cm FLOAT,
        cuff_on_at DATETIME NOT NULL,
        cuff_off_at DATETIME,
        end_reason VARCHAR NOT NULL,
        notes VARCHAR NOT NULL
    );
INSERT INTO "block" VALUES(1,1,1,'both','Classic','30-15-15-15',30,8.75,'kg',35.0,7,1,1,NULL,NULL,NULL,'2025-11-03 18:02:00.000000','2025-11-03 18:07:30.000000','completed','');
CREATE TABLE exercise (
        id INTEGER NOT NULL PRIMARY KEY,
        name VARCHAR(80) NOT NULL UNIQUE,
        limb VARCHAR NOT NULL,
        muscle_group VARCHAR NOT NULL,
        compound BOOLEAN NOT NULL,
        suitability_note VARCHAR NOT NULL,
        load_step FLOAT NOT NULL,
        unit VARCHAR NOT NULL,
        archived BOOLEAN NOT NULL,
        created_at DATETIME NOT NULL
    );
INSERT INTO "exercise" VALUES(1,'Hammer curl','arm','biceps',0,'arms suit BFR',1.25,'kg',0,'2025-11-03 18:00:00.000000');
CREATE TABLE one_rep_max (
        id INTEGER NOT NULL PRIMARY KEY,
        exercise_id INTEGER NOT NULL REFERENCES exercise (id),
        value FLOAT NOT NULL,
        unit VARCHAR NOT NULL,
        recorded_on DATE NOT NULL,
        method VARCHAR NOT NULL,
        source VARCHAR NOT NULL
    );
CREATE TABLE profile (
        id INTEGER NOT NULL PRIMARY KEY,
        unit VARCHAR NOT NULL,
        screening_answers VARCHAR NOT NULL,
        screened_on DATE,
        cleared_by_professional BOOLEAN NOT NULL,
        theme VARCHAR NOT NULL
    );
CREATE TABLE set_entry (
        id INTEGER NOT NULL PRIMARY KEY,
        block_id INTEGER NOT NULL REFERENCES block (id),
        set_number INTEGER NOT NULL,
        target_reps INTEGER NOT NULL,
        reps INTEGER NOT NULL,
        load FLOAT NOT NULL,
        started_at DATETIME NOT NULL,
        ended_at DATETIME NOT NULL,
        rest_before_s FLOAT
    );
INSERT INTO "set_entry" VALUES(1,1,1,30,30,8.75,'2025-11-03 18:03:00.000000','2025-11-03 18:04:00.000000',NULL);
INSERT INTO "set_entry" VALUES(2,1,2,15,15,8.75,'2025-11-03 18:03:00.000000','2025-11-03 18:04:00.000000',NULL);
CREATE TABLE symptom_flag (
        id INTEGER NOT NULL PRIMARY KEY,
        block_id INTEGER NOT NULL REFERENCES block (id),
        set_id INTEGER REFERENCES set_entry (id),
        kind VARCHAR NOT NULL,
        raised_at DATETIME NOT NULL,
        note VARCHAR NOT NULL
    );
CREATE TABLE training_session (
        id INTEGER NOT NULL PRIMARY KEY,
        started_at DATETIME NOT NULL,
        ended_at DATETIME,
        notes VARCHAR NOT NULL
    );
INSERT INTO "training_session" VALUES(1,'2025-11-03 18:00:00.000000','2025-11-03 18:20:00.000000','');
CREATE INDEX ix_training_session_started_at ON training_session (started_at);
CREATE INDEX ix_block_cuff_on_at ON block (cuff_on_at);
CREATE INDEX ix_block_session_id ON block (session_id);
CREATE INDEX ix_block_exercise_id ON block (exercise_id);
CREATE INDEX ix_one_rep_max_exercise_id ON one_rep_max (exercise_id);
CREATE INDEX ix_set_entry_block_id ON set_entry (block_id);
CREATE INDEX ix_symptom_flag_block_id ON symptom_flag (block_id);
COMMIT;

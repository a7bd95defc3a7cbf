-- New-mission fan-out through the database's own index instead of a latitude/longitude box.
-- Each volunteer sits in a grid cell of 0.02 degree of latitude (2.2 km) by 1/32 degree of
-- longitude (2.2 km at 50 N); the cell comes from the point, so rows written by any means
-- (plain SQL included) are indexed. The search reads the cells ring by ring around a new
-- mission, one cell row at a time, nearest first (store/fanout.rs computes the same cells).
ALTER TABLE volunteers ADD COLUMN cell_row BIGINT
    GENERATED ALWAYS AS (floor((lat + 90::float8) * 50::float8)::bigint) STORED;
ALTER TABLE volunteers ADD COLUMN cell_col BIGINT
    GENERATED ALWAYS AS (floor((lon + 180::float8) * 32::float8)::bigint) STORED;
CREATE INDEX volunteers_cell ON volunteers (status, cell_row, cell_col);
-- The bounding-box index it replaces.
DROP INDEX IF EXISTS volunteers_nearby;

-- Rotation: among the nearest, those alerted longest ago come first (0: never).
ALTER TABLE volunteers ADD COLUMN last_alerted_at BIGINT NOT NULL DEFAULT 0;
-- Remote missions have no distance: the département's volunteers in rotation order.
CREATE INDEX volunteers_rotation ON volunteers (status, departement, last_alerted_at, id);

-- Alert budget of a new mission: per_place × places, at most max (NULL: 10 and 200).
ALTER TABLE departement_settings ADD COLUMN alerts_per_place BIGINT;
ALTER TABLE departement_settings ADD COLUMN alerts_max BIGINT;

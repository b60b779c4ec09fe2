-- Column mappings saved per network and source (issue 15): the next import of the same source
-- (command line `--save-mapping`, or the upload page's box) starts from them. `network_key` is
-- the network's id, or 0 for an import attached to no network.
CREATE TABLE place_import_mappings (
    network_key BIGINT NOT NULL,
    source TEXT NOT NULL,
    mapping TEXT NOT NULL,
    updated_by BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (network_key, source)
);

-- Opening hours a source wrote in words the OSM syntax cannot hold ("sur rendez-vous",
-- "le 1er mardi du mois"): kept as text and shown on the place page.
ALTER TABLE places ADD COLUMN hours_note TEXT NOT NULL DEFAULT '';

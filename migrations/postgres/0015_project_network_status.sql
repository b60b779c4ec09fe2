-- A project is followed by a network only once that network's admins accept (issue 14,
-- finding 2): `requested` when a project is created or moved with a network, then `accepted`
-- or `refused` by the network's admins; NULL without a network. Projects that named a network
-- before this migration were never accepted by it: they start as requests.
ALTER TABLE projects ADD COLUMN network_status TEXT;
UPDATE projects SET network_status = 'requested' WHERE network_id IS NOT NULL;

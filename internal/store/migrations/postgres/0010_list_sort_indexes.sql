-- 0010: the sorted lists of systems and machine rooms read in index order (keyset pages on
-- (key, id)), instead of sorting the whole registry for every page. Text keys compare bytewise
-- (COLLATE "C"), as the list queries do.
CREATE INDEX systems_name_id ON systems(name COLLATE "C", id);
CREATE INDEX systems_code_id ON systems(code COLLATE "C", id);
CREATE INDEX systems_go_live_id ON systems(go_live COLLATE "C", id);
CREATE INDEX systems_updated_id ON systems(updated_at, id);
CREATE INDEX machine_rooms_name_id ON machine_rooms(name COLLATE "C", id);
CREATE INDEX machine_rooms_updated_id ON machine_rooms(updated_at, id);

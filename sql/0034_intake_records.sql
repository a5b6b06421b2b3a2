-- A first contact is a record: corrected (intake update), merged with the same person's other
-- contact (intake merge: the duplicate's id kept here, the row removed), erased (intake erase,
-- carrier erase, retention). The functions are in sql/definitions.
ALTER TABLE intake ADD COLUMN merged_ids bigint[] NOT NULL DEFAULT '{}';

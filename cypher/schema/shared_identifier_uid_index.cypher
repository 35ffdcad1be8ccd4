// Shared identifiers (carried by two tips or more: the only ones that can link tips) by uid: a recompute reads its clustering input in pages of them in uid order by a seek of this index (clusters/occurrences), never walking the identifiers one tip carries, most of them.
// mode: schema
CREATE INDEX shared_identifier_uid IF NOT EXISTS FOR (n:Shared) ON (n.uid)

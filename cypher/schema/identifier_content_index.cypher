// A content cluster's digests (and through them its tips) are found by their contentClusterId.
// mode: schema
CREATE INDEX identifier_content IF NOT EXISTS FOR (i:Identifier) ON (i.contentClusterId)

// Search pages tips newest-received first.
// mode: schema
CREATE INDEX tip_received IF NOT EXISTS FOR (t:Tip) ON (t.receivedAt)

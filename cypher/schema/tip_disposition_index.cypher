// The outcome report reads referred and closed tips only, by disposition.
// mode: schema
CREATE INDEX tip_disposition IF NOT EXISTS FOR (t:Tip) ON (t.disposition)

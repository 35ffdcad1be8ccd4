// A cluster's member tips are found by their clusterId.
// mode: schema
CREATE INDEX tip_cluster IF NOT EXISTS FOR (t:Tip) ON (t.clusterId)

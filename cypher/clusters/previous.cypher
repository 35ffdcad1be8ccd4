// Every tip's current cluster id, for the next recompute to keep ids stable: ONE row of [tipId, clusterId] pairs (a record per tip was most of this read's time in the driver).
// mode: read
// returns: assignments
MATCH (t:Tip)
WHERE t.clusterId IS NOT NULL
RETURN collect([t.id, t.clusterId]) AS assignments

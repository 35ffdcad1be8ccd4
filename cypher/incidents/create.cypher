// Creates an incident that bundles copies of one viral or repeated incident.
// mode: write
// params: incident
// returns: id
MERGE (i:Incident {id: $incident.id})
  ON CREATE SET i += $incident
RETURN i.id AS id

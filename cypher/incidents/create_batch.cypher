// Creates the incidents batched reports arrive in.
// mode: write
// params: incidents
// returns: id
UNWIND $incidents AS incident
MERGE (i:Incident {id: incident.id})
  ON CREATE SET i += incident
RETURN i.id AS id

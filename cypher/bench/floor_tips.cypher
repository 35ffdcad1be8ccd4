// The plain writer's tips: one MERGE per tip on its key (service, reportId), its properties set on creation (benchmarks only: the ingest floor).
// mode: write
// params: tips
// returns: written
UNWIND $tips AS row
MERGE (t:Tip {service: row.service, reportId: row.reportId})
  ON CREATE SET t = row
RETURN count(t) AS written

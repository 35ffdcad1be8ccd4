// The judgement log about one tip, newest first, withdrawn ones included.
// mode: read
// params: tipId
// returns: judgement
MATCH (j:Judgement)-[:ABOUT]->(:Tip {id: $tipId})
RETURN j {.*} AS judgement
ORDER BY j.at DESC

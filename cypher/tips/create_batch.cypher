// Creates a batch of new tips (checked absent in this transaction; the uniqueness constraint refuses a racing duplicate); their instants arrive as [epoch seconds, nanoseconds] pairs and become datetimes here, which costs far less than the driver packing each one.
// mode: write
// params: tips
// returns: created
UNWIND $tips AS row
CREATE (t:Tip)
SET t = row.props
FOREACH (key IN keys(row.times) |
  SET t[key] = datetime({epochSeconds: row.times[key][0], nanosecond: row.times[key][1]}))
RETURN count(t) AS created

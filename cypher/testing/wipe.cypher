// Deletes every node and relationship: for test fixtures only, never called by the service.
// mode: write
MATCH (n)
DETACH DELETE n

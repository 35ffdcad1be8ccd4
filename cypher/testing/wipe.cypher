// Deletes every node and relationship but the store's record of its migrations (an empty store is current; graph/store_version.py): for test fixtures and benchmarks only, never called by the service.
// mode: write
MATCH (n)
WHERE NOT n:Migrations
DETACH DELETE n

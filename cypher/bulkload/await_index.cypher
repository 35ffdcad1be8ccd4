// Waits until one index (a constraint's index bears the constraint's name) is online: the load's writes that need a label's indexes wait for those alone while the others populate.
// mode: write
// params: index
CALL db.awaitIndex($index, 3600)

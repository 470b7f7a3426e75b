// Benchmark-only preload for Azurite (not used by tests or the local run):
//   node -r ./tests/NeoBay.Benchmarks/azurite-pk-first.js node_modules/azurite/dist/src/azurite-table.js ...
// Azurite finds an entity with LokiJS findOne({RowKey, PartitionKey}); LokiJS applies the keys in that order and
// uses the binary index of the first one only, so a point operation scans every entity sharing the row key (in this
// schema, one per grant). Azure Table Storage looks entities up by (PartitionKey, RowKey). This puts PartitionKey
// first: same result, cost of one partition instead of one row key across the table.
const Loki = require('lokijs');
const findOne = Loki.Collection.prototype.findOne;
Loki.Collection.prototype.findOne = function (query) {
  if (query && Object.keys(query).length === 2 && 'RowKey' in query && 'PartitionKey' in query) {
    query = { PartitionKey: query.PartitionKey, RowKey: query.RowKey };
  }
  return findOne.call(this, query);
};

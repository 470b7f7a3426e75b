// Benchmark-only preload for Azurite (not used by tests or the local run), after `npm ci`:
//   NODE_OPTIONS="--require $PWD/tests/NeoBay.Benchmarks/azurite-pk-first.js" dotnet run -c Release --project tests/NeoBay.Benchmarks -- renewals
// It removes two costs of Azurite's LokiJS store that grow with the table and that a keyed store such as Azure
// Table Storage does not have; results are unchanged:
// 1. Point lookups: Azurite calls findOne({RowKey, PartitionKey}); LokiJS uses the index of the first key only and
//    then scans every entity sharing that row key (in this schema, one per grant). Put PartitionKey first.
// 2. Updates: LokiJS re-sorts each key index on every update, finding the entity by a linear scan of the index.
//    An update never changes an entity's PartitionKey or RowKey, so its place in those two indexes is unchanged.
const Loki = require('lokijs');

const findOne = Loki.Collection.prototype.findOne;
Loki.Collection.prototype.findOne = function (query) {
  if (query && Object.keys(query).length === 2 && 'RowKey' in query && 'PartitionKey' in query) {
    query = { PartitionKey: query.PartitionKey, RowKey: query.RowKey };
  }
  return findOne.call(this, query);
};

const indexUpdate = Loki.Collection.prototype.adaptiveBinaryIndexUpdate;
Loki.Collection.prototype.adaptiveBinaryIndexUpdate = function (dataPosition, binaryIndexName) {
  if (binaryIndexName === 'PartitionKey' || binaryIndexName === 'RowKey') return;
  return indexUpdate.call(this, dataPosition, binaryIndexName);
};

// 3. Partition queries: Azurite answers every query by running its filter over the whole table. When the filter is
//    `PartitionKey eq '…'` alone or and-ed with more (no `or`), narrow to that partition through the PartitionKey
//    index first; the full filter still decides, so the answer is the same.
const generator = require('azurite/dist/src/table/persistence/LokiTableStoreQueryGenerator').default;
const generate = generator.generateQueryForPersistenceLayer;
generator.generateQueryForPersistenceLayer = function (queryOptions, context) {
  const where = generate.call(this, queryOptions, context);
  const filter = (queryOptions && queryOptions.filter) || '';
  const match = /^\(?\s*PartitionKey eq '((?:[^']|'')*)'\s*\)?(\s+and\s+.*)?$/.exec(filter);
  if (match && !/\bor\b/i.test(filter)) where.partitionKey = match[1].replace(/''/g, "'");
  return where;
};

const where = Loki.Resultset.prototype.where;
Loki.Resultset.prototype.where = function (fun) {
  if (fun && typeof fun.partitionKey === 'string' && !this.filterInitialized) this.find({ PartitionKey: fun.partitionKey });
  return where.call(this, fun);
};

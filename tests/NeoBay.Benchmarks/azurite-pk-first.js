// Benchmark-only preload for Azurite (not used by tests or the local run), after `npm ci`:
//   NODE_OPTIONS="--require $PWD/tests/NeoBay.Benchmarks/azurite-pk-first.js" dotnet run -c Release --project tests/NeoBay.Benchmarks -- renewals
// It removes costs of Azurite's LokiJS store that grow with the table and that a keyed store such as Azure
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
  const partition = partitionOf(filter);
  if (partition !== undefined) where.partitionKey = partition;
  return where;
};

function partitionOf(filter) {
  const match = /^\(?\s*PartitionKey eq '((?:[^']|'')*)'\s*\)?(\s+and\s+.*)?$/.exec(filter);
  return match && !/\bor\b/i.test(filter) ? match[1].replace(/''/g, "'") : undefined;
}

const where = Loki.Resultset.prototype.where;
Loki.Resultset.prototype.where = function (fun) {
  if (fun && typeof fun.partitionKey === 'string' && !this.filterInitialized) this.find({ PartitionKey: fun.partitionKey });
  return where.call(this, fun);
};

// 4. Scans (a query without a PartitionKey, e.g. the payment run's range scan of `grants`): Azurite runs the filter over the
//    whole table and sorts every match after the continuation point for each page, so reading N rows in pages of 1,000
//    costs N²/1,000; Azure resumes at the continuation point. Keep the table's positions sorted by (PartitionKey, RowKey) —
//    rebuilt when an entity is inserted or removed (a replace is both; a merge keeps the entity's place) — and answer a page
//    by walking them from the continuation point until top + 1 matches: the same rows in the same order.
const Store = require('azurite/dist/src/table/persistence/LokiTableMetadataStore').default;
const queryEntities = Store.prototype.queryTableEntities;
const byKey = (a, b) =>
  a.PartitionKey < b.PartitionKey ? -1 : a.PartitionKey > b.PartitionKey ? 1 : a.RowKey < b.RowKey ? -1 : a.RowKey > b.RowKey ? 1 : 0;
Store.prototype.queryTableEntities = async function (context, account, table, queryOptions, nextPartitionKey, nextRowKey) {
  if (partitionOf((queryOptions && queryOptions.filter) || '') !== undefined) return queryEntities.apply(this, arguments);
  const test = generator.generateQueryForPersistenceLayer(queryOptions, context);
  const collection = this.getEntityCollection(account, table, context);
  const data = collection.data;
  let sorted = collection.pkFirstSorted;
  if (!sorted || sorted.maxId !== collection.maxId || sorted.length !== data.length) {
    const positions = data.map((_, i) => i).sort((i, j) => byKey(data[i], data[j]));
    sorted = collection.pkFirstSorted = { maxId: collection.maxId, length: data.length, positions };
  }
  const fromPartition = this.decodeContinuationHeader(nextPartitionKey);
  const from = { PartitionKey: fromPartition, RowKey: fromPartition === undefined ? undefined : this.decodeContinuationHeader(nextRowKey) ?? '' };
  const positions = sorted.positions;
  let low = 0;
  if (fromPartition !== undefined) {
    let high = positions.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (byKey(data[positions[middle]], from) < 0) low = middle + 1;
      else high = middle;
    }
  }
  const maxResults = this.getMaxResultsOption(queryOptions);
  const result = [];
  for (let k = low; k < positions.length && result.length <= maxResults; k++) {
    const entity = data[positions[k]];
    if (test(entity)) result.push(entity);
  }
  const response = this.adjustQueryResultforTop(result, maxResults);
  return [result, response.nextPartitionKeyResponse, response.nextRowKeyResponse];
};

// Benchmark-only preload for Azurite (not used by tests or the local run), after `npm ci`:
//   NODE_OPTIONS="--require $PWD/tests/NeoBay.Benchmarks/azurite-pk-first.js" dotnet run -c Release --project tests/NeoBay.Benchmarks -- renewals
// It removes costs of Azurite's LokiJS store that grow with the table and that a keyed store such as Azure
// Table Storage does not have; results are unchanged (the same entities, the same answers in the same order):
// 1. Point lookups and key indexes: Azurite keeps each entity table with two LokiJS binary indexes (sorted arrays of
//    positions, PartitionKey and RowKey). Every insert splices both arrays (a copy of the whole index: at 200,000
//    entities two-thirds of a seeding's time), and a lookup findOne({RowKey, PartitionKey}) narrows by the first key's
//    index only, then scans every entity sharing that key — every application in `applications` (RowKey `application`),
//    every list entry of the `all` partition in `applicationindex` (PartitionKey `all`): quadratic in the table. Replace
//    both indexes by a map PartitionKey → RowKey → entity, kept on insert, update and remove (rollbacks included: they
//    go through the same three calls); a lookup by both keys is one map read. Without the binary indexes any other
//    LokiJS query on the keys scans (still correct). Azure Table Storage finds an entity by its keys in a keyed index
//    whatever the table holds. Measured with azurite-micro.js (docs/benchmarks.md); answers checked identical with and
//    without this file by azurite-preload-check.js.
const Loki = require('lokijs');
const Store = require('azurite/dist/src/table/persistence/LokiTableMetadataStore').default;
const createCollection = Store.prototype.createCollectionForTable;
Store.prototype.createCollectionForTable = function (tableModel) {
  createCollection.call(this, tableModel);
  const collection = this.db.getCollection(this.getTableCollectionName(tableModel.account, tableModel.table));
  delete collection.binaryIndices.PartitionKey;
  delete collection.binaryIndices.RowKey;
  collection.keyed = new Map();
};

const keyed = (collection, entity) => {
  let partition = collection.keyed.get(entity.PartitionKey);
  if (!partition) collection.keyed.set(entity.PartitionKey, (partition = new Map()));
  return partition;
};
const add = Loki.Collection.prototype.add;
Loki.Collection.prototype.add = function (entity) {
  const added = add.call(this, entity);
  if (this.keyed && added) keyed(this, added).set(added.RowKey, added);
  return added;
};
const update = Loki.Collection.prototype.update;
Loki.Collection.prototype.update = function (entity) {
  const result = update.call(this, entity);
  if (this.keyed && !Array.isArray(entity)) {
    const stored = this.get(entity.$loki);
    if (stored) keyed(this, stored).set(stored.RowKey, stored);
  }
  return result;
};
const remove = Loki.Collection.prototype.remove;
Loki.Collection.prototype.remove = function (entity) {
  if (!this.keyed) return remove.call(this, entity);
  const held = (Array.isArray(entity) ? entity : [entity])
    .map(e => (typeof e === 'number' ? this.get(e) : e))
    .map(e => e && this.keyed.get(e.PartitionKey) && this.keyed.get(e.PartitionKey).get(e.RowKey))
    .filter(Boolean)
    .map(e => ({ entity: e, id: e.$loki }));
  const result = remove.call(this, entity);
  for (const { entity: e, id } of held) {
    if (typeof id === 'number' && this.get(id) !== null) continue; // still stored
    const partition = this.keyed.get(e.PartitionKey);
    if (partition.get(e.RowKey) === e) partition.delete(e.RowKey);
    if (partition.size === 0) this.keyed.delete(e.PartitionKey);
  }
  return result;
};

const findOne = Loki.Collection.prototype.findOne;
Loki.Collection.prototype.findOne = function (query) {
  if (this.keyed && query && Object.keys(query).length === 2 && typeof query.RowKey === 'string' && typeof query.PartitionKey === 'string') {
    const partition = this.keyed.get(query.PartitionKey);
    return (partition && partition.get(query.RowKey)) || null;
  }
  return findOne.call(this, query);
};

// 2. Partition queries: Azurite answers every query by running its filter over the whole table. When the filter is
//    `PartitionKey eq '…'` alone or and-ed with more (no `or`), narrow to that partition's entities (the map of 1) first;
//    the full filter still decides, so the answer is the same.
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
  if (fun && typeof fun.partitionKey === 'string' && !this.filterInitialized && this.collection.keyed) {
    const partition = this.collection.keyed.get(fun.partitionKey);
    this.filteredrows = partition ? [...partition.values()].map(e => this.collection.get(e.$loki, true)[1]).sort((a, b) => a - b) : [];
    this.filterInitialized = true;
  }
  return where.call(this, fun);
};

// 3. Scans (a query without a PartitionKey, e.g. the payment run's range scan of `grants`): Azurite runs the filter over the
//    whole table and sorts every match after the continuation point for each page, so reading N rows in pages of 1,000
//    costs N²/1,000; Azure resumes at the continuation point. Keep the table's positions sorted by (PartitionKey, RowKey) —
//    rebuilt when an entity is inserted or removed (a replace is both; a merge keeps the entity's place) — and answer a page
//    by walking them from the continuation point until top + 1 matches: the same rows in the same order.
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

// Measurement only: Azurite's table store (LokiJS, in memory) without HTTP. Times 1,000 partition transactions of upserts
// at growing table sizes, for the shapes the seedings write (docs/benchmarks.md), from tests/NeoBay.Benchmarks:
//   node [--require ./azurite-pk-first.js] azurite-micro.js [partitions, 50001] [apps,index,grants]
const Store = require('azurite/dist/src/table/persistence/LokiTableMetadataStore').default;
const total = Number(process.argv[2] || 50000);
const hr = () => Number(process.hrtime.bigint()) / 1e6;
const ctx = { contextID: 'x' };
async function main() {
  const store = new Store('/tmp/micro-' + process.pid, true);
  await store.init();
  for (const t of ['apps', 'index', 'grants']) await store.createTable(ctx, { account: 'a', table: t });
  let seq = 0;
  const entity = (pk, rk, props) => ({ PartitionKey: pk, RowKey: rk, properties: { PartitionKey: pk, RowKey: rk, ...props }, lastModifiedTime: '2026-12-02T00:00:00.0000000Z', eTag: `W/"x${seq++}"` });
  const shapes = {
    // the application partition: record, two audit lines, chain head (one transaction)
    apps: i => { const id = 'A20261126020000-' + i.toString(16).padStart(10, '0'); return ['application', 'audit-000001', 'audit-000002', 'chain'].map(rk => entity(id, rk, { Data: 'x'.repeat(200) })); },
    // list entries: one `all` partition row by id (index batches of the seeding: 100 a transaction)
    index: i => { const id = 'A20261126020000-' + i.toString(16).padStart(10, '0'); return [entity('all', id, { Status: 'eligible' })]; },
    // a grant partition: header, line, audit line
    grants: i => { const id = 'G20260302020000-' + i.toString(16).padStart(10, '0'); return ['grant', 'line-2026-grant', 'audit-000001'].map(rk => entity(id, rk, { Data: 'x'.repeat(200) })); },
  };
  for (const table of (process.argv[3] || 'apps,index,grants').split(',')) {
    for (let start = 0; start < total; start += 1000) {
      const t0 = hr();
      for (let i = start; i < start + 1000; i++) {
        const batch = 'b' + i;
        await store.beginBatchTransaction(batch);
        for (const e of shapes[table](i)) await store.insertOrUpdateTableEntity(ctx, table, 'a', e, undefined, batch);
        await store.endBatchTransaction('a', table, batch, ctx, true);
      }
      const ms = hr() - t0;
      if (start % 5000 === 0) console.log(`${table} ${start} partitions (${store.getEntityCollection('a', table, ctx).data.length} entities): ${ms.toFixed(0)} ms / 1,000 transactions`);
    }
  }
}
main();

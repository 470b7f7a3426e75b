// Check of azurite-pk-first.js (benchmark only): the same random operations on Azurite's table store, run by
// `node azurite-preload-check.js` and by `node --require ./azurite-pk-first.js azurite-preload-check.js`, print the same
// answers (inserts, upserts, merges, replaces on ETags, deletes, transactions rolled back, point reads, partition queries
// and scans in pages). Compare the two outputs' hashes.
const Store = require('azurite/dist/src/table/persistence/LokiTableMetadataStore').default;
const crypto = require('crypto');
const ctx = { contextID: 'check' };
let seed = 12345;
const random = n => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const hash = crypto.createHash('sha256');
const out = value => hash.update(JSON.stringify(value) + '\n');
const plain = e => e && { PartitionKey: e.PartitionKey, RowKey: e.RowKey, properties: e.properties, eTag: e.eTag };
(async () => {
  const store = new Store('/tmp/preload-check-' + process.pid, true);
  await store.init();
  await store.createTable(ctx, { account: 'a', table: 't' });
  let version = 0;
  const entity = (pk, rk) => ({ PartitionKey: pk, RowKey: rk, properties: { PartitionKey: pk, RowKey: rk, V: ++version, S: version % 3 === 0 ? 'issued' : 'paid' },
    lastModifiedTime: '2026-12-02T00:00:00.0000000Z', eTag: `W/"datetime'${version}'"` });
  const key = () => [['all', 'p1', 'p2', 'grant-' + random(40)][random(4)], ['grant', 'chain', 'line-' + random(5), 'application', 'id-' + random(300)][random(5)]];
  const call = async (f, batch) => { try { return ['ok', plain(await f())]; } catch (err) { return ['error', err.statusCode || err.message]; } };
  for (let step = 0; step < 20000; step++) {
    const op = random(10);
    if (op <= 5) {
      // a transaction of 1–5 operations on one partition, each on another entity; a failure rolls it back
      const batch = 'b' + step;
      const pk = key()[0];
      await store.beginBatchTransaction(batch);
      let ok = true;
      const used = new Set(); // an entity once per transaction, as Azure requires
      for (let k = 1 + random(5); k > 0 && ok; k--) {
        const rk = key()[1];
        if (used.has(rk)) continue;
        used.add(rk);
        const e = entity(pk, rk);
        const current = await store.queryTableEntitiesWithPartitionAndRowKey(ctx, 't', 'a', pk, rk);
        const etag = random(3) === 0 ? 'W/"stale"' : current ? current.eTag : undefined;
        const kind = random(5);
        const result = await call(() => kind === 0 ? store.insertTableEntity(ctx, 't', 'a', e, batch)
          : kind === 1 ? store.insertOrUpdateTableEntity(ctx, 't', 'a', e, undefined, batch)
          : kind === 2 ? store.insertOrMergeTableEntity(ctx, 't', 'a', e, etag, batch)
          : kind === 3 ? store.updateTableEntity(ctx, 't', 'a', e, etag, batch)
          : store.deleteTableEntity(ctx, 't', 'a', pk, rk, etag || '*', batch));
        out([step, kind, result]);
        ok = result[0] === 'ok';
      }
      await store.endBatchTransaction('a', 't', batch, ctx, ok);
    } else if (op <= 7) {
      const [pk, rk] = key();
      out([step, 'get', plain(await store.queryTableEntitiesWithPartitionAndRowKey(ctx, 't', 'a', pk, rk))]);
    } else {
      const filter = op === 8 ? `PartitionKey eq '${key()[0]}'` + (random(2) ? " and S eq 'issued'" : '') : "RowKey ge 'line-' and RowKey lt 'line.'";
      let next = [undefined, undefined];
      do {
        const [rows, npk, nrk] = await store.queryTableEntities(ctx, 'a', 't', { filter, top: 1 + random(7) }, next[0], next[1]);
        out([step, filter, rows.map(plain), npk, nrk]);
        next = [npk, nrk];
      } while (next[0] !== undefined);
    }
  }
  console.log(`entities ${store.getEntityCollection('a', 't', ctx).data.length}, answers sha256 ${hash.digest('hex')}`);
})();

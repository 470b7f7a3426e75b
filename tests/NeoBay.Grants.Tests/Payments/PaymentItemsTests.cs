using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage.Payments;

namespace NeoBay.Grants.Tests.Payments;

/// <summary>A batch's items packed into few rows by the seal (docs/payments.md "Seal"), and batches listed one row per line before.</summary>
public sealed class PaymentItemsTests
{
    private const string BatchId = "20261201-2026-A05.1";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_thousand_items_pack_into_three_rows_read_back_in_line_key_order_and_a_repeat_writes_the_same_key()
    {
        var h = await PaymentHarness.CreateAsync();
        var batch = await OpenAsync(h);
        // 1,000 lines of 10 payees, amounts 1.00 … 1,000.00: 500,500.00 in all. A text line is 67 characters + the fen's digits
        // (3 to 6): 9 × 70 + 90 × 71 + 900 × 72 + 73 = 71,893 characters; a row holds ≤ 32,000 and is cut only when the next line
        // does not fit (so > 31,927): two rows hold 63,854–64,000, the rest (≤ 8,039) is a third.
        var items = Enumerable.Range(1, 1000).Select(i => new BatchItem(BatchId, $"G20261126020000-{i:x10}", 2026, "construction", $"91310000MA10000{i % 10:D2}X", i * 100L, 1)).ToList();
        var key = await h.Store.AddItemsAsync(BatchId, items.AsEnumerable().Reverse().ToList());
        Assert.Equal(key, await h.Store.AddItemsAsync(BatchId, items)); // same lines, any order: same key, the rows found
        await SealAsync(h, batch, key);

        var content = (await h.Store.GetBatchContentAsync(BatchId))!;
        Assert.Equal(items.OrderBy(i => i.GrantId, StringComparer.Ordinal), content.Items);
        Assert.Equal(50_050_000L, content.Items.Sum(i => i.AmountFen));
        var packed = await PackedRowsAsync(h);
        Assert.Equal(3, packed.Count);
        Assert.All(packed, e => Assert.StartsWith($"lines-{key}-", e.RowKey, StringComparison.Ordinal));
        Assert.All(packed, e => Assert.InRange(e.GetString("Items").Length, 1, 32_000));
    }

    [Fact]
    public async Task Rows_under_another_key_than_the_headers_are_not_the_batchs_items()
    {
        var h = await PaymentHarness.CreateAsync();
        var batch = await OpenAsync(h);
        var paid = new BatchItem(BatchId, "G20261126020000-0000000001", 2026, "construction", "91310000MA1000002X", 300_000_000L, 1);
        var other = await h.Store.AddItemsAsync(BatchId, [paid, paid with { GrantId = "G20261126020000-0000000002", AmountFen = 150_000_001L }]);
        var key = await h.Store.AddItemsAsync(BatchId, [paid]);
        Assert.NotEqual(other, key);
        await SealAsync(h, batch, key);

        Assert.Equal([paid], (await h.Store.GetBatchContentAsync(BatchId))!.Items);
    }

    [Fact]
    public async Task A_batch_sealed_with_one_item_row_per_line_reads_as_before()
    {
        var h = await PaymentHarness.CreateAsync();
        var batch = await OpenAsync(h);
        var table = await new PaymentTables(new TableServiceClient(h.Lifecycle.Connection), h.Lifecycle.Prefix).GetAsync();
        await table.AddEntityAsync(new TableEntity(PaymentKeys.BatchPartition(BatchId), PaymentKeys.ItemRowKey("G20261126020000-0000000001", 2026, "operating"))
        {
            ["GrantId"] = "G20261126020000-0000000001", ["FiscalYear"] = 2026, ["Component"] = "operating", ["Uscc"] = "91310000MA1000002X", ["AmountFen"] = 123_456_789L, ["PayeeVersion"] = 2,
        });
        await SealAsync(h, batch, null);

        Assert.Equal([new BatchItem(BatchId, "G20261126020000-0000000001", 2026, "operating", "91310000MA1000002X", 123_456_789L, 2)],
            (await h.Store.GetBatchContentAsync(BatchId))!.Items);
    }

    private static async Task<PaymentBatch> OpenAsync(PaymentHarness h)
    {
        await h.Store.CreateBatchAsync(new PaymentBatch(BatchId, "20261201", 2026, "A05.1", BatchStatuses.Open, 1, At),
            new AuditEntry(PaymentKeys.BatchPartition(BatchId), 1, At, "test", "open", null) { To = BatchStatuses.Open });
        return (await h.Store.GetBatchAsync(BatchId))!;
    }

    private static async Task SealAsync(PaymentHarness h, PaymentBatch batch, string? itemsKey) =>
        await h.Store.SaveBatchAsync(batch with { Status = BatchStatuses.Sealed, Version = 2, ItemsKey = itemsKey }, [], [],
            new AuditEntry(PaymentKeys.BatchPartition(BatchId), 2, At, "test", "seal", null) { From = BatchStatuses.Open, To = BatchStatuses.Sealed });

    private static async Task<List<TableEntity>> PackedRowsAsync(PaymentHarness h)
    {
        var table = await new PaymentTables(new TableServiceClient(h.Lifecycle.Connection), h.Lifecycle.Prefix).GetAsync();
        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PaymentKeys.BatchPartition(BatchId)} and RowKey ge {"lines-"} and RowKey lt {"lines."}"))) rows.Add(e);
        return rows;
    }
}

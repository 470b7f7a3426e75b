using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Testing;

namespace NeoBay.Grants.Storage.Tests;

public sealed class TableLimitsTests
{
    private static TableTransactionAction Add(string pk, int i, int textChars = 10) =>
        new(TableTransactionActionType.Add, new TableEntity(pk, $"r{i:D4}") { ["Text"] = new string('x', textChars) });

    [Fact]
    public void A_hundred_and_one_operations_make_two_transactions_of_100_and_1()
    {
        var chunks = TableBatchWriter.Chunk(Enumerable.Range(0, 101).Select(i => Add("p", i)).ToList());

        Assert.Equal([100, 1], chunks.Select(c => c.Count));
    }

    [Fact]
    public void A_batch_across_two_partitions_is_refused()
    {
        var e = Assert.Throws<TableLimitException>(() => TableBatchWriter.Chunk([Add("p1", 0), Add("p2", 1)]));
        Assert.Contains("one partition", e.Message);
    }

    [Fact]
    public void Transactions_stay_under_4_MiB()
    {
        // 20 entities of 30,000 chars × 5 properties ≈ 300 KB each: 6 MB in all, so at least two transactions.
        var actions = Enumerable.Range(0, 20).Select(i =>
        {
            var e = new TableEntity("p", $"r{i}");
            for (var k = 0; k < 5; k++) e[$"T{k}"] = new string('y', 30_000);
            return new TableTransactionAction(TableTransactionActionType.Add, e);
        }).ToList();

        var chunks = TableBatchWriter.Chunk(actions);

        Assert.True(chunks.Count >= 2);
        Assert.All(chunks, c => Assert.True(c.Sum(a => TableLimits.EstimateSize(a.Entity) + TableLimits.BatchOperationOverheadBytes) <= TableLimits.MaxBatchBytes));
        Assert.Equal(20, chunks.Sum(c => c.Count));
    }

    [Fact]
    public void An_entity_over_1_MiB_is_refused()
    {
        var e = new TableEntity("p", "r");
        for (var k = 0; k < 20; k++) e[$"T{k}"] = new string('z', 30_000); // 20 × 60,000 bytes = 1.2 MB

        Assert.Throws<TableLimitException>(() => TableLimits.Validate(e));
    }

    [Fact]
    public void An_entity_with_253_properties_is_refused_and_252_pass()
    {
        var ok = new TableEntity("p", "r");
        for (var k = 0; k < 252; k++) ok[$"P{k}"] = k;
        TableLimits.Validate(ok);

        ok["P252"] = 252;
        Assert.Throws<TableLimitException>(() => TableLimits.Validate(ok));
    }

    [Fact]
    public void A_string_over_64_KiB_is_refused()
    {
        Assert.Throws<TableLimitException>(() => TableLimits.Validate(new TableEntity("p", "r") { ["T"] = new string('a', 32 * 1024 + 1) }));
        TableLimits.Validate(new TableEntity("p", "r") { ["T"] = new string('a', 32 * 1024) });
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    [InlineData("a\u0001b")]
    public void Keys_with_forbidden_characters_are_refused(string key)
    {
        Assert.Throws<TableLimitException>(() => TableLimits.Validate(new TableEntity(key, "r")));
    }

    [Fact]
    public void The_size_estimate_follows_the_service_formula()
    {
        // 4 + 2×(1+1) + [8 + 2×4 ("Text") + 4 + 2×3 ("abc")] + [8 + 2×1 ("N") + 8 (Int64)]
        var e = new TableEntity("p", "r") { ["Text"] = "abc", ["N"] = 5L };

        Assert.Equal(4 + 4 + 26 + 18, TableLimits.EstimateSize(e));
    }

    [Fact]
    public async Task A_250_operation_write_lands_whole_in_Azurite_as_three_transactions()
    {
        var table = new TableServiceClient(await Azurite.GetConnectionStringAsync()).GetTableClient(Azurite.UniqueName("batch"));
        await table.CreateIfNotExistsAsync();

        var outcomes = await TableBatchWriter.SubmitAsync(table, Enumerable.Range(0, 250).Select(i => Add("p", i)).ToList());

        Assert.Equal([BatchOutcome.Written, BatchOutcome.Written, BatchOutcome.Written], outcomes);
        Assert.Equal(250, await table.QueryAsync<TableEntity>("PartitionKey eq 'p'").CountAsync());

        var again = await TableBatchWriter.SubmitAsync(table, Enumerable.Range(0, 250).Select(i => Add("p", i)).ToList());
        Assert.All(again, o => Assert.Equal(BatchOutcome.AlreadyExists, o));
    }

    [Fact]
    public async Task A_long_text_is_split_over_properties_and_read_back_whole()
    {
        var table = new TableServiceClient(await Azurite.GetConnectionStringAsync()).GetTableClient(Azurite.UniqueName("long"));
        await table.CreateIfNotExistsAsync();
        var text = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"第{i}步;"));
        var e = new TableEntity("p", "r");
        TableLimits.SetLongString(e, "Json", text);
        TableLimits.Validate(e);

        await table.AddEntityAsync(e);
        var back = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;

        Assert.True(back.GetInt32("Json_n") > 1);
        Assert.Equal(text, TableLimits.GetLongString(back, "Json"));
    }
}

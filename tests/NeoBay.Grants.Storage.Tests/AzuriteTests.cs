using Azure.Data.Tables;
using NeoBay.Testing;

namespace NeoBay.Grants.Storage.Tests;

public sealed class AzuriteTests
{
    [Fact]
    public async Task The_test_storage_keeps_an_entity_and_refuses_a_second_insert_of_its_key()
    {
        var service = new TableServiceClient(await Azurite.GetConnectionStringAsync());
        var table = service.GetTableClient(Azurite.UniqueName("smoke"));
        await table.CreateIfNotExistsAsync();

        await table.AddEntityAsync(new TableEntity("p", "r") { ["AmountFen"] = 123L });
        var again = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, again.Status);
        Assert.Equal(123L, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt64("AmountFen"));
    }
}

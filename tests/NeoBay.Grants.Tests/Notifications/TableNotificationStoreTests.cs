using Azure.Data.Tables;
using NeoBay.Grants.Notifications;
using NeoBay.Grants.Storage.Notifications;
using NeoBay.Grants.Tests.Support;
using NeoBay.Testing;

namespace NeoBay.Grants.Tests.Notifications;

/// <summary>Table <c>notifications</c> on Azurite: one row per notification, inserted once; listed newest first in pages.</summary>
public sealed class TableNotificationStoreTests
{
    private const string Uscc = GrantsHarness.UsccA;
    private static readonly DateTimeOffset Start = new(2027, 1, 1, 1, 0, 0, TimeSpan.Zero);

    private static async Task<TableNotificationStore> StoreAsync() =>
        new(new TableServiceClient(await Azurite.GetConnectionStringAsync()), Azurite.UniqueName("t"));

    private static Notification Event(string grantId, int minutes) =>
        Notification.Of(new GrantEvent(NotificationKinds.Approved, Uscc, grantId, "A02.1"), Start.AddMinutes(minutes));

    [Fact]
    public async Task A_key_recorded_before_writes_nothing_and_the_others_of_its_batch_are_still_written()
    {
        var store = await StoreAsync();
        Assert.Single(await store.AddNewAsync(Uscc, [Event("g-1", 0)]));
        Assert.Empty(await store.AddNewAsync(Uscc, [Event("g-1", 5)])); // the same event later: one notification

        var written = await store.AddNewAsync(Uscc, [Event("g-2", 1), Event("g-1", 9), Event("g-3", 2)]);

        Assert.Equal(["g-2", "g-3"], written.Select(n => n.Subject));
        var stored = await store.GetAsync(Uscc, Event("g-1", 0).Id);
        Assert.Equal(Start, stored!.CreatedAt); // the first recording stands
        Assert.Null(await store.GetAsync(Uscc, Notification.IdOf(Uscc, "approved|g-9")));
        Assert.Null(await store.GetAsync(GrantsHarness.UsccB, Event("g-1", 0).Id)); // another applicant's partition
    }

    [Fact]
    public async Task Pages_go_newest_first_by_creation_time_then_id_and_a_read_keeps_its_place()
    {
        var store = await StoreAsync();
        // g-a and g-b at the same minute: ordered by id.
        var all = new[] { Event("g-old", 0), Event("g-a", 30), Event("g-b", 30), Event("g-mid", 10), Event("g-new", 60) };
        await store.AddNewAsync(Uscc, all);
        var mid = (await store.GetAsync(Uscc, all[3].Id))!;
        Assert.NotNull(await store.TryReplaceAsync(mid with { ReadAt = Start.AddDays(1), Version = 2 }));

        var seen = new List<Notification>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(Uscc, token, 2);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        var sameMinute = new[] { all[1], all[2] }.OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => n.Subject);
        Assert.Equal(["g-new", .. sameMinute, "g-mid", "g-old"], seen.Select(n => n.Subject));
        Assert.Equal(3, pages);
        Assert.Equal(2, seen.Single(n => n.Subject == "g-mid").Version);
    }
}

using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Grants.Common;
using NeoBay.Grants.Matching;
using NeoBay.Grants.Notifications;
using NeoBay.Grants.Offers;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Grants.Storage.Matching;
using NeoBay.Grants.Storage.Notifications;
using NeoBay.Grants.Tests.Support;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using NeoBay.Testing;

namespace NeoBay.Grants.Tests.Notifications;

public sealed class RecordingGrantEvents : IGrantEvents
{
    public ConcurrentQueue<GrantEvent> Published { get; } = new();

    public Task PublishAsync(GrantEvent grantEvent, CancellationToken cancellationToken = default)
    {
        Published.Enqueue(grantEvent);
        return Task.CompletedTask;
    }
}

public sealed class RecordingRematchQueue : IRematchQueue
{
    public ConcurrentQueue<RematchMessage> Sent { get; } = new();

    public Task EnqueueAsync(RematchMessage message, CancellationToken cancellationToken = default)
    {
        // Through the wire format, as the queue carries it.
        Sent.Enqueue(RematchMessage.Read(message.ToJson())!);
        return Task.CompletedTask;
    }
}

public sealed class RecordingDeliveryQueue : INotificationDeliveryQueue
{
    public ConcurrentQueue<(string Uscc, string Id)> Sent { get; } = new();

    public Task EnqueueAsync(string uscc, string id, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((uscc, id));
        return Task.CompletedTask;
    }
}

/// <summary>Push wired to real tables in Azurite (a unique prefix per harness), recording queues and a fake clock.</summary>
public sealed class PushHarness
{
    /// <summary>2026-12-01 10:00 CST.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private PushHarness(GrantsTables tables, TableServiceClient service, PolicyCatalog catalog, int pageSize)
    {
        Profiles = new TableProfileStore(tables);
        Matched = new TableMatchedProfileStore(tables);
        Grants = new TableGrantStore(tables);
        Notifications = new TableNotificationStore(service, tables.Prefix);
        Offers.Setup(o => o.RefreshAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(new OfferRefreshResult(0, 0, 0, 0));
        Offers.Setup(o => o.ApplicantsAsync(It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync(new ListPage<string>([], null));
        Push = new PushService(new ProfileMatcher(new PolicyEngine(catalog)), Profiles, Matched, Grants, Notifications, DeliveryQueue, RematchQueue, Time,
            new PushOptions(pageSize, 4), Offers.Object);
    }

    public FakeTimeProvider Time { get; } = new(Start);
    /// <summary>The offers' refresh (免申即享), which a grant event must trigger.</summary>
    public Mock<IOfferRefresh> Offers { get; } = new();
    public TableProfileStore Profiles { get; }
    public TableMatchedProfileStore Matched { get; }
    public TableGrantStore Grants { get; }
    public TableNotificationStore Notifications { get; }
    public RecordingRematchQueue RematchQueue { get; } = new();
    public RecordingDeliveryQueue DeliveryQueue { get; } = new();
    public PushService Push { get; }

    public static async Task<PushHarness> CreateAsync(PolicyCatalog? catalog = null, int pageSize = PushOptions.DefaultPageSize)
    {
        var service = new TableServiceClient(await Azurite.GetConnectionStringAsync());
        return new PushHarness(new GrantsTables(service, Azurite.UniqueName("t")), service, catalog ?? GrantsHarness.Catalog.Value, pageSize);
    }

    /// <summary>An enterprise in the zone with a nationally approved project of <paramref name="totalInvestment"/> yuan.</summary>
    public static EvaluationRequest Profile(string uscc, decimal totalInvestment, DateOnly? on = null) =>
        new("", on ?? new DateOnly(2026, 12, 1), new Applicant(ApplicantKind.Enterprise, uscc, "测试企业", true, true), null,
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(totalInvestment), ["nationalApproval"] = FactValue.Of(true) }, []);

    public async Task SaveAsync(string uscc, decimal totalInvestment)
    {
        var current = await Profiles.GetAsync(uscc);
        Assert.True(await Profiles.TryWriteAsync(new SavedProfile(uscc, Profile(uscc, totalInvestment), (current?.Version ?? 0) + 1, Time.GetUtcNow()), current?.Version ?? 0));
    }

    /// <summary>Every notification of the applicant, newest first.</summary>
    public async Task<IReadOnlyList<Notification>> AllAsync(string uscc) => (await Notifications.ListAsync(uscc, null, 1000)).Items;

    /// <summary>Carries out the queued re-match messages until none is left (the catalog run's pages queue the next).</summary>
    public async Task<int> DrainAsync()
    {
        var recorded = 0;
        while (RematchQueue.Sent.TryDequeue(out var message)) recorded += await Push.HandleAsync(message, redelivered: false);
        return recorded;
    }
}

using System.Globalization;
using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Notifications;

namespace NeoBay.Grants.Storage.Notifications;

/// <summary>
/// Table <c>notifications</c>, partition = the applicant's USCC. A notification is one row, <c>n-{id}</c> (the id is a hash
/// of the event key): inserting it is what makes it exactly once. Lists read the applicant's rows and order them newest
/// first by <see cref="OrderKey"/> (an applicant has tens a year). Row <c>subscription</c> holds the WeChat subscription.
/// </summary>
public sealed class TableNotificationStore(TableServiceClient service, string prefix = "") : INotificationStore
{
    public const string Table = "notifications";
    private const string RowPrefix = "n-";
    private const string SubscriptionRow = "subscription";

    private readonly Lazy<Task<TableClient>> table = new(async () =>
    {
        var client = service.GetTableClient(prefix + Table);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task<IReadOnlyList<Notification>> AddNewAsync(string uscc, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var written = new List<Notification>();
        foreach (var chunk in notifications.DistinctBy(n => n.Id).Chunk(TableLimits.MaxBatchOperations))
        {
            if (await TryAddAsync(client, chunk, cancellationToken)) written.AddRange(chunk);
            // One key of the chunk was recorded before: each alone, so the others are still written.
            else if (chunk.Length > 1)
            {
                foreach (var one in chunk)
                    if (await TryAddAsync(client, [one], cancellationToken)) written.Add(one);
            }
        }
        return written;
    }

    /// <summary>Inserts the rows (one alone as a plain insert, several in one transaction); false when a key exists.</summary>
    private static async Task<bool> TryAddAsync(TableClient client, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
    {
        var entities = notifications.Select(ToEntity).ToList();
        foreach (var entity in entities) TableLimits.Validate(entity);
        try
        {
            if (entities.Count == 1) await client.AddEntityAsync(entities[0], cancellationToken);
            else await client.SubmitTransactionAsync(entities.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<Notification?> GetAsync(string uscc, string id, CancellationToken cancellationToken = default)
    {
        if (!Notification.IsWellFormedId(id)) return null;
        var client = await table.Value.WaitAsync(cancellationToken);
        var row = await client.GetEntityIfExistsAsync<TableEntity>(uscc, RowPrefix + id, cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>Newest first; the continuation token is the <see cref="OrderKey"/> of the page's last notification.</summary>
    public async Task<ListPage<Notification>> ListAsync(string uscc, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var after = PageQuery.Decode(continuationToken);
        var all = new List<(string Order, Notification Notification)>();
        await foreach (var entity in client.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {uscc} and RowKey ge {RowPrefix} and RowKey lt {"n."}"), cancellationToken: cancellationToken))
        {
            var notification = FromEntity(entity);
            var order = OrderKey(notification);
            if (after is null || string.CompareOrdinal(order, after) > 0) all.Add((order, notification));
        }

        var page = all.OrderBy(n => n.Order, StringComparer.Ordinal).Take(pageSize + 1).ToList();
        var more = page.Count > pageSize;
        if (more) page.RemoveAt(pageSize);
        return new ListPage<Notification>(page.Select(n => n.Notification).ToList(), more ? PageQuery.Encode(page[^1].Order) : null);
    }

    public async Task<Notification?> TryReplaceAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var entity = ToEntity(notification);
        TableLimits.Validate(entity);
        try
        {
            var response = await client.UpdateEntityAsync(entity, new ETag(notification.StorageETag!), TableUpdateMode.Replace, cancellationToken);
            return notification with { StorageETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    public async Task<PushSubscription?> GetSubscriptionAsync(string uscc, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(uscc, SubscriptionRow, cancellationToken: cancellationToken);
        if (!response.HasValue) return null;
        var e = response.Value!;
        return new PushSubscription(uscc, e.GetString("OpenId") ?? "", (e.GetString("Kinds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            e.GetDateTimeOffset("SubscribedAt") ?? default) { StorageETag = e.ETag.ToString() };
    }

    public async Task SaveSubscriptionAsync(PushSubscription subscription, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var entity = new TableEntity(subscription.Uscc, SubscriptionRow)
        {
            ["OpenId"] = subscription.OpenId, ["Kinds"] = string.Join(',', subscription.Kinds), ["SubscribedAt"] = subscription.SubscribedAt,
        };
        TableLimits.Validate(entity);
        await client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Newest first: 9999999999999 − the Unix milliseconds of createdAt, then the id.</summary>
    private static string OrderKey(Notification n) =>
        (9_999_999_999_999 - n.CreatedAt.ToUnixTimeMilliseconds()).ToString("D13", CultureInfo.InvariantCulture) + "-" + n.Id;

    private static TableEntity ToEntity(Notification n) => new(n.Uscc, RowPrefix + n.Id)
    {
        ["Id"] = n.Id, ["Kind"] = n.Kind, ["Key"] = n.Key, ["Measure"] = n.Measure, ["CreatedAt"] = n.CreatedAt,
        ["Subject"] = n.Subject, ["Status"] = n.Status, ["AmountFen"] = n.AmountFen, ["MaxAmountFen"] = n.MaxAmountFen,
        ["Stage"] = n.Stage, ["FiscalYear"] = n.FiscalYear, ["ReadAt"] = n.ReadAt, ["Delivery"] = n.Delivery,
        ["DeliveryError"] = n.DeliveryError, ["DeliveredAt"] = n.DeliveredAt, ["Version"] = n.Version,
    };

    private static Notification FromEntity(TableEntity e) =>
        new(e.GetString("Id"), e.PartitionKey, e.GetString("Kind"), e.GetString("Key"), e.GetString("Measure"), e.GetDateTimeOffset("CreatedAt") ?? default)
        {
            Subject = e.GetString("Subject"), Status = e.GetString("Status"), AmountFen = e.GetInt64("AmountFen"), MaxAmountFen = e.GetInt64("MaxAmountFen"),
            Stage = e.GetInt32("Stage"), FiscalYear = e.GetInt32("FiscalYear"), ReadAt = e.GetDateTimeOffset("ReadAt"),
            Delivery = e.GetString("Delivery") ?? DeliveryStates.Pending, DeliveryError = e.GetString("DeliveryError"),
            DeliveredAt = e.GetDateTimeOffset("DeliveredAt"), Version = e.GetInt32("Version") ?? 1, StorageETag = e.ETag.ToString(),
        };
}

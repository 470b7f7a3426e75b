using System.Globalization;
using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Notifications;

namespace NeoBay.Grants.Storage.Notifications;

/// <summary>
/// Table <c>notifications</c>, partition = the applicant's USCC. A notification is two rows written in one transaction:
/// <c>key-{id}</c> (the id is a hash of the event key: the insert that makes it exactly once) and
/// <c>n-{9999999999999 − Unix ms of createdAt}-{id}</c> (the notification itself, so key order is newest first).
/// Row <c>subscription</c> holds the WeChat subscription.
/// </summary>
public sealed class TableNotificationStore(TableServiceClient service, string prefix = "") : INotificationStore
{
    public const string Table = "notifications";
    private const string KeyPrefix = "key-";
    private const string ItemPrefix = "n-";
    private const string SubscriptionRow = "subscription";
    /// <summary>Two rows per notification, at most 100 operations per transaction.</summary>
    private const int PerTransaction = TableLimits.MaxBatchOperations / 2;

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
        foreach (var chunk in notifications.DistinctBy(n => n.Id).Chunk(PerTransaction))
        {
            if (await TrySubmitAsync(client, chunk, cancellationToken)) written.AddRange(chunk);
            // One key of the chunk was recorded before: each alone, so the others are still written.
            else if (chunk.Length > 1)
            {
                foreach (var one in chunk)
                    if (await TrySubmitAsync(client, [one], cancellationToken)) written.Add(one);
            }
        }
        return written;
    }

    private static async Task<bool> TrySubmitAsync(TableClient client, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>(notifications.Count * 2);
        foreach (var n in notifications)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(n.Uscc, KeyPrefix + n.Id) { ["ItemRow"] = ItemRow(n) }));
            actions.Add(new(TableTransactionActionType.Add, ToEntity(n)));
        }
        foreach (var action in actions) TableLimits.Validate(action.Entity);
        try
        {
            await client.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<Notification?> GetAsync(string uscc, string id, CancellationToken cancellationToken = default)
    {
        if (!Notification.IsWellFormedId(id)) return null;
        var client = await table.Value.WaitAsync(cancellationToken);
        var key = await client.GetEntityIfExistsAsync<TableEntity>(uscc, KeyPrefix + id, cancellationToken: cancellationToken);
        if (!key.HasValue || key.Value!.GetString("ItemRow") is not { } row) return null;
        var item = await client.GetEntityIfExistsAsync<TableEntity>(uscc, row, cancellationToken: cancellationToken);
        return item.HasValue ? FromEntity(item.Value!) : null;
    }

    public async Task<ListPage<Notification>> ListAsync(string uscc, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        return await TablePages.FirstPageAsync(client, uscc, continuationToken, pageSize, FromEntity, cancellationToken,
            [TableClient.CreateQueryFilter($"RowKey ge {ItemPrefix} and RowKey lt {"n."}")]);
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

    /// <summary>Newest first: the row key counts down the Unix milliseconds of createdAt.</summary>
    private static string ItemRow(Notification n) =>
        ItemPrefix + (9_999_999_999_999 - n.CreatedAt.ToUnixTimeMilliseconds()).ToString("D13", CultureInfo.InvariantCulture) + "-" + n.Id;

    private static TableEntity ToEntity(Notification n) => new(n.Uscc, ItemRow(n))
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

using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Offers;
using NeoBay.Policy;

namespace NeoBay.Grants.Storage.Offers;

/// <summary>A table of this feature, created on first use (the prefix of the app's tables).</summary>
internal sealed class LazyTable(GrantsTables tables, string name)
{
    private readonly Lazy<Task<TableClient>> client = new(async () =>
    {
        var c = tables.Service.GetTableClient(tables.Prefix + name);
        await c.CreateIfNotExistsAsync();
        return c;
    });

    public Task<TableClient> GetAsync(CancellationToken cancellationToken) => client.Value.WaitAsync(cancellationToken);
}

/// <summary>The stored JSON of a <see cref="TrustedFactSet"/>.</summary>
internal sealed record TrustedFactState(TrustedApplicant? Applicant, Dictionary<string, TrustedFact> Facts, Dictionary<string, TrustedProject> Projects);

/// <summary>
/// Table <c>trustedfacts</c>: partition = the applicant's USCC; row <c>facts</c> = the set (JSON: applicant, facts and projects'
/// facts, each with its source and time), version, updatedAt; rows <c>history-{version:D6}</c> = what each change stated
/// (source, by, at, changes), inserted in the same transaction as the set, so the history of sources is kept.
/// </summary>
public sealed class TableTrustedFactStore(GrantsTables tables) : ITrustedFactStore
{
    public const string Table = "trustedfacts";
    private const string Row = "facts";
    private const string HistoryPrefix = "history-";

    private readonly LazyTable table = new(tables, Table);

    public async Task<TrustedFactSet?> GetAsync(string uscc, CancellationToken cancellationToken = default)
    {
        var client = await table.GetAsync(cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(uscc, Row, cancellationToken: cancellationToken);
        if (!response.HasValue) return null;
        var e = response.Value!;
        var state = StorageJson.Deserialize<TrustedFactState>(TableLimits.GetLongString(e, "StateJson") ?? "null");
        return new TrustedFactSet(uscc, state.Applicant, state.Facts, state.Projects, e.GetInt32("Version") ?? 0, e.GetDateTimeOffset("UpdatedAt") ?? default);
    }

    public async Task<ListPage<string>> ListApplicantsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var client = await table.GetAsync(cancellationToken);
        var pages = client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {Row}"), maxPerPage: pageSize, select: ["PartitionKey"], cancellationToken: cancellationToken)
            .AsPages(PageQuery.Decode(continuationToken), pageSize);
        await foreach (var page in pages)
            return new ListPage<string>(page.Values.Select(e => e.PartitionKey).ToList(), PageQuery.Encode(page.ContinuationToken));
        return new ListPage<string>([], null);
    }

    public async Task<bool> TryWriteAsync(TrustedFactSet set, int expectedVersion, FactsHistoryEntry history, CancellationToken cancellationToken = default)
    {
        var client = await table.GetAsync(cancellationToken);
        var entity = new TableEntity(set.Uscc, Row) { ["Version"] = set.Version, ["UpdatedAt"] = set.UpdatedAt };
        TableLimits.SetLongString(entity, "StateJson", StorageJson.Serialize(new TrustedFactState(set.Applicant,
            new Dictionary<string, TrustedFact>(set.Facts, StringComparer.Ordinal), new Dictionary<string, TrustedProject>(set.Projects, StringComparer.Ordinal))));
        TableLimits.Validate(entity);
        var line = new TableEntity(set.Uscc, $"{HistoryPrefix}{history.Version:D6}")
        {
            ["Source"] = history.Source, ["By"] = history.By, ["At"] = history.At,
        };
        EntityMapping.Set(line, "ProjectKey", history.ProjectKey);
        TableLimits.SetLongString(line, "ChangesJson", StorageJson.Serialize(history.Changes));
        if (history.Applicant is not null) line["ApplicantJson"] = StorageJson.Serialize(history.Applicant);
        TableLimits.Validate(line);

        var actions = new List<TableTransactionAction>(2);
        if (expectedVersion == 0) actions.Add(new(TableTransactionActionType.Add, entity));
        else
        {
            var current = await client.GetEntityIfExistsAsync<TableEntity>(set.Uscc, Row, cancellationToken: cancellationToken);
            if (!current.HasValue || (current.Value!.GetInt32("Version") ?? 0) != expectedVersion) return false;
            actions.Add(new(TableTransactionActionType.UpdateReplace, entity, current.Value.ETag));
        }
        actions.Add(new(TableTransactionActionType.Add, line));
        try
        {
            await client.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<FactsHistoryEntry>> HistoryAsync(string uscc, CancellationToken cancellationToken = default)
    {
        var client = await table.GetAsync(cancellationToken);
        var list = new List<FactsHistoryEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {uscc} and RowKey ge {HistoryPrefix} and RowKey lt {"history."}");
        await foreach (var e in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(new FactsHistoryEntry(int.Parse(e.RowKey[HistoryPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture),
                e.GetString("Source"), e.GetString("By"), e.GetDateTimeOffset("At") ?? default, e.GetString("ProjectKey"),
                StorageJson.Deserialize<Dictionary<string, FactValue?>>(TableLimits.GetLongString(e, "ChangesJson") ?? "{}"),
                e.GetString("ApplicantJson") is { } a ? StorageJson.Deserialize<TrustedApplicant>(a) : null));
        }
        return list;
    }
}

/// <summary>
/// Table <c>offers</c>: partition = the applicant's USCC, row = the offer id (<see cref="OfferKeys.Id"/>): measure, unit, status,
/// amount (fen), tier, version, the request an acceptance submits (JSON), the facts' sources (JSON), created/updated at,
/// application id, reason. Inserted once per key; every change replaces on the ETag read.
/// </summary>
public sealed class TableOfferStore(GrantsTables tables) : IOfferStore
{
    public const string Table = "offers";

    private readonly LazyTable table = new(tables, Table);

    public async Task<IReadOnlyList<Offer>> ListAsync(string uscc, CancellationToken cancellationToken = default)
    {
        var client = await table.GetAsync(cancellationToken);
        var list = new List<Offer>();
        await foreach (var e in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {uscc}"), cancellationToken: cancellationToken))
            list.Add(ToOffer(e));
        return list;
    }

    public async Task<Offer?> GetAsync(string uscc, string id, CancellationToken cancellationToken = default)
    {
        var client = await table.GetAsync(cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(uscc, id, cancellationToken: cancellationToken);
        return response.HasValue ? ToOffer(response.Value!) : null;
    }

    public async Task<bool> TryAddAsync(Offer offer, CancellationToken cancellationToken = default)
    {
        var client = await table.GetAsync(cancellationToken);
        try
        {
            await client.AddEntityAsync(ToEntity(offer), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceAsync(Offer offer, CancellationToken cancellationToken = default)
    {
        var client = await table.GetAsync(cancellationToken);
        try
        {
            await client.UpdateEntityAsync(ToEntity(offer), new ETag(offer.StorageETag ?? throw new InvalidOperationException("An offer is replaced on the ETag it was read with.")),
                TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(Offer o)
    {
        var e = new TableEntity(o.Uscc, o.Id)
        {
            ["Measure"] = o.Measure, ["Unit"] = o.Unit, ["Status"] = o.Status, ["AmountFen"] = o.AmountFen,
            ["Version"] = o.Version, ["CreatedAt"] = o.CreatedAt, ["UpdatedAt"] = o.UpdatedAt, ["SourcesJson"] = StorageJson.Serialize(o.Sources),
        };
        EntityMapping.Set(e, "Tier", o.Tier);
        EntityMapping.Set(e, "ApplicationId", o.ApplicationId);
        EntityMapping.Set(e, "Reason", o.Reason);
        TableLimits.SetLongString(e, "RequestJson", StorageJson.Serialize(o.Request));
        TableLimits.Validate(e);
        return e;
    }

    private static Offer ToOffer(TableEntity e) =>
        new(e.RowKey, e.PartitionKey, e.GetString("Measure"), e.GetString("Unit"), e.GetString("Status"), e.GetInt64("AmountFen") ?? 0, e.GetString("Tier"),
            StorageJson.Deserialize<EvaluationRequest>(TableLimits.GetLongString(e, "RequestJson") ?? "null"),
            StorageJson.Deserialize<Dictionary<string, string>>(e.GetString("SourcesJson") ?? "{}"),
            e.GetInt32("Version") ?? 0, e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("UpdatedAt") ?? default)
        {
            ApplicationId = e.GetString("ApplicationId"),
            Reason = e.GetString("Reason"),
            StorageETag = e.ETag.ToString(),
        };
}

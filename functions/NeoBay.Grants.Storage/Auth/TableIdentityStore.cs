using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Storage.Auth;

/// <summary>
/// Table <c>identities</c>. Bindings: partition <c>bnd-{hash of the identity}</c>, row = USCC, audit rows <c>audit|{uscc}|{version}</c>
/// in the same partition, one hash chain per partition headed by the row <c>chain</c> (docs/audit.md). Integrator grants: partition <c>client|{clientId}</c>, row = USCC (the token check's one-partition read),
/// and its mirror <c>applicant|{uscc}</c>, row = client id (the applicant's list), chained audit lines <c>audit|{ticks}|{client}|{what}</c> in <c>grantaudit|{uscc}</c>; each
/// write is an upsert or delete by key, so a retry repeats nothing. Pending bindings are indexed in partition
/// <c>pending|bindings</c>, row <c>{requestedAt ticks:D19}|{bindingId}</c> (oldest first): written before the binding turns
/// pending, deleted after it is decided; the list confirms each entry by a point read and drops the stale ones.
/// </summary>
public sealed class TableIdentityStore(GrantsTables tables) : IBindingStore, IIntegratorGrantStore
{
    private const string AuditPrefix = TableAuditVerifier.IdentityAuditPrefix;
    private const string ClientPartitionPrefix = "client|";
    private const string ApplicantPartitionPrefix = "applicant|";
    private const string GrantAuditPartitionPrefix = "grantaudit|";
    private const int MaxClientIdLength = 128;
    public const string PendingPartition = "pending|bindings";

    public async Task<bool> TryCreateAsync(BindingRecord binding, string actor, CancellationToken cancellationToken = default)
    {
        var table = await Table(cancellationToken);
        await table.UpsertEntityAsync(PendingEntry(binding), TableUpdateMode.Replace, cancellationToken); // before: no pending binding goes unlisted
        try
        {
            await AuditChainHead.AppendAsync(table, [new TableTransactionAction(TableTransactionActionType.Add, ToEntity(binding))], Audit(binding, actor, "request"),
                "Binding " + binding.Id, cancellationToken);
            return true;
        }
        catch (NeoBay.Grants.Common.ConcurrencyConflictException)
        {
            return false;
        }
    }

    public async Task<BindingRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!BindingKeys.TryParse(id, out var partition, out var uscc)) return null;
        var table = await Table(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, uscc, cancellationToken: cancellationToken);
        return response.HasValue ? ToBinding(response.Value!) : null;
    }

    public async Task<IReadOnlyList<BindingRecord>> ListAsync(string subject, CancellationToken cancellationToken = default)
    {
        var table = await Table(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {BindingKeys.Partition(subject)} and RowKey lt {AuditPrefix}");
        var list = new List<BindingRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) list.Add(ToBinding(e));
        return list;
    }

    public async Task<BindingRecord> ReplaceAsync(BindingRecord binding, string actor, string what, CancellationToken cancellationToken = default)
    {
        var table = await Table(cancellationToken);
        if (binding.Status == BindingStatus.Pending) await table.UpsertEntityAsync(PendingEntry(binding), TableUpdateMode.Replace, cancellationToken);
        var responses = await AuditChainHead.AppendAsync(table,
            [new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(binding), EntityMapping.RequireETag(binding.StorageETag, "Binding " + binding.Id))],
            Audit(binding, actor, what), "Binding " + binding.Id, cancellationToken);
        if (binding.Status != BindingStatus.Pending) await table.DeleteEntityAsync(PendingPartition, PendingRow(binding), ETag.All, cancellationToken);
        return binding with { StorageETag = responses[0].Headers.ETag?.ToString() };
    }

    public async Task<ListPage<BindingRecord>> ListPendingAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var table = await Table(cancellationToken);
        var page = await TablePages.FirstPageAsync(table, PendingPartition, continuationToken, pageSize, e => e.RowKey, cancellationToken);
        var confirmed = await Task.WhenAll(page.Items.Select(async row =>
        {
            var binding = await GetAsync(row[(row.IndexOf('|') + 1)..], cancellationToken);
            if (binding is null) return null; // a request still landing (or one that failed): not listed, not deleted
            if (binding.Status == BindingStatus.Pending && PendingRow(binding) == row) return binding;
            // Decided after this request (a decision that stopped before its delete): the entry goes. An older binding
            // means a new request is still landing: leave its entry.
            if (string.CompareOrdinal(PendingRow(binding), row) >= 0) await table.DeleteEntityAsync(PendingPartition, row, ETag.All, cancellationToken);
            return null;
        }));
        return new ListPage<BindingRecord>([.. confirmed.OfType<BindingRecord>()], page.ContinuationToken);
    }

    private static string PendingRow(BindingRecord binding) => $"{binding.RequestedAt.UtcTicks:D19}|{binding.Id}";

    private static TableEntity PendingEntry(BindingRecord binding) => new(PendingPartition, PendingRow(binding));

    public async Task GrantAsync(IntegratorGrant grant, CancellationToken cancellationToken = default)
    {
        var table = await Table(cancellationToken);
        // The applicant's mirror first: a grant the token check can see is always listed to the applicant.
        await table.UpsertEntityAsync(ToEntity(grant, ApplicantPartitionPrefix + grant.Uscc, Key(grant.ClientId)), TableUpdateMode.Replace, cancellationToken);
        await table.UpsertEntityAsync(ToEntity(grant, ClientPartitionPrefix + Key(grant.ClientId), grant.Uscc), TableUpdateMode.Replace, cancellationToken);
        await AuditChainHead.AppendPendingAsync(table, GrantAudit(grant.Uscc, grant.ClientId, grant.GrantedAt, grant.GrantedBy, "grant"), cancellationToken);
    }

    public async Task<bool> RevokeAsync(string clientId, string uscc, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await Table(cancellationToken);
        // The token check's row first: once it is gone the integrator has lost access, whatever happens next.
        var existed = (await table.DeleteEntityAsync(ClientPartitionPrefix + Key(clientId), uscc, ETag.All, cancellationToken)).Status != 404;
        await table.DeleteEntityAsync(ApplicantPartitionPrefix + uscc, Key(clientId), ETag.All, cancellationToken);
        if (existed) await AuditChainHead.AppendPendingAsync(table, GrantAudit(uscc, clientId, at, actor, "revoke"), cancellationToken);
        return existed;
    }

    public Task<IReadOnlyList<IntegratorGrant>> ListByClientAsync(string clientId, CancellationToken cancellationToken = default) =>
        QueryGrantsAsync(ClientPartitionPrefix + Key(clientId), cancellationToken);

    public Task<IReadOnlyList<IntegratorGrant>> ListByApplicantAsync(string uscc, CancellationToken cancellationToken = default) =>
        QueryGrantsAsync(ApplicantPartitionPrefix + uscc, cancellationToken);

    private async Task<IReadOnlyList<IntegratorGrant>> QueryGrantsAsync(string partition, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var list = new List<IntegratorGrant>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken))
            list.Add(new IntegratorGrant(e.GetString("ClientId"), e.GetString("Uscc"), e.GetDateTimeOffset("GrantedAt")!.Value, e.GetString("GrantedBy")));
        return list;
    }

    private Task<TableClient> Table(CancellationToken cancellationToken) => tables.GetAsync(GrantsTables.Identities, cancellationToken);

    /// <summary>A client id as a key: Entra client ids are GUIDs; anything else with a forbidden key character is refused earlier.</summary>
    private static string Key(string clientId) =>
        clientId.Length is > 0 and <= MaxClientIdLength && !clientId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?')
            ? clientId.ToLowerInvariant()
            : throw new ArgumentException("Not a client id.", nameof(clientId));

    /// <summary>
    /// An audit line in the applicant's grant-audit partition, keyed by time, client and action, appended to the partition's
    /// chain (head row <c>chain</c>) as a pending line linked at once: a retry of the same line is linked once.
    /// </summary>
    private static TableEntity GrantAudit(string uscc, string clientId, DateTimeOffset at, string actor, string what) =>
        new(GrantAuditPartitionPrefix + uscc, $"{AuditPrefix}{at.UtcTicks:D19}|{Key(clientId)}|{what}")
        {
            ["At"] = at,
            ["Actor"] = actor,
            ["What"] = what,
            ["ClientId"] = Key(clientId),
        };

    private static TableEntity ToEntity(IntegratorGrant grant, string partition, string row) => new(partition, row)
    {
        ["ClientId"] = grant.ClientId.ToLowerInvariant(),
        ["Uscc"] = grant.Uscc,
        ["GrantedAt"] = grant.GrantedAt,
        ["GrantedBy"] = grant.GrantedBy,
    };

    private static TableEntity ToEntity(BindingRecord b)
    {
        BindingKeys.TryParse(b.Id, out var partition, out var uscc);
        var e = new TableEntity(partition, uscc)
        {
            ["Uscc"] = b.Uscc,
            ["Name"] = b.Name,
            ["Role"] = b.Role,
            ["Status"] = b.Status.ToString(),
            ["Version"] = b.Version,
            ["RequestedAt"] = b.RequestedAt,
        };
        EntityMapping.Set(e, "Reason", b.Reason);
        EntityMapping.Set(e, "DecidedBy", b.DecidedBy);
        EntityMapping.Set(e, "DecidedAt", b.DecidedAt);
        TableLimits.Validate(e);
        return e;
    }

    private static BindingRecord ToBinding(TableEntity e) => new(
        e.PartitionKey + "-" + e.RowKey, e.GetString("Uscc"), e.GetString("Name"), e.GetString("Role"),
        Enum.Parse<BindingStatus>(e.GetString("Status")), e.GetInt32("Version")!.Value, e.GetDateTimeOffset("RequestedAt")!.Value,
        e.GetString("Reason"), e.GetString("DecidedBy"), e.GetDateTimeOffset("DecidedAt"), e.ETag.ToString());

    private static TableEntity Audit(BindingRecord b, string actor, string what)
    {
        BindingKeys.TryParse(b.Id, out var partition, out var uscc);
        var e = new TableEntity(partition, $"{AuditPrefix}{uscc}|{b.Version:D6}")
        {
            ["At"] = b.DecidedAt ?? b.RequestedAt,
            ["Actor"] = actor,
            ["What"] = what,
            ["Status"] = b.Status.ToString(),
        };
        EntityMapping.Set(e, "Reason", b.Reason);
        return e;
    }
}

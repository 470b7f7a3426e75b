using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage.Ledger;

namespace NeoBay.Grants.Storage.Renewals;

/// <summary>The <c>renewals</c> table (runs, shard progress, zone departures), created on first use (name: prefix + renewals).</summary>
public sealed class RenewalTables(TableServiceClient service, string prefix = "")
{
    public const string Renewals = "renewals";

    private readonly Lazy<Task<TableClient>> table = new(async () =>
    {
        var client = service.GetTableClient(prefix + Renewals);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public Task<TableClient> GetAsync(CancellationToken cancellationToken = default) => table.Value.WaitAsync(cancellationToken);
}

/// <summary>Renewal rows in the grant partitions (see docs/renewals.md) and the run's own table.</summary>
public sealed class TableRenewalStore(GrantsTables grants, RenewalTables renewals) : IRenewalStore
{
    private readonly TableGrantStore grantIndex = new(grants);

    public const string MarkerPrefix = "renewal-";
    public const string ClaimPrefix = "claim-";
    public const string InvitationPrefix = "invitation-";
    public const string PersonPrefix = "person-";
    public const string VoucherPrefix = "voucher-";

    /// <summary>A renewal's audit line waiting to be linked into the grant's chain: <c>pending-renewal-{fiscalYear}</c> (docs/audit.md).</summary>
    public const string PendingAuditPrefix = AuditChainHead.PendingPrefix + "renewal-";

    /// <summary>Who the renewal's audit lines name: the yearly run, not a person.</summary>
    public const string RenewalActor = "system:renewals";
    private const string RunRow = "run";
    private const string ZonePartition = "zone";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static string RunPartition(int fiscalYear) => "run-" + fiscalYear.ToString(CultureInfo.InvariantCulture);
    public static string ShardRow(int shard) => $"shard-{shard:D2}";
    public static string MarkerRow(int fiscalYear) => MarkerPrefix + fiscalYear.ToString(CultureInfo.InvariantCulture);
    public static string ClaimRow(int fiscalYear, string component) => $"{ClaimPrefix}{fiscalYear}-{component}";
    public static string InvitationRow(int fiscalYear) => InvitationPrefix + fiscalYear.ToString(CultureInfo.InvariantCulture);
    public static string PersonRow(int person) => $"{PersonPrefix}{person:D3}";
    public static string VoucherRow(int fiscalYear) => VoucherPrefix + fiscalYear.ToString(CultureInfo.InvariantCulture);

    public async Task<RenewalRun?> GetRunAsync(int fiscalYear, CancellationToken cancellationToken = default)
    {
        var table = await renewals.GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(RunPartition(fiscalYear), RunRow, cancellationToken: cancellationToken);
        return response.HasValue ? ToRun(response.Value!) : null;
    }

    public async Task<bool> TryCreateRunAsync(RenewalRun run, CancellationToken cancellationToken = default)
    {
        var table = await renewals.GetAsync(cancellationToken);
        return await TableBatchWriter.TryAddAsync(table, ToEntity(run), cancellationToken);
    }

    public async Task ReplaceRunAsync(RenewalRun run, CancellationToken cancellationToken = default)
    {
        var table = await renewals.GetAsync(cancellationToken);
        try
        {
            await table.UpdateEntityAsync(ToEntity(run), EntityMapping.RequireETag(run.StorageETag, "Run"), TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException($"Run {run.FiscalYear} changed since it was read.", e);
        }
    }

    public async Task<IReadOnlyList<ShardProgress>> GetShardsAsync(int fiscalYear, CancellationToken cancellationToken = default)
    {
        var table = await renewals.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition(fiscalYear)} and RowKey ge {"shard-"} and RowKey lt {"shard."}");
        var shards = new List<ShardProgress>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) shards.Add(ToShard(e));
        return shards.OrderBy(s => s.Shard).ToList();
    }

    public async Task<ShardProgress?> GetShardAsync(int fiscalYear, int shard, CancellationToken cancellationToken = default)
    {
        var table = await renewals.GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(RunPartition(fiscalYear), ShardRow(shard), cancellationToken: cancellationToken);
        return response.HasValue ? ToShard(response.Value!) : null;
    }

    public async Task SaveShardAsync(ShardProgress progress, CancellationToken cancellationToken = default)
    {
        var table = await renewals.GetAsync(cancellationToken);
        var entity = new TableEntity(RunPartition(progress.FiscalYear), ShardRow(progress.Shard))
        {
            ["Shard"] = progress.Shard,
            ["Pass"] = progress.Pass,
            ["Pages"] = progress.Pages,
            ["Done"] = progress.Done,
            ["TallyJson"] = progress.Tally.ToJson(),
        };
        if (progress.Token is not null) entity["Token"] = progress.Token;
        if (progress.UpdatedAt is not null) entity["UpdatedAt"] = progress.UpdatedAt;
        if (progress.Failures.Count > 0) entity["FailuresJson"] = JsonSerializer.Serialize(progress.Failures);
        TableLimits.Validate(entity);
        try
        {
            if (progress.StorageETag is null) await table.AddEntityAsync(entity, cancellationToken);
            else await table.UpdateEntityAsync(entity, new ETag(progress.StorageETag), TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new ConcurrencyConflictException($"Progress of shard {progress.Shard} of run {progress.FiscalYear} changed since it was read.", e);
        }
    }

    public async Task<RenewalGrantState?> ReadGrantAsync(string grantId, CancellationToken cancellationToken = default)
    {
        var table = await grants.GetAsync(GrantsTables.Grants, cancellationToken);
        // Every row but the audit: "claim-" < "grant" < "invitation-" < "line-" < "person-" < "renewal-" < "voucher-".
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {grantId} and RowKey ge {ClaimPrefix}");
        GrantRecord? grant = null;
        var lines = new List<LedgerLine>();
        var markers = new List<RenewalMarker>();
        var claims = new List<ClaimRecord>();
        var invitations = new List<InvitationRecord>();
        var departures = new List<PersonDeparture>();
        var vouchers = new List<VoucherYear>();
        var auditPending = false;
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var key = e.RowKey;
            if (key == EntityMapping.GrantRow) grant = EntityMapping.ToGrant(e);
            else if (key.StartsWith(EntityMapping.LinePrefix, StringComparison.Ordinal)) lines.Add(EntityMapping.ToLine(e));
            else if (key.StartsWith(MarkerPrefix, StringComparison.Ordinal)) markers.Add(ToMarker(e));
            else if (key.StartsWith(ClaimPrefix, StringComparison.Ordinal)) claims.Add(ToClaim(e));
            else if (key.StartsWith(InvitationPrefix, StringComparison.Ordinal)) invitations.Add(ToInvitation(e));
            else if (key.StartsWith(PersonPrefix, StringComparison.Ordinal)) departures.Add(ToPerson(e));
            else if (key.StartsWith(VoucherPrefix, StringComparison.Ordinal)) vouchers.Add(ToVoucher(e));
            else if (key.StartsWith(PendingAuditPrefix, StringComparison.Ordinal)) auditPending = true;
        }

        return grant is null ? null : new RenewalGrantState(grant, lines, markers, claims, invitations, departures, vouchers) { AuditPending = auditPending };
    }

    public async Task ApplyAsync(RenewalPlan plan, CancellationToken cancellationToken = default)
    {
        if (plan.Outcome != RenewalOutcome.Write || plan.Marker is null) return;
        var table = await grants.GetAsync(GrantsTables.Grants, cancellationToken);
        var actions = new List<TableTransactionAction>
        {
            plan.Marker.StorageETag is { } hold
                ? new(TableTransactionActionType.UpdateReplace, ToEntity(plan.Marker), new ETag(hold))
                : new(TableTransactionActionType.Add, ToEntity(plan.Marker)),
        };
        if (!plan.Blind)
            actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(plan.GrantId, EntityMapping.GrantRow),
                EntityMapping.RequireETag(plan.HeaderETag, "Grant " + plan.GrantId)));
        // Only status and issue time change; a line read carries its ETag, a blind plan's line is merged unconditionally
        // (the marker above fails the transaction if the year was renewed or held since the index entry was written).
        actions.AddRange(plan.LinesToUpdate.Select(l => new TableTransactionAction(TableTransactionActionType.UpdateMerge, StatusOf(l),
            plan.Blind ? ETag.All : EntityMapping.RequireETag(l.StorageETag, "Ledger line " + l.Component))));
        actions.AddRange(plan.LinesToAdd.Select(l => new TableTransactionAction(TableTransactionActionType.Add, EntityMapping.ToEntity(l))));
        actions.AddRange(plan.ClaimsToOpen.Select(c => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(c))));
        if (plan.Invitation is not null) actions.Add(new(TableTransactionActionType.Add, ToEntity(plan.Invitation)));
        actions.AddRange(plan.VoucherYears.Select(VoucherAction));
        // The renewal's audit line, once with the marker (deterministic key): linked into the grant's chain by LinkAuditAsync.
        actions.Add(new(TableTransactionActionType.Add, PendingAudit(plan)));
        await TableBatchWriter.SubmitConditionalAsync(table, actions, "Grant " + plan.GrantId, cancellationToken);
    }

    /// <summary>
    /// Links the grant's pending renewal audit lines into its chain: each becomes <c>audit-{version}</c> after the grant's
    /// last line, the pending row is deleted (its ETag) and the grant header takes the new version and <c>AuditHash</c>
    /// (its ETag), one transaction. Another writer first (a grant transition, another worker linking): read and link again.
    /// </summary>
    public async Task LinkAuditAsync(string grantId, CancellationToken cancellationToken = default)
    {
        var table = await grants.GetAsync(GrantsTables.Grants, cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {grantId} and (RowKey eq {EntityMapping.GrantRow} or (RowKey ge {PendingAuditPrefix} and RowKey lt {"pending-renewal."}))");
        for (var attempt = 0; attempt < MaxLinkAttempts; attempt++)
        {
            TableEntity? header = null;
            var pending = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                if (e.RowKey == EntityMapping.GrantRow) header = e;
                else pending.Add(e);
            }

            if (header is null || pending.Count == 0) return;
            var version = header.GetInt32("Version") ?? 0;
            var previous = header.GetString(AuditChain.HeadProperty);
            var actions = new List<TableTransactionAction>();
            foreach (var row in pending.OrderBy(p => p.RowKey, StringComparer.Ordinal).Take(AuditChainHead.MaxLinkedAtOnce))
            {
                var line = new TableEntity(grantId, EntityMapping.AuditRowKey(++version));
                foreach (var (name, value) in row.Where(p => p.Key is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey"))) line[name] = value;
                previous = AuditChain.Link(line, previous, version);
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(grantId, row.RowKey), row.ETag));
                actions.Add(new(TableTransactionActionType.Add, line));
            }

            actions.Add(new(TableTransactionActionType.UpdateMerge,
                new TableEntity(grantId, EntityMapping.GrantRow) { ["Version"] = version, [AuditChain.HeadProperty] = previous }, header.ETag));
            try
            {
                await TableBatchWriter.SubmitConditionalAsync(table, actions, "Grant " + grantId, cancellationToken);
                if (pending.Count <= AuditChainHead.MaxLinkedAtOnce) return;
            }
            catch (ConcurrencyConflictException)
            {
                // Moved or linked by another writer since the read: read again.
            }
        }
    }

    /// <summary>Bound on re-reads when other writers keep moving the grant (the line stays pending; the next run links it).</summary>
    private const int MaxLinkAttempts = 8;

    public static string PendingAuditRow(int fiscalYear) => PendingAuditPrefix + fiscalYear.ToString(CultureInfo.InvariantCulture);

    /// <summary>The renewal's audit line: what the run did for the grant in this fiscal year, item by item (amounts in yuan).</summary>
    private static TableEntity PendingAudit(RenewalPlan plan)
    {
        var line = EntityMapping.ToEntity(new AuditEntry(plan.GrantId, 0, plan.Marker!.At, RenewalActor, MarkerRow(plan.FiscalYear),
            string.Join("; ", plan.Items.Select(i => $"{i.Component} {i.Action} {NeoBay.Policy.Money.ToYuan(i.AmountFen).ToString("0.00", CultureInfo.InvariantCulture)}"
                + (i.Reason is null ? "" : $" ({i.Reason})")))));
        line.RowKey = PendingAuditRow(plan.FiscalYear);
        TableLimits.Validate(line);
        return line;
    }

    /// <summary>
    /// The actions that hold the given years of a grant (see <see cref="RenewalMarker.Pending"/>), to be written in the
    /// same transaction as the change that needs them: a year without a marker gets a hold (insert), a held year's hold
    /// is touched with its ETag (so a run that read it before the change fails and reads again), a renewed year is left.
    /// </summary>
    private static IEnumerable<TableTransactionAction> HoldActions(string grantId, RenewalHolds holds, DateTimeOffset at)
    {
        foreach (var year in holds.Years.Distinct())
        {
            var marker = holds.Markers.FirstOrDefault(m => m.FiscalYear == year);
            if (marker is null) yield return new(TableTransactionActionType.Add, ToEntity(RenewalMarker.Hold(grantId, year, holds.Measure, at)));
            else if (marker.Pending)
                yield return new(TableTransactionActionType.UpdateMerge, new TableEntity(grantId, MarkerRow(year)) { ["At"] = at },
                    EntityMapping.RequireETag(marker.StorageETag, "Hold " + year));
        }
    }

    private static TableEntity StatusOf(LedgerLine l)
    {
        var e = new TableEntity(l.GrantId, GrantKeys.LineRowKey(l.FiscalYear, l.Component)) { ["Status"] = l.Status.ToWire() };
        EntityMapping.Set(e, "IssuedAt", l.IssuedAt);
        return e;
    }

    public async Task<IReadOnlyDictionary<string, ZoneDeparture>> GetZoneDeparturesAsync(CancellationToken cancellationToken = default)
    {
        var table = await renewals.GetAsync(cancellationToken);
        var result = new Dictionary<string, ZoneDeparture>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ZonePartition}"), cancellationToken: cancellationToken))
        {
            result[e.RowKey] = new ZoneDeparture(e.RowKey, ParseDate(e.GetString("LeftOn")), e.GetString("Reason") ?? "", e.GetString("RecordedBy") ?? "",
                e.GetDateTimeOffset("RecordedAt") ?? default);
        }

        return result;
    }

    public async Task<bool> TryAddZoneDepartureAsync(ZoneDeparture departure, CancellationToken cancellationToken = default)
    {
        var table = await renewals.GetAsync(cancellationToken);
        return await TableBatchWriter.TryAddAsync(table, new TableEntity(ZonePartition, departure.Uscc)
        {
            ["LeftOn"] = FormatDate(departure.LeftOn),
            ["Reason"] = departure.Reason,
            ["RecordedBy"] = departure.RecordedBy,
            ["RecordedAt"] = departure.RecordedAt,
        }, cancellationToken);
    }

    public async Task AddPersonDepartureAsync(PersonDeparture departure, RenewalHolds holds, CancellationToken cancellationToken = default)
    {
        var table = await grants.GetAsync(GrantsTables.Grants, cancellationToken);
        var person = new TableEntity(departure.GrantId, PersonRow(departure.Person))
        {
            ["Person"] = departure.Person,
            ["LeftOn"] = FormatDate(departure.LeftOn),
            ["Reason"] = departure.Reason,
            ["RecordedBy"] = departure.RecordedBy,
            ["RecordedAt"] = departure.RecordedAt,
        };
        await TableBatchWriter.SubmitConditionalAsync(table, [new(TableTransactionActionType.Add, person), .. HoldActions(departure.GrantId, holds, departure.RecordedAt)], "Grant " + departure.GrantId, cancellationToken);
    }

    public async Task RevokeAsync(GrantRecord revoked, AuditEntry audit, RenewalHolds holds, GrantIndexEntry entry, IReadOnlyList<LedgerLine> lines,
        CancellationToken cancellationToken = default)
    {
        var table = await grants.GetAsync(GrantsTables.Grants, cancellationToken);
        var (auditLine, hash) = EntityMapping.ToChainedEntity(audit, revoked.AuditHash);
        await TableBatchWriter.SubmitConditionalAsync(table,
        [
            new(TableTransactionActionType.UpdateReplace, EntityMapping.ToEntity(revoked with { AuditHash = hash }), EntityMapping.RequireETag(revoked.StorageETag, "Grant " + revoked.Id)),
            new(TableTransactionActionType.Add, auditLine),
            .. HoldActions(revoked.Id, holds, audit.At),
            // Every unpaid line stamped in the same transaction (each on its ETag): a payment run's claim is guarded by the line's ETag alone (docs/payments.md).
            .. lines.Where(l => l.Status != LedgerStatus.Paid && !l.GrantRevoked).Select(l => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(revoked.Id, GrantKeys.LineRowKey(l.FiscalYear, l.Component)) { [EntityMapping.GrantRevokedProperty] = true },
                EntityMapping.RequireETag(l.StorageETag, "Ledger line " + l.Component))),
        ], "Grant " + revoked.Id, cancellationToken);
        await grantIndex.UpsertIndexAsync(entry, cancellationToken);
    }

    public async Task FileClaimAsync(ClaimRecord claim, LedgerLine line, GrantRecord grant, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        var table = await grants.GetAsync(GrantsTables.Grants, cancellationToken);
        var (auditLine, hash) = EntityMapping.ToChainedEntity(audit, grant.AuditHash);
        await TableBatchWriter.SubmitConditionalAsync(table,
        [
            new(TableTransactionActionType.UpdateReplace, ToEntity(claim), EntityMapping.RequireETag(claim.StorageETag, "Claim " + claim.Component)),
            new(TableTransactionActionType.UpdateReplace, EntityMapping.ToEntity(line), EntityMapping.RequireETag(line.StorageETag, "Ledger line " + line.Component)),
            new(TableTransactionActionType.UpdateReplace, EntityMapping.ToEntity(grant with { AuditHash = hash }), EntityMapping.RequireETag(grant.StorageETag, "Grant " + grant.Id)),
            new(TableTransactionActionType.Add, auditLine),
        ], "Grant " + grant.Id, cancellationToken);
    }

    private static TableTransactionAction VoucherAction(VoucherYear v) =>
        v.StorageETag is null
            ? new(TableTransactionActionType.Add, ToEntity(v))
            : new(TableTransactionActionType.UpdateReplace, ToEntity(v), new ETag(v.StorageETag));

    // ---- mapping

    internal static TableEntity ToEntity(VoucherYear v)
    {
        var e = new TableEntity(v.GrantId, VoucherRow(v.FiscalYear))
        {
            ["FiscalYear"] = v.FiscalYear,
            ["QuotaFen"] = v.QuotaFen,
            ["UsedFen"] = v.UsedFen,
            ["HolderKind"] = v.HolderKind,
            ["IsSme"] = v.IsSme,
            ["Status"] = v.Status,
        };
        if (v.LapsedFen is not null) e["LapsedFen"] = v.LapsedFen;
        return e;
    }

    internal static VoucherYear ToVoucher(TableEntity e) =>
        new(e.PartitionKey, e.GetInt32("FiscalYear") ?? 0, e.GetInt64("QuotaFen") ?? 0, e.GetInt64("UsedFen") ?? 0, e.GetString("HolderKind") ?? "", e.GetBoolean("IsSme") ?? false)
        {
            Status = e.GetString("Status") ?? VoucherYear.Open,
            LapsedFen = e.GetInt64("LapsedFen"),
            StorageETag = e.ETag.ToString(),
        };

    private static TableEntity ToEntity(RenewalMarker m)
    {
        var e = new TableEntity(m.GrantId, MarkerRow(m.FiscalYear))
        {
            ["FiscalYear"] = m.FiscalYear,
            ["Measure"] = m.Measure,
            ["ItemsJson"] = JsonSerializer.Serialize(m.Items, Json),
            ["At"] = m.At,
        };
        if (m.Pending) e["Pending"] = true;
        return e;
    }

    private static RenewalMarker ToMarker(TableEntity e) =>
        new(e.PartitionKey, e.GetInt32("FiscalYear") ?? 0, e.GetString("Measure") ?? "",
            JsonSerializer.Deserialize<List<RenewalItem>>(e.GetString("ItemsJson") ?? "[]", Json) ?? [], e.GetDateTimeOffset("At") ?? default)
        {
            Pending = e.GetBoolean("Pending") ?? false,
            StorageETag = e.ETag.ToString(),
        };

    internal static TableEntity ToEntity(ClaimRecord c)
    {
        var e = new TableEntity(c.GrantId, ClaimRow(c.FiscalYear, c.Component))
        {
            ["FiscalYear"] = c.FiscalYear,
            ["Component"] = c.Component,
            ["Measure"] = c.Measure,
            ["ExpenditureYear"] = c.ExpenditureYear,
            ["CapFen"] = c.CapFen,
            ["OpenedAt"] = c.OpenedAt,
            ["Status"] = c.Status,
        };
        if (c.ExpenditureFen is not null) e["ExpenditureFen"] = c.ExpenditureFen;
        if (c.AmountFen is not null) e["AmountFen"] = c.AmountFen;
        if (c.FiledAt is not null) e["FiledAt"] = c.FiledAt;
        if (c.FiledBy is not null) e["FiledBy"] = c.FiledBy;
        return e;
    }

    private static ClaimRecord ToClaim(TableEntity e) =>
        new(e.PartitionKey, e.GetInt32("FiscalYear") ?? 0, e.GetString("Component") ?? "", e.GetString("Measure") ?? "", e.GetInt32("ExpenditureYear") ?? 0,
            e.GetInt64("CapFen") ?? 0, e.GetDateTimeOffset("OpenedAt") ?? default)
        {
            Status = e.GetString("Status") ?? ClaimRecord.Open,
            ExpenditureFen = e.GetInt64("ExpenditureFen"),
            AmountFen = e.GetInt64("AmountFen"),
            FiledAt = e.GetDateTimeOffset("FiledAt"),
            FiledBy = e.GetString("FiledBy"),
            StorageETag = e.ETag.ToString(),
        };

    private static TableEntity ToEntity(InvitationRecord i) => new(i.GrantId, InvitationRow(i.FiscalYear))
    {
        ["FiscalYear"] = i.FiscalYear,
        ["Measure"] = i.Measure,
        ["ClaimYear"] = i.ClaimYear,
        ["InvitedAt"] = i.InvitedAt,
    };

    private static InvitationRecord ToInvitation(TableEntity e) =>
        new(e.PartitionKey, e.GetInt32("FiscalYear") ?? 0, e.GetString("Measure") ?? "", e.GetInt32("ClaimYear") ?? 0, e.GetDateTimeOffset("InvitedAt") ?? default);

    private static PersonDeparture ToPerson(TableEntity e) =>
        new(e.PartitionKey, e.GetInt32("Person") ?? 0, ParseDate(e.GetString("LeftOn")), e.GetString("Reason") ?? "", e.GetString("RecordedBy") ?? "",
            e.GetDateTimeOffset("RecordedAt") ?? default);

    private static TableEntity ToEntity(RenewalRun run) => new(RunPartition(run.FiscalYear), RunRow)
    {
        ["FiscalYear"] = run.FiscalYear,
        ["StartedAt"] = run.StartedAt,
        ["StartedBy"] = run.StartedBy,
        ["Pass"] = run.Pass,
    };

    private static RenewalRun ToRun(TableEntity e) =>
        new(e.GetInt32("FiscalYear") ?? 0, e.GetDateTimeOffset("StartedAt") ?? default, e.GetString("StartedBy") ?? "")
        {
            Pass = e.GetInt32("Pass") ?? 1,
            StorageETag = e.ETag.ToString(),
        };

    private static ShardProgress ToShard(TableEntity e) =>
        new(int.Parse(e.PartitionKey["run-".Length..], CultureInfo.InvariantCulture), e.GetInt32("Shard") ?? 0, e.GetInt32("Pass") ?? 1, e.GetInt32("Pages") ?? 0,
            e.GetString("Token"), e.GetBoolean("Done") ?? false, RenewalTally.FromJson(e.GetString("TallyJson")))
        {
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt"),
            Failures = JsonSerializer.Deserialize<List<string>>(e.GetString("FailuresJson") ?? "[]") ?? [],
            StorageETag = e.ETag.ToString(),
        };

    private static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string? text) => DateOnly.ParseExact(text ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The <c>renewals</c> queue (base64, as the queue trigger expects).</summary>
public sealed class QueueRenewalQueue(QueueServiceClient service, string queueName = QueueRenewalQueue.QueueName) : IRenewalQueue
{
    public const string QueueName = "renewals";

    private readonly Lazy<Task<QueueClient>> queue = new(async () =>
    {
        var client = service.GetQueueClient(queueName);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task EnqueueAsync(int fiscalYear, int shard, CancellationToken cancellationToken = default)
    {
        var client = await queue.Value.WaitAsync(cancellationToken);
        await client.SendMessageAsync(RenewalMessage.Write(fiscalYear, shard), cancellationToken);
    }
}

using System.Globalization;
using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Grants.Storage;

/// <summary>Records ↔ table entities. Null values are left out (a replace then removes them).</summary>
internal static class EntityMapping
{
    public const string ApplicationRow = "application";
    public const string GrantRow = "grant";
    public const string AuditPrefix = "audit-";
    public const string LinePrefix = "line-";

    /// <summary>An applicant's partition of an index table (<c>applicationindex</c>, <c>grantindex</c>).</summary>
    public static string ApplicantPartition(string uscc) => "applicant-" + uscc;

    public static string AuditRowKey(int sequence) => $"{AuditPrefix}{sequence:D6}";

    public static TableEntity ToEntity(ApplicationRecord a)
    {
        var e = new TableEntity(a.Id, ApplicationRow)
        {
            ["ApplicantUscc"] = a.ApplicantUscc,
            ["Measure"] = a.Measure,
            ["SubmittedOn"] = a.SubmittedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["SubmittedAt"] = a.SubmittedAt,
            ["SubmittedBy"] = a.SubmittedBy,
            ["RequestHash"] = a.RequestHash,
            ["Status"] = a.Status.ToWire(),
            ["Version"] = a.Version,
        };
        Set(e, "ProjectKey", a.ProjectKey);
        TableLimits.SetLongString(e, "RequestJson", StorageJson.Serialize(a.Request));
        if (a.Decision is not null) TableLimits.SetLongString(e, "DecisionJson", StorageJson.Serialize(a.Decision));
        Set(e, "GrantId", a.GrantId);
        Set(e, "ApprovedAmountFen", a.ApprovedAmountFen);
        Set(e, "DecisionReason", a.DecisionReason);
        Set(e, "DecidedBy", a.DecidedBy);
        Set(e, "DecidedAt", a.DecidedAt);
        Set(e, "FailureReason", a.FailureReason);
        Set(e, "Source", a.Source);
        Set(e, "OfferId", a.OfferId);
        return e;
    }

    public static ApplicationRecord ToApplication(TableEntity e)
    {
        var decision = TableLimits.GetLongString(e, "DecisionJson");
        return new ApplicationRecord(
            e.PartitionKey,
            e.GetString("ApplicantUscc"),
            e.GetString("Measure"),
            e.GetString("ProjectKey"),
            DateOnly.ParseExact(e.GetString("SubmittedOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.GetDateTimeOffset("SubmittedAt") ?? default,
            e.GetString("SubmittedBy"),
            StorageJson.Deserialize<EvaluationRequest>(TableLimits.GetLongString(e, "RequestJson") ?? "null"),
            e.GetString("RequestHash"),
            StatusNames.Parse<ApplicationStatus>(e.GetString("Status")),
            e.GetInt32("Version") ?? 0)
        {
            Decision = decision is null ? null : StorageJson.Deserialize<Decision>(decision),
            GrantId = e.GetString("GrantId"),
            ApprovedAmountFen = e.GetInt64("ApprovedAmountFen"),
            DecisionReason = e.GetString("DecisionReason"),
            DecidedBy = e.GetString("DecidedBy"),
            DecidedAt = e.GetDateTimeOffset("DecidedAt"),
            FailureReason = e.GetString("FailureReason"),
            Source = e.GetString("Source"),
            OfferId = e.GetString("OfferId"),
            StorageETag = e.ETag.ToString(),
        };
    }

    public static TableEntity ToEntity(AuditEntry a)
    {
        var e = new TableEntity(a.Subject, AuditRowKey(a.Sequence))
        {
            ["At"] = a.At,
            ["Who"] = a.Who,
            ["What"] = a.What,
        };
        Set(e, "Why", a.Why);
        Set(e, "From", a.From);
        Set(e, "To", a.To);
        return e;
    }

    /// <summary>
    /// The audit line of a record that heads its partition's chain (grant, payee account, batch: every audited change
    /// rewrites it), linked after <paramref name="previousHash"/> (its <c>AuditHash</c> as read), and its hash. The line's
    /// place in the chain is its sequence (the record's version).
    /// </summary>
    public static (TableEntity Line, string Hash) ToChainedEntity(AuditEntry a, string? previousHash)
    {
        var line = ToEntity(a);
        return (line, AuditChain.Link(line, previousHash, a.Sequence));
    }

    public static AuditEntry ToAudit(TableEntity e) =>
        new(e.PartitionKey, int.Parse(e.RowKey[AuditPrefix.Length..], CultureInfo.InvariantCulture), e.GetDateTimeOffset("At") ?? default,
            e.GetString("Who"), e.GetString("What"), e.GetString("Why"))
        {
            From = e.GetString("From"),
            To = e.GetString("To"),
        };

    public static TableEntity ToEntity(ApplicationSummary s, string partition) => new(partition, s.Id)
    {
        ["ApplicantUscc"] = s.ApplicantUscc,
        ["Measure"] = s.Measure,
        ["SubmittedAt"] = s.SubmittedAt,
        ["Status"] = s.Status.ToWire(),
        ["Version"] = s.Version,
    };

    public static ApplicationSummary ToSummary(TableEntity e) =>
        new(e.RowKey, e.GetString("ApplicantUscc"), e.GetString("Measure"), e.GetDateTimeOffset("SubmittedAt") ?? default,
            StatusNames.Parse<ApplicationStatus>(e.GetString("Status")))
        {
            Version = e.GetInt32("Version") ?? 0,
        };

    public static TableEntity ToEntity(GrantRecord g)
    {
        var e = new TableEntity(g.Id, GrantRow)
        {
            ["ApplicationId"] = g.ApplicationId,
            ["ApplicantUscc"] = g.ApplicantUscc,
            ["Measure"] = g.Measure,
            ["AmountFen"] = g.AmountFen,
            ["ApprovedAt"] = g.ApprovedAt,
            ["FiscalYear"] = g.FiscalYear,
            ["ApprovedBy"] = g.ApprovedBy,
            ["Version"] = g.Version,
            ["Status"] = g.Status,
            ["Shard"] = g.Shard,
        };
        Set(e, "ProjectKey", g.ProjectKey);
        Set(e, "Tier", g.Tier);
        Set(e, AuditChain.HeadProperty, g.AuditHash);
        return e;
    }

    public static GrantRecord ToGrant(TableEntity e) =>
        new(e.PartitionKey, e.GetString("ApplicationId"), e.GetString("ApplicantUscc"), e.GetString("Measure"), e.GetString("ProjectKey"),
            e.GetString("Tier"), e.GetInt64("AmountFen") ?? 0, e.GetDateTimeOffset("ApprovedAt") ?? default, e.GetInt32("FiscalYear") ?? 0,
            e.GetString("ApprovedBy"), e.GetInt32("Version") ?? 0)
        {
            Status = e.GetString("Status") ?? GrantStatuses.Active,
            StorageETag = e.ETag.ToString(),
            AuditHash = e.GetString(AuditChain.HeadProperty),
        };

    /// <summary>A ledger line's stamp of its grant's revocation (<see cref="LedgerLine.GrantRevoked"/>).</summary>
    public const string GrantRevokedProperty = "GrantRevoked";

    public static TableEntity ToEntity(LedgerLine l)
    {
        var e = new TableEntity(l.GrantId, GrantKeys.LineRowKey(l.FiscalYear, l.Component))
        {
            ["FiscalYear"] = l.FiscalYear,
            ["Component"] = l.Component,
            ["Trigger"] = l.Trigger.ToWire(),
            ["Status"] = l.Status.ToWire(),
            ["IsGrant"] = l.IsGrant,
        };
        Set(e, "AmountFen", l.AmountFen);
        Set(e, "Stage", l.Stage);
        Set(e, "IssuedAt", l.IssuedAt);
        Set(e, "Order", l.Order);
        Set(e, "BatchId", l.BatchId);
        Set(e, "PayeeVersion", l.PayeeVersion);
        Set(e, "PaidOn", l.PaidOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Set(e, "ReturnReason", l.ReturnReason);
        Set(e, "ReturnedAt", l.ReturnedAt);
        if (l.GrantRevoked) e[GrantRevokedProperty] = true;
        if (l.PlannedYear != l.FiscalYear) e["PlannedYear"] = l.PlannedYear; // only a re-planned line carries it (docs/budget.md)
        return e;
    }

    public static LedgerLine ToLine(TableEntity e) =>
        new(e.PartitionKey, e.GetInt32("FiscalYear") ?? 0, e.GetString("Component"), StatusNames.Parse<ScheduleTrigger>(e.GetString("Trigger")),
            e.GetInt64("AmountFen"), StatusNames.Parse<LedgerStatus>(e.GetString("Status")), e.GetInt32("Stage"), e.GetBoolean("IsGrant") ?? true)
        {
            IssuedAt = e.GetDateTimeOffset("IssuedAt"),
            Order = e.GetInt32("Order"),
            BatchId = e.GetString("BatchId"),
            PayeeVersion = e.GetInt32("PayeeVersion"),
            PaidOn = e.GetString("PaidOn") is { } paidOn ? DateOnly.ParseExact(paidOn, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            ReturnReason = e.GetString("ReturnReason"),
            ReturnedAt = e.GetDateTimeOffset("ReturnedAt"),
            GrantRevoked = e.GetBoolean(GrantRevokedProperty) ?? false,
            PlannedYear = e.GetInt32("PlannedYear") ?? e.GetInt32("FiscalYear") ?? 0,
            StorageETag = e.ETag.ToString(),
        };

    public static TableEntity ToEntity(GrantIndexEntry g, string partition)
    {
        var e = new TableEntity(partition, g.GrantId)
        {
            ["ApplicantUscc"] = g.ApplicantUscc,
            ["Measure"] = g.Measure,
            ["AmountFen"] = g.AmountFen,
            ["FiscalYear"] = g.FiscalYear,
            ["Status"] = g.Status,
        };
        Set(e, "ProjectKey", g.ProjectKey);
        Set(e, "Tier", g.Tier);
        if (g.RenewalLines is { } lines)
        {
            var json = StorageJson.Serialize(lines.Select(l => new IndexedLine(l.FiscalYear, l.Component, l.Trigger, l.AmountFen, l.Status, l.IsGrant)));
            if (json.Length <= MaxRenewalLinesChars) e["RenewalLinesJson"] = json; // else the run reads the partition
        }

        return e;
    }

    /// <summary>common.14: partition of a person's rows in the grant index, by keyed hash (hex: a valid key).</summary>
    public static string PersonPartition(string personKey) => "person-" + personKey;

    /// <summary>One row per (person, category) an A11.2 grant supports; the row key is the category.</summary>
    public static TableEntity ToPersonEntity(GrantIndexEntry g, string personKey, string category) => new(PersonPartition(personKey), category)
    {
        ["GrantId"] = g.GrantId,
        ["Measure"] = g.Measure,
        ["Status"] = g.Status,
    };

    public static GrantIndexEntry ToGrantIndex(TableEntity e) =>
        new(e.RowKey, e.GetString("ApplicantUscc"), e.GetString("Measure"), e.GetString("ProjectKey"), e.GetString("Tier"),
            e.GetInt64("AmountFen") ?? 0, e.GetInt32("FiscalYear") ?? 0, e.GetString("Status") ?? GrantStatuses.Active)
        {
            RenewalLines = RenewalLinesOf(e),
        };

    /// <summary>The renewal lines of an index entity; null when absent or unreadable (the run then reads the grant).</summary>
    private static List<LedgerLine>? RenewalLinesOf(TableEntity e)
    {
        if (e.GetString("RenewalLinesJson") is not { } json) return null;
        try
        {
            return StorageJson.Deserialize<List<IndexedLine>>(json).Select(l => new LedgerLine(e.RowKey, l.Y, l.C, l.T, l.A, l.S, null, l.G)).ToList();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Renewal lines kept in an index entry up to this JSON length (a string property holds 32K characters).</summary>
    public const int MaxRenewalLinesChars = 30_000;

    /// <summary>A ledger line in an index entry (short names: there can be many).</summary>
    private sealed record IndexedLine(int Y, string C, ScheduleTrigger T, long? A, LedgerStatus S, bool G);

    public static ETag RequireETag(string? etag, string what) =>
        etag is { Length: > 0 } ? new ETag(etag) : throw new InvalidOperationException($"{what} has no ETag: read it before updating it.");

    /// <summary>Sets the property unless the value is null (a replace then removes it).</summary>
    public static void Set(TableEntity e, string name, object? value)
    {
        if (value is not null) e[name] = value;
    }
}

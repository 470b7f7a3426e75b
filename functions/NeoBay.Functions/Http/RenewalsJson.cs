using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Vouchers;
using NeoBay.Policy;

namespace NeoBay.Functions.Http;

/// <summary>Response shapes of the renewal, claim, departure and voucher endpoints (docs/renewals.md). Money in yuan, 2 decimals.</summary>
public static class RenewalsJson
{
    public static void WriteReport(Utf8JsonWriter w, RenewalReport report)
    {
        w.WriteStartObject();
        w.WriteNumber("fiscalYear", report.Run.FiscalYear);
        w.WriteString("startedAt", report.Run.StartedAt);
        w.WriteString("startedBy", report.Run.StartedBy);
        w.WriteString("status", report.Complete ? "complete" : "running");
        w.WriteNumber("shards", Grants.Domain.GrantKeys.ShardCount);
        w.WriteNumber("shardsDone", report.ShardsDone);
        w.WritePropertyName("totals");
        WriteTally(w, report.Tally.Total());
        w.WriteStartObject("byMeasure");
        foreach (var (measure, tally) in report.Tally.ByMeasure)
        {
            w.WritePropertyName(measure);
            WriteTally(w, tally);
        }

        w.WriteEndObject();
        w.WriteStartArray("failures");
        foreach (var failure in report.Shards.SelectMany(s => s.Failures)) w.WriteStringValue(failure);
        w.WriteEndArray();
        // Per shard (for the console's progress bars): pages read so far, grants seen, done or not.
        w.WriteStartArray("shardProgress");
        foreach (var shard in report.Shards.OrderBy(s => s.Shard))
        {
            w.WriteStartObject();
            w.WriteNumber("shard", shard.Shard);
            w.WriteBoolean("done", shard.Done);
            w.WriteNumber("pages", shard.Pages);
            w.WriteNumber("grants", shard.Tally.Total().Grants);
            w.WriteNumber("failed", shard.Tally.Total().Failed);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTally(Utf8JsonWriter w, MeasureTally t)
    {
        w.WriteStartObject();
        w.WriteNumber("grants", t.Grants);
        w.WriteNumber("notDue", t.NotDue);
        w.WriteNumber("issued", t.Issued);
        ApiJson.WriteAmount(w, "issuedAmount", t.IssuedFen);
        w.WriteNumber("claimsOpened", t.ClaimsOpened);
        ApiJson.WriteAmount(w, "claimsCap", t.ClaimsCapFen);
        w.WriteNumber("quotasIssued", t.QuotasIssued);
        ApiJson.WriteAmount(w, "quotaAmount", t.QuotaFen);
        w.WriteNumber("quotasLapsed", t.QuotasLapsed);
        ApiJson.WriteAmount(w, "lapsedAmount", t.LapsedFen);
        w.WriteNumber("invited", t.Invited);
        w.WriteNumber("skipped", t.Skipped);
        ApiJson.WriteAmount(w, "skippedAmount", t.SkippedFen);
        w.WriteNumber("failed", t.Failed);
        w.WriteEndObject();
    }

    public static void WriteClaim(Utf8JsonWriter w, ClaimResult c)
    {
        w.WriteStartObject();
        w.WriteString("grantId", c.GrantId);
        w.WriteNumber("fiscalYear", c.FiscalYear);
        w.WriteString("component", c.Component);
        w.WriteString("measure", c.Measure);
        w.WriteNumber("expenditureYear", c.ExpenditureYear);
        ApiJson.WriteAmount(w, "expenditure", c.ExpenditureFen);
        w.WriteNumber("rate", c.Rate);
        ApiJson.WriteAmount(w, "cap", c.CapFen);
        ApiJson.WriteAmount(w, "amount", c.AmountFen);
        w.WriteString("status", Grants.Domain.StatusNames.ToWire(c.LineStatus));
        w.WriteEndObject();
    }

    public static void WriteDeparture(Utf8JsonWriter w, string subject, int? person, DateOnly leftOn, string reason, string recordedBy)
    {
        w.WriteStartObject();
        w.WriteString("subject", subject);
        if (person is { } n) w.WriteNumber("person", n);
        w.WriteString("leftOn", leftOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("reason", reason);
        w.WriteString("recordedBy", recordedBy);
        w.WriteEndObject();
    }

    public static void WriteVoucherYear(Utf8JsonWriter w, VoucherYear y)
    {
        w.WriteStartObject();
        w.WriteString("grantId", y.GrantId);
        w.WriteNumber("fiscalYear", y.FiscalYear);
        w.WriteString("holder", y.HolderKind);
        w.WriteString("status", y.Status);
        ApiJson.WriteAmount(w, "quota", y.QuotaFen);
        ApiJson.WriteAmount(w, "used", y.UsedFen);
        ApiJson.WriteAmount(w, "left", y.Status == VoucherYear.Open ? y.LeftFen : 0);
        ApiJson.WriteAmount(w, "lapsed", y.LapsedFen);
        w.WriteEndObject();
    }

    public static void WriteRedemption(Utf8JsonWriter w, RedemptionResult r)
    {
        w.WriteStartObject();
        w.WriteString("grantId", r.Redemption.GrantId);
        w.WriteString("invoiceNo", r.Redemption.InvoiceNo);
        w.WriteString("provider", r.Redemption.Provider);
        w.WriteNumber("fiscalYear", r.Redemption.FiscalYear);
        ApiJson.WriteAmount(w, "serviceFee", r.Redemption.ServiceFeeFen);
        ApiJson.WriteAmount(w, "amount", r.Redemption.AmountFen);
        w.WritePropertyName("quota");
        WriteVoucherYear(w, r.Year);
        w.WriteEndObject();
    }

    /// <summary>A required money field in yuan (≥ 0, ≤ 2 decimals, ≤ 10^12) as fen.</summary>
    public static (long Fen, ApiResult? Problem) Yuan(JsonElement body, string name, HttpRequest req)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var yuan) || !Money.TryYuanToFen(yuan, out var fen))
            return (0, Problems.Create(StatusCodes.Status400BadRequest, "InvalidValue.Yuan", req, name, name));
        return (fen, null);
    }

    /// <summary>A departure body <c>{leftOn: "yyyy-MM-dd", reason}</c> (zone or person): no other field, a date, an optional short reason.</summary>
    public static (DateOnly LeftOn, string? Reason, ApiResult? Problem) Departure(JsonElement body, HttpRequest req)
    {
        if (BodyFields.RefuseUnknown(body, req, ["leftOn", "reason"]) is { } unknown) return (default, null, unknown);
        var (leftOn, dateProblem) = Date(body, "leftOn", req);
        if (dateProblem is not null) return (default, null, dateProblem);
        var (reason, reasonProblem) = BodyFields.OptionalString(body, "reason", req);
        return (leftOn, reason, reasonProblem);
    }

    /// <summary>A required CST date <c>yyyy-MM-dd</c>.</summary>
    public static (DateOnly Date, ApiResult? Problem) Date(JsonElement body, string name, HttpRequest req)
    {
        if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String &&
            DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return (date, null);
        return (default, Problems.Create(StatusCodes.Status400BadRequest, "InvalidDate.Field", req, name, name));
    }
}

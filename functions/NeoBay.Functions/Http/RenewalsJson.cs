using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NeoBay.Policy;

namespace NeoBay.Functions.Http;

/// <summary>Request fields of the renewal, claim, departure and voucher endpoints (docs/renewals.md); the answers are NeoBay.Contracts.Renewals.</summary>
public static class RenewalsJson
{
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

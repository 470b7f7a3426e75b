using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NeoBay.Contracts.Renewals;

namespace NeoBay.Functions.Http;

/// <summary>The departure body of the zone and person endpoints (docs/renewals.md), read as <see cref="DepartureRequest"/>.</summary>
public static class RenewalsJson
{
    /// <summary>A departure body <c>{leftOn: "yyyy-MM-dd", reason}</c> (zone or person): no other field, a date, an optional short reason.</summary>
    public static (DateOnly LeftOn, string? Reason, ApiResult? Problem) Departure(JsonElement body, HttpRequest req)
    {
        var (departure, problem) = ContractBody.Read(body, RenewalsJsonContext.Default.DepartureRequest, RequestFields.Departure, req);
        return departure is null ? (default, null, problem) : (departure.LeftOn!.Value, departure.Reason, null);
    }
}

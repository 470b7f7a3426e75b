using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Contracts.Payments;
using NeoBay.Grants.Payments;
using NeoBay.Policy;

namespace NeoBay.Functions.Http.Payments;

/// <summary>Records → the API's shapes (money in yuan with two decimals at this edge only; account numbers masked).</summary>
public static class PaymentsJson
{
    public static PayeeView View(PayeeAccount a) =>
        new(a.Uscc, a.AccountName, a.Bank, a.Branch, a.MaskedNumber, a.Cnaps, new ProofRef(a.ProofApplicationId, a.ProofDocumentId), a.Status, a.Version, a.SubmittedAt,
            a.VerifiedAt, a.Reason, a.HttpETag);

    public static BatchView View(BatchSummary b) => new(b.Id, b.FiscalYear, b.FundingLine, b.Status, b.Payees, b.Lines, Money.ToYuan(b.TotalFen), b.FileSha256);

    public static RunView View(PaymentRunReport r) => new(r.RunId, r.Status, r.StartedAt, r.Batches.Select(View).ToList());

    public static BatchDetailView View(BatchContent c) =>
        new(View(PaymentRunService.Summary(c.Batch)), c.Payees.OrderBy(p => p.Row).Select(p => new BatchRowView(p.Row, p.Uscc, p.AccountName, p.Bank, p.Branch,
            PayeeRules.Mask(p.AccountNumber), p.Cnaps, Money.ToYuan(p.AmountFen), p.LineCount, p.Result, p.PaidOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Reason)).ToList());

    public static ImportView View(ImportSummary s) =>
        new(View(s.Batch), s.PaidRows, Money.ToYuan(s.PaidFen), s.ReturnedRows, Money.ToYuan(s.ReturnedFen), s.PendingRows, s.Changed);

    public static ApiResult Json<T>(int status, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        ApiResult.FromJson(status, JsonSerializer.Serialize(value, type));

    /// <summary>The request's JSON body as <typeparamref name="T"/>, or a 400 problem naming what is wrong.</summary>
    public static async Task<(T? Value, ApiResult? Problem)> ReadAsync<T>(Microsoft.AspNetCore.Http.HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type,
        int maxBytes = BodySize.Small)
    {
        var (document, problem) = await RequestBody.ReadJsonAsync(request, maxBytes);
        if (problem is not null) return (default, problem);
        using var _ = document;
        try
        {
            return document!.RootElement.Deserialize(type) is { } value
                ? (value, null)
                : (default, Problems.Create(400, "InvalidBody.Object", request, "$"));
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            return (default, Problems.Create(400, "InvalidBody.Field", request, field, field));
        }
    }

    /// <summary>JSON rows → results; amounts in yuan with at most two decimals, dates yyyy-MM-dd.</summary>
    public static (IReadOnlyList<PaymentResultRow>? Rows, ApiResult? Problem) Rows(ResultsRequest request, Microsoft.AspNetCore.Http.HttpRequest http)
    {
        if (request.Results is not { Count: > 0 } results)
            return (null, Problems.Create(400, "ResultsRequired", http, "results"));
        var rows = new List<PaymentResultRow>();
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var field = $"results[{i}]";
            if (r.Row is not { } row || r.Amount is not { } amount || !Money.TryYuanToFen(amount, out var fen) || string.IsNullOrWhiteSpace(r.Result))
                return (null, Problems.Create(400, "InvalidResultRow.Fields", http, field, i + 1));
            DateOnly? paidOn = null;
            if (r.PaidOn is not null)
            {
                if (!DateOnly.TryParseExact(r.PaidOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return (null, Problems.Create(400, "InvalidResultRow.PaidOn", http, field + ".paidOn", i + 1));
                paidOn = date;
            }

            rows.Add(new PaymentResultRow(row, fen, r.Result.Trim(), paidOn, r.Reason));
        }

        return (rows, null);
    }
}

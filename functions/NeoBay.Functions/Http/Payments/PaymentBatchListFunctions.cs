using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Contracts.Payments;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Payments;

namespace NeoBay.Functions.Http.Payments;

/// <summary><c>GET /api/admin/payments/batches?status=&amp;fiscalYear=&amp;take=&amp;continuationToken=</c>: the batches of every run (the console's batches page).</summary>
public sealed class PaymentBatchListFunctions(IPaymentBatchListUseCase batches)
{
    [Function(nameof(ListPaymentBatches))]
    [RequireRoles(Roles.Admin)]
    public async Task<IActionResult> ListPaymentBatches(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/payments/batches")] HttpRequest req)
    {
        var take = ApplicationsFunctions.DefaultPageSize;
        if (req.Query.TryGetValue("take", out var takeText) && !int.TryParse(takeText, NumberStyles.None, CultureInfo.InvariantCulture, out take))
            return Problems.Create(StatusCodes.Status400BadRequest, "InvalidPageSize.Take", req, "take");
        int? fiscalYear = null;
        if (req.Query.TryGetValue("fiscalYear", out var yearText) && yearText.ToString().Length > 0)
        {
            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
                return Problems.Create(StatusCodes.Status400BadRequest, "InvalidValue.FiscalYear", req, "fiscalYear");
            fiscalYear = year;
        }

        var status = req.Query["status"].ToString() is { Length: > 0 } s ? s : null;
        var token = req.Query.TryGetValue("continuationToken", out var tokenText) ? tokenText.ToString() : null;
        var result = await batches.ListAsync(new BatchListQuery(status, fiscalYear), token, take, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var page = new PaymentBatchListPage(result.Value!.Items.Select(PaymentBatchListItem.From).ToList(), result.Value.ContinuationToken);
        return ApiResult.FromJson(StatusCodes.Status200OK, JsonSerializer.Serialize(page, PaymentBatchListJsonContext.Default.PaymentBatchListPage));
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Renewals;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Vouchers;

namespace NeoBay.Functions.Http;

/// <summary>A09.4 research-service vouchers: redeem against this year's quota; show a year's quota, used and left.</summary>
public sealed class VouchersFunctions(IVoucherUseCases vouchers, ILogger<VouchersFunctions> logger)
{
    /// <summary>
    /// <c>{serviceFee: yuan, provider, invoiceNo, grantId?, uscc?}</c> (<c>uscc</c>: an integrator's holder) → 201 with the amount paid
    /// (50% of the fee within what is left) and the quota after it.
    /// </summary>
    [Function(nameof(RedeemVoucher))]
    [RequireRoles(Roles.Applicant, Roles.Integrator)]
    public async Task<IActionResult> RedeemVoucher(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "vouchers/redemptions")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (document, problem) = await RequestBody.ReadJsonAsync(req, BodySize.Small);
        if (problem is not null) return problem;
        using var _ = document;
        var body = document!.RootElement;
        if (BodyFields.RefuseUnknown(body, req, ["serviceFee", "provider", "invoiceNo", "grantId", "uscc"]) is { } unknown) return unknown;
        var (fee, feeProblem) = RenewalsJson.Yuan(body, "serviceFee", req);
        if (feeProblem is not null) return feeProblem;
        string?[] texts = new string?[4];
        string[] names = ["provider", "invoiceNo", "grantId", "uscc"];
        for (var i = 0; i < names.Length; i++)
        {
            var (text, textProblem) = BodyFields.OptionalString(body, names[i], req);
            if (textProblem is not null) return textProblem;
            texts[i] = text;
        }

        var result = await vouchers.RedeemAsync(caller, new RedemptionCommand(fee, texts[0], texts[1], texts[2], texts[3]), req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        logger.LogInformation("Voucher {Grant} redeemed {Amount} fen for invoice {Invoice}", result.Value!.Redemption.GrantId, result.Value.Redemption.AmountFen, result.Value.Redemption.InvoiceKey);
        return ApiResult.Of(StatusCodes.Status201Created, RenewalMapper.ToResponse(result.Value!), RenewalsJsonContext.Default.RedemptionResponse);
    }

    /// <summary>The quota, used and left of a fiscal year (<c>?uscc=</c> for integrators, <c>?grantId=</c> when the holder has several).</summary>
    [Function(nameof(GetVoucherYear))]
    [RequireRoles(Roles.Applicant, Roles.Integrator)]
    public async Task<IActionResult> GetVoucherYear(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "vouchers/{fiscalYear:int}")] HttpRequest req, int fiscalYear)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var uscc = req.Query.TryGetValue("uscc", out var u) ? u.ToString() : null;
        var grantId = req.Query.TryGetValue("grantId", out var g) ? g.ToString() : null;
        var result = await vouchers.GetYearAsync(caller, fiscalYear, uscc, grantId, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        return ApiResult.Of(StatusCodes.Status200OK, RenewalMapper.ToResponse(result.Value!), RenewalsJsonContext.Default.VoucherYearResponse);
    }
}

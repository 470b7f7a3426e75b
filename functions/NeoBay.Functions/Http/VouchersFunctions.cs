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
        var (body, problem) = await ContractBody.ReadAsync(req, RenewalsJsonContext.Default.RedemptionRequest, RequestFields.Redemption);
        if (problem is not null) return problem;

        var command = new RedemptionCommand(ContractBody.Fen(body!.ServiceFee)!.Value, body.Provider, body.InvoiceNo, body.GrantId, body.Uscc);
        var result = await vouchers.RedeemAsync(caller, command, req.HttpContext.RequestAborted);
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

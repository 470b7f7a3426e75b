using NeoBay.Grants.Applications;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Policy;
using Polly;
using Polly.Retry;

namespace NeoBay.Grants.Vouchers;

/// <summary>A redemption request: the service fee (fen), the provider and its invoice number; the voucher grant when the holder has several.</summary>
public sealed record RedemptionCommand(long ServiceFeeFen, string? Provider, string? InvoiceNo, string? GrantId = null, string? Uscc = null);

/// <summary>One redemption (row <c>invoice-{sha256}</c> in the voucher grant's partition).</summary>
public sealed record RedemptionRecord(string GrantId, string InvoiceKey, string InvoiceNo, string Provider, int FiscalYear, long ServiceFeeFen, long AmountFen,
    DateTimeOffset RedeemedAt, string RedeemedBy);

/// <summary>A redemption paid, with the year's quota after it.</summary>
public sealed record RedemptionResult(RedemptionRecord Redemption, VoucherYear Year);

/// <summary>Storage of redemptions: one transaction per redemption in the voucher grant's partition.</summary>
public interface IVoucherStore
{
    Task<RedemptionRecord?> GetRedemptionAsync(string grantId, string invoiceKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Year row insert (no ETag) or replace (ETag), invoice row insert, ledger line insert: one transaction.
    /// <see cref="ConcurrencyConflictException"/> when another redemption got there first (re-read and decide again).
    /// </summary>
    Task RedeemAsync(VoucherYear year, RedemptionRecord redemption, LedgerLine line, CancellationToken cancellationToken = default);
}

/// <summary>A09.4 vouchers as the vouchers functions use them (<see cref="VoucherService"/>).</summary>
public interface IVoucherUseCases
{
    /// <summary>Redeems a service fee against this year's quota (rate × fee within what is left), once per invoice.</summary>
    Task<Result<RedemptionResult>> RedeemAsync(Caller caller, RedemptionCommand command, CancellationToken cancellationToken = default);

    /// <summary>The quota, used and left of a fiscal year; <paramref name="uscc"/> for integrators, <paramref name="grantId"/> when the holder has several.</summary>
    Task<Result<VoucherYear>> GetYearAsync(Caller caller, int fiscalYear, string? uscc = null, string? grantId = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// A09.4 研发服务券: redeem against this year's quota (rate × fee, within what is left; <see cref="VoucherRules"/>),
/// once per invoice number and holder; show a year's quota, used and left. The year row is replaced with its ETag, so
/// concurrent redemptions serialise and the sum paid never exceeds the quota.
/// </summary>
public sealed class VoucherService(IVoucherStore vouchers, IRenewalStore renewals, IGrantStore grants, IApplicationStore applications, PolicyCatalog catalog,
    TimeProvider clock, IBudgetCommitments? budget = null) : IVoucherUseCases
{
    public const int MaxTextLength = 200;

    // Many holders' staff may redeem at once against one quota: each lost race re-reads, so allow many short retries.
    private readonly ResiliencePipeline retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ConcurrencyConflictException>(),
            MaxRetryAttempts = 100,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(5),
            MaxDelay = TimeSpan.FromMilliseconds(200),
        })
        .Build();

    private MeasureDefinition Voucher => catalog.Measures.First(m => m.Kind == CalculationKind.Voucher);

    /// <summary>The invoice's key: sha256 of the number, trimmed and upper-cased, so "fp-001 " and "FP-001" are one invoice.</summary>
    public static string InvoiceKey(string invoiceNo) => Hashes.Sha256Hex(invoiceNo.Trim().ToUpperInvariant());

    public async Task<Result<RedemptionResult>> RedeemAsync(Caller caller, RedemptionCommand command, CancellationToken cancellationToken = default)
    {
        if (command.ServiceFeeFen <= 0)
            return new UseCaseError(ErrorKind.Validation, "NonPositiveServiceFee", "serviceFee");
        if (Text(command.Provider) is not { } provider)
            return new UseCaseError(ErrorKind.Validation, "ProviderRequired", "provider", [MaxTextLength]);
        if (Text(command.InvoiceNo) is not { } invoiceNo)
            return new UseCaseError(ErrorKind.Validation, "InvoiceNoRequired", "invoiceNo", [MaxTextLength]);
        var holder = await FindHolderAsync(caller, command.Uscc, command.GrantId, cancellationToken);
        if (!holder.IsSuccess) return holder.Error!;
        var grantId = holder.Value!;
        var key = InvoiceKey(invoiceNo);

        return await retry.ExecuteAsync(async ct =>
        {
            // A09.4 (reading): an invoice number is redeemed once per holder, whatever the year.
            if (await vouchers.GetRedemptionAsync(grantId, key, ct) is { } earlier)
            {
                // Counted once by event id: a redemption interrupted before its count is counted now (docs/budget.md).
                await CountAsync(RedemptionLine(grantId, earlier.FiscalYear, key, earlier.AmountFen, earlier.RedeemedAt), ct);
                return new UseCaseError(ErrorKind.Conflict, "InvoiceAlreadyRedeemed", "invoiceNo", [earlier.InvoiceNo, earlier.FiscalYear, Money.FormatYuan(earlier.AmountFen)]);
            }
            var now = clock.GetUtcNow();
            var fiscalYear = ChinaCalendar.FiscalYearOf(now);
            var year = await CurrentYearAsync(grantId, fiscalYear, ct);
            if (!year.IsSuccess) return year.Error!;
            var current = year.Value!;
            var kind = HolderKinds.ApplicantKindOf(current.HolderKind);
            var r = VoucherRules.Redeem(Voucher, kind, current.IsSme, command.ServiceFeeFen, current.UsedFen);
            var amount = Math.Min(r.AmountFen, current.LeftFen);
            if (r.Reason is { } reason || amount <= 0)
            {
                var refusal = r.Reason ?? Reasons.QuotaExhausted;
                return UseCaseError.Refused(refusal.Code == Reasons.NotVoucherHolder.Code ? ErrorKind.Forbidden : ErrorKind.Conflict, refusal, "serviceFee");
            }

            var redemption = new RedemptionRecord(grantId, key, invoiceNo, provider, fiscalYear, command.ServiceFeeFen, amount, now, caller.Subject);
            var line = RedemptionLine(grantId, fiscalYear, key, amount, now);
            var after = current with { UsedFen = current.UsedFen + amount };
            await vouchers.RedeemAsync(after, redemption, line, ct);
            await CountAsync(line, ct);
            return Result<RedemptionResult>.Ok(new RedemptionResult(redemption, after with { StorageETag = null }));
        }, cancellationToken);
    }

    private static LedgerLine RedemptionLine(string grantId, int fiscalYear, string invoiceKey, long amountFen, DateTimeOffset at) =>
        new(grantId, fiscalYear, "redemption-" + invoiceKey[..16], ScheduleTrigger.Approval, amountFen, LedgerStatus.Issued, null, true) { IssuedAt = at };

    private async Task CountAsync(LedgerLine redemption, CancellationToken cancellationToken)
    {
        if (budget is not null) await budget.RecordAsync([BudgetEvents.OfRedemption(Voucher.Code, redemption)], cancellationToken);
    }

    /// <summary>The quota, used and left of a fiscal year (the current one when null).</summary>
    public async Task<Result<VoucherYear>> GetYearAsync(Caller caller, int fiscalYear, string? uscc = null, string? grantId = null, CancellationToken cancellationToken = default)
    {
        var holder = await FindHolderAsync(caller, uscc, grantId, cancellationToken);
        if (!holder.IsSuccess) return holder.Error!;
        var year = await YearAsync(holder.Value!, fiscalYear, cancellationToken);
        return year.IsSuccess ? Result<VoucherYear>.Ok(year.Value! with { StorageETag = null }) : year.Error!;
    }

    private async Task<Result<VoucherYear>> CurrentYearAsync(string grantId, int fiscalYear, CancellationToken cancellationToken)
    {
        var year = await YearAsync(grantId, fiscalYear, cancellationToken);
        if (year.IsSuccess && year.Value!.Status != VoucherYear.Open)
            return new UseCaseError(ErrorKind.Conflict, "QuotaLapsed", "fiscalYear");
        return year;
    }

    /// <summary>The year row, or (before the first redemption) one made from the year's quota line; NotFound when the year has no quota.</summary>
    private async Task<Result<VoucherYear>> YearAsync(string grantId, int fiscalYear, CancellationToken cancellationToken)
    {
        var state = await renewals.ReadGrantAsync(grantId, cancellationToken);
        if (state is null) return UseCaseError.NotFound("NotFound.Voucher");
        if (state.Grant.Status == GrantStatuses.Revoked)
            return new UseCaseError(ErrorKind.Forbidden, "GrantRevoked");
        if (state.VoucherYears.FirstOrDefault(v => v.FiscalYear == fiscalYear) is { } row) return Result<VoucherYear>.Ok(row);
        var quota = state.Lines.FirstOrDefault(l => l.FiscalYear == fiscalYear && l.Component == RenewalPlanner.QuotaComponent);
        if (quota is null)
            return new UseCaseError(ErrorKind.NotFound, "QuotaNotIssued", "fiscalYear", [fiscalYear]);
        var application = await applications.GetAsync(state.Grant.ApplicationId, cancellationToken);
        if (application is null) return UseCaseError.NotFound("NotFound.Voucher");
        var applicant = application.Request.Applicant;
        return Result<VoucherYear>.Ok(new VoucherYear(grantId, fiscalYear, quota.AmountFen ?? 0, 0, RenewalPlanner.HolderKindName(applicant.Kind), applicant.IsSme)
        {
            Status = quota.Status == LedgerStatus.Lapsed ? VoucherYear.Lapsed : VoucherYear.Open,
        });
    }

    /// <summary>The caller's active voucher grant: an applicant's own, or an integrator's for a USCC it acts for.</summary>
    private async Task<Result<string>> FindHolderAsync(Caller caller, string? uscc, string? grantId, CancellationToken cancellationToken)
    {
        var holderUscc = caller.IsInRole(Roles.Applicant) && caller.Uscc is { } own ? own : uscc;
        if (holderUscc is null || !caller.CanSee(holderUscc))
            return UseCaseError.Refused(ErrorKind.Forbidden, Reasons.NotVoucherHolder, "uscc");
        var held = (await grants.ListByApplicantAsync(holderUscc, cancellationToken))
            .Where(g => g.Measure == Voucher.Code && g.Status == GrantStatuses.Active && (grantId is null || g.GrantId == grantId))
            .Select(g => g.GrantId).ToList();
        return held.Count switch
        {
            0 => UseCaseError.Refused(ErrorKind.Forbidden, Reasons.NotVoucherHolder),
            1 => Result<string>.Ok(held[0]),
            _ => new UseCaseError(ErrorKind.Validation, "GrantIdRequired", "grantId"),
        };
    }

    private static string? Text(string? value) => value?.Trim() is { Length: > 0 and <= MaxTextLength } t ? t : null;
}
